package dev.bazaar.web;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * A client of an event bus bridge, as a program in another language would be one: over TCP, length-prefixed JSON
 * frames; over SockJS's raw WebSocket, one JSON frame per text message. Every frame the bridge sends is kept, in order,
 * for the test to look for.
 */
final class BridgeClient implements AutoCloseable {

  private final List<JsonObject> received = new CopyOnWriteArrayList<>();
  private final Consumer<JsonObject> framed;
  private final Consumer<Buffer> raw;
  private final Runnable closer;
  private final boolean answersPings;
  private volatile boolean closed;

  private BridgeClient(Consumer<JsonObject> framed, Consumer<Buffer> raw, Runnable closer, boolean answersPings) {
    this.framed = framed;
    this.raw = raw;
    this.closer = closer;
    this.answersPings = answersPings;
  }

  /** Over the TCP bridge: each frame is a 4-byte big-endian length, then that many bytes of JSON. */
  static BridgeClient tcp(Vertx vertx, int port) {
    NetClient client = vertx.createNetClient();
    NetSocket socket = client.connect(port, "localhost").await();
    BridgeClient bridge = new BridgeClient(frame -> socket.write(tcpFrame(frame.toBuffer())), socket::write, client::close, true);
    Buffer[] pending = {Buffer.buffer()};
    socket.handler(bytes -> {
      pending[0].appendBuffer(bytes);
      while (pending[0].length() >= 4 && pending[0].length() >= 4 + pending[0].getInt(0)) {
        int length = pending[0].getInt(0);
        bridge.received.add(new JsonObject(pending[0].getBuffer(4, 4 + length)));
        pending[0] = pending[0].getBuffer(4 + length, pending[0].length());
      }
    });
    socket.closeHandler(gone -> bridge.closed = true);
    return bridge;
  }

  /** Over the SockJS bridge's raw WebSocket at /eventbus/websocket: one frame per text message. */
  static BridgeClient sockJs(Vertx vertx, int port) {
    return sockJs(vertx, port, new WebSocketClientOptions(), new WebSocketConnectOptions());
  }

  /** The same, connecting from {@code localAddress} with {@code headers}, as a proxy in front of the shop would. */
  static BridgeClient sockJs(Vertx vertx, int port, String localAddress, String header, String value) {
    return sockJs(vertx, port, new WebSocketClientOptions().setLocalAddress(localAddress),
      new WebSocketConnectOptions().addHeader(header, value));
  }

  private static BridgeClient sockJs(Vertx vertx, int port, WebSocketClientOptions options, WebSocketConnectOptions connect) {
    WebSocketClient client = vertx.createWebSocketClient(options);
    WebSocket socket = client.connect(connect.setPort(port).setHost("localhost").setURI("/eventbus/websocket")).await();
    BridgeClient bridge = new BridgeClient(frame -> socket.writeTextMessage(frame.encode()),
      bytes -> socket.writeTextMessage(bytes.toString()), client::close, false);
    // The bridge writes its frames as binary messages over a raw WebSocket; SockJS's own framing would make them text.
    socket.binaryMessageHandler(bytes -> bridge.received.add(new JsonObject(bytes)));
    socket.textMessageHandler(text -> bridge.received.add(new JsonObject(text)));
    socket.closeHandler(gone -> bridge.closed = true);
    return bridge;
  }

  static Buffer tcpFrame(Buffer json) {
    return Buffer.buffer().appendInt(json.length()).appendBuffer(json);
  }

  /** Sends one frame as its transport frames it. */
  void send(JsonObject frame) {
    framed.accept(frame);
  }

  /** Sends bytes as they are: over TCP, framed or not; over SockJS, as one text message. */
  void sendRaw(Buffer bytes) {
    raw.accept(bytes);
  }

  /** Calls a service action and waits for its answer: a reply, or an error frame on the reply address. */
  JsonObject call(String address, String action, JsonObject body, String token) {
    String replyAddress = UUID.randomUUID().toString();
    send(new JsonObject().put("type", "send").put("address", address).put("replyAddress", replyAddress)
      .put("headers", headers(token).put("action", action)).put("body", body));
    return await(frame -> replyAddress.equals(frame.getString("address")), "the answer to " + address + " " + action);
  }

  /**
   * Asks to follow an address, and answers the refusal, or when there was none the answer to a frame sent after it: the
   * bridge answers a registration only to refuse it, and judges a connection's frames in order. That frame is a ping
   * where the bridge answers pings (TCP); the SockJS bridge does not, so there it is a catalog search.
   */
  JsonObject register(String address, String token) {
    int before = received.size();
    send(new JsonObject().put("type", "register").put("address", address).put("headers", headers(token)));
    JsonObject pong = answersPings ? ping()
      : call("bazaar.catalog", "search", new JsonObject().put("query", new JsonObject().put("size", 1)), null);
    List<JsonObject> since = received.subList(before, received.size());
    return since.stream().filter(frame -> "err".equals(frame.getString("type")) && address.equals(frame.getString("address")))
      .findFirst().orElse(pong);
  }

  /** Sends a ping and waits for a pong after it (TCP only: the SockJS bridge takes pings silently). */
  JsonObject ping() {
    int before = received.size();
    send(new JsonObject().put("type", "ping"));
    return awaitAfter(before, frame -> "pong".equals(frame.getString("type")), "a pong");
  }

  JsonObject await(Predicate<JsonObject> wanted, String what) {
    return awaitAfter(0, wanted, what);
  }

  /** Every frame so far that matches, once at least {@code count} of them arrived. */
  List<JsonObject> awaitAll(Predicate<JsonObject> wanted, int count, String what) {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(15));
    while (true) {
      List<JsonObject> matching = new ArrayList<>(received.stream().filter(wanted).toList());
      if (matching.size() >= count) {
        return matching;
      }
      if (Instant.now().isAfter(deadline)) {
        return fail("waited 15 s for " + count + " of " + what + "; got " + received);
      }
      LockSupport.parkNanos(5_000_000);
    }
  }

  private JsonObject awaitAfter(int from, Predicate<JsonObject> wanted, String what) {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(15));
    while (true) {
      for (int i = from; i < received.size(); i++) {
        if (wanted.test(received.get(i))) {
          return received.get(i);
        }
      }
      if (Instant.now().isAfter(deadline) || closed) {
        return fail((closed ? "the bridge closed the connection" : "waited 15 s") + " for " + what + "; got " + received);
      }
      LockSupport.parkNanos(2_000_000);
    }
  }

  List<JsonObject> received() {
    return List.copyOf(received);
  }

  boolean isClosed() {
    return closed;
  }

  static JsonObject headers(String token) {
    return token == null ? new JsonObject() : new JsonObject().put("authorization", "Bearer " + token);
  }

  /** Whether a frame delivers a message: a reply or an event ("message" over TCP, "rec" over SockJS). */
  static boolean isMessage(JsonObject frame) {
    return "message".equals(frame.getString("type")) || "rec".equals(frame.getString("type"));
  }

  /** Asserts that a frame is the bridge's refusal with this code. */
  static void assertRefused(JsonObject frame, int code) {
    assertThat(frame.getString("type")).as("%s is an error frame", frame).isEqualTo("err");
    assertThat(frame.getString("failureType")).as("%s", frame).isEqualTo("REFUSED");
    assertThat(frame.getInteger("failureCode")).as("%s", frame).isEqualTo(code);
    assertThat(frame.getString("message")).as("%s gives a reason", frame).isNotBlank();
  }

  @Override
  public void close() {
    closer.run();
  }
}
