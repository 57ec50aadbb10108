package dev.bazaar.web.bridge;

import dev.bazaar.web.WebVerticle;
import dev.bazaar.web.bridge.BusGuard.Admitted;
import dev.bazaar.web.edge.ClientAddress;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetSocket;
import io.vertx.ext.bridge.BridgeEventType;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One client's connection to the TCP event bus bridge, speaking vertx-tcp-eventbus-bridge's protocol (send, register,
 * unregister, ping; see {@link BridgeVerticle}): each frame is read by a bounded {@link FrameReader}, judged by the
 * {@link BusGuard}, and what passes is done here. The library itself cannot be used behind those checks: in 5.0.7 it
 * reads every socket with its own unbounded parser and takes no socket from outside, and it adds a consumer per repeated
 * {@code register} while removing only the last. So the connection keeps one registration per address, at most
 * {@value #MOST_ADDRESSES}, each ended when the token it was made with expires.
 */
final class TcpConnection {

  /** As on the SockJS bridge. */
  static final int MOST_ADDRESSES = SockJsBridge.MOST_ADDRESSES_PER_SOCKET;

  private static final Map<String, BridgeEventType> TYPES = Map.of("send", BridgeEventType.SEND,
    "publish", BridgeEventType.PUBLISH, "register", BridgeEventType.REGISTER, "unregister", BridgeEventType.UNREGISTER,
    "ping", BridgeEventType.SOCKET_PING);
  private static final JsonObject PONG = new JsonObject().put("type", "pong");

  private final Vertx vertx;
  private final NetSocket socket;
  private final BusGuard guard;
  /** A TCP client reaches the bridge directly (no proxy can add headers to its frames): keyed by its peer, IPv6 by /64. */
  private static final ClientAddress DIRECT = new ClientAddress(List.of());

  private final String client;
  private final Map<String, Registration> registrations = new HashMap<>();

  /** A followed address: its consumer, and the timer that ends it when its token expires (-1: none). */
  private record Registration(MessageConsumer<Object> consumer, long expiryTimer) {
  }

  TcpConnection(Vertx vertx, NetSocket socket, BusGuard guard) {
    this.vertx = vertx;
    this.socket = socket;
    this.guard = guard;
    this.client = DIRECT.of(socket.remoteAddress(), MultiMap.caseInsensitiveMultiMap());
  }

  void start() {
    socket.handler(new FrameReader(WebVerticle.BODY_LIMIT, this::read, this::tooLarge));
    socket.closeHandler(closed -> List.copyOf(registrations.keySet()).forEach(this::unregister));
  }

  private void read(Buffer bytes) {
    JsonObject frame;
    try {
      frame = new JsonObject(bytes);
    } catch (DecodeException | ClassCastException notAnObject) {
      write(Refusal.malformed("A frame must be a JSON object.").frame(null));
      return;
    }
    BridgeEventType type = frame.getValue("type") instanceof String name ? TYPES.get(name) : null;
    if (type == null) {
      write(Refusal.malformed("A frame's type is send, register, unregister or ping.").frame(null));
      return;
    }
    guard.admit(type, frame, client)
      .onSuccess(admitted -> act(type, frame, admitted))
      .onFailure(refused -> write(BusGuard.refusalOf(refused, frame)));
  }

  private void act(BridgeEventType type, JsonObject frame, Admitted admitted) {
    switch (type) {
      case SEND -> call(frame);
      case REGISTER -> register(frame.getString("address"), admitted);
      case UNREGISTER -> {
        if (frame.getValue("address") instanceof String address) {
          unregister(address);
        }
      }
      case SOCKET_PING -> write(PONG);
      // The guard lets no publish through.
      default -> throw new IllegalStateException("no frame of type " + type + " passes the guard");
    }
  }

  private void call(JsonObject frame) {
    Object replyAddress = frame.getValue("replyAddress");
    BridgeCalls.call(vertx, frame.getString("address"), frame.getJsonObject("headers").getString(BridgeCalls.ACTION),
        frame.getValue("body"))
      .onComplete(answer -> {
        if (replyAddress instanceof String reply) {
          write(answer.succeeded() ? message(reply, answer.result())
            : BridgeCalls.errorFrame(reply, (ReplyException) answer.cause()));
        }
      });
  }

  private void register(String address, Admitted admitted) {
    if (registrations.containsKey(address)) {
      write(new Refusal(409, "This connection already follows that address.").frame(address));
      return;
    }
    if (registrations.size() >= MOST_ADDRESSES) {
      write(new Refusal(409, "A connection follows at most " + MOST_ADDRESSES + " addresses.").frame(address));
      return;
    }
    MessageConsumer<Object> consumer = vertx.eventBus().consumer(address, event -> write(message(address, event)));
    long expiryTimer = admitted.tokenExpiry() == null ? -1 : vertx.setTimer(admitted.millisToExpiry(), fired -> expired(address));
    registrations.put(address, new Registration(consumer, expiryTimer));
  }

  /** The client must register again with a fresh token to go on following the address. */
  private void expired(String address) {
    unregister(address);
    write(Refusal.tokenExpired().frame(address));
  }

  private void unregister(String address) {
    Registration registration = registrations.remove(address);
    if (registration != null) {
      registration.consumer().unregister();
      vertx.cancelTimer(registration.expiryTimer());
    }
  }

  private void tooLarge(int length) {
    write(new Refusal(413, "A frame may be at most " + WebVerticle.BODY_LIMIT / 1024 + " KiB; this one said "
      + Integer.toUnsignedString(length) + " bytes. The connection is closed.").frame(null));
    socket.close();
  }

  private static JsonObject message(String address, Message<Object> message) {
    return new JsonObject().put("type", "message").put("address", address).put("body", message.body());
  }

  /**
   * Writes a frame of this bridge's framing. While the client does not read what it is sent, nothing more is read from
   * it: it cannot make the node queue answers without end. (A client that reads nothing at all goes silent, and the
   * idle timeout closes it.)
   */
  private void write(JsonObject frame) {
    Buffer json = frame.toBuffer();
    socket.write(Buffer.buffer(4 + json.length()).appendInt(json.length()).appendBuffer(json));
    if (socket.writeQueueFull()) {
      socket.pause();
      socket.drainHandler(drained -> socket.resume());
    }
  }
}
