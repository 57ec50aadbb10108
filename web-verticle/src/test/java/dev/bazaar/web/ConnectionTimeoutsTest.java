package dev.bazaar.web;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A connection cannot be held forever: a first request head that trickles in is cut off at the header timeout, a next
 * one on a kept-alive connection, or a connection with nothing to say, at the idle timeout, while an event stream that
 * writes its heartbeats stays open. Raw sockets, so that the test controls every byte and sees the close.
 */
@ExtendWith(VertxExtension.class)
class ConnectionTimeoutsTest {

  private static final Duration HEADER_TIMEOUT = Duration.ofSeconds(2);
  /** Above the feed's 15 s heartbeat, as it must be in production, so that the stream test can outlast it. */
  private static final Duration STREAM_IDLE_TIMEOUT = Duration.ofSeconds(16);
  private static final Duration SHORT_IDLE_TIMEOUT = Duration.ofSeconds(2);
  private static final String REQUEST = "GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n";
  private static final String SLOW_HEAD = "GET /health HTTP/1.1\r\nHost: localhost\r\nX-Slowly: " + "a".repeat(60) + "\r\n\r\n";

  private static Vertx vertx;
  private static TestShop shop;
  /** The header timeout far above the idle timeout, so that only the idle timeout can close a kept-alive connection. */
  private static int quietPort;

  @BeforeAll
  static void start(Vertx v) {
    vertx = v;
    shop = TestShop.start(vertx, new JsonObject()
      .put("headerTimeoutMillis", HEADER_TIMEOUT.toMillis())
      .put("idleTimeoutMillis", STREAM_IDLE_TIMEOUT.toMillis()));
    quietPort = shop.startWeb(new JsonObject()
      .put("headerTimeoutMillis", 60_000)
      .put("idleTimeoutMillis", SHORT_IDLE_TIMEOUT.toMillis())
      .put("requestTimeoutMillis", 1_000)).port();
  }

  @AfterAll
  static void stop() {
    shop.close();
  }

  @Test
  void aHeadSentAByteASecondIsCutOffAtTheHeaderTimeoutWhileOthersAreServed() throws IOException {
    try (Socket socket = new Socket("127.0.0.1", shop.port)) {
      Instant opened = Instant.now();
      Duration closedAfter = trickleUntilClosed(socket, () ->
        assertThat(shop.http.get("/health").send().await().statusCode()).as("another client meanwhile").isEqualTo(200));

      assertThat(closedAfter).as("closed at the header timeout, though a byte came every second")
        .isBetween(HEADER_TIMEOUT.minusMillis(500), HEADER_TIMEOUT.plusSeconds(2));
      assertThat(Duration.between(opened, Instant.now())).isLessThan(STREAM_IDLE_TIMEOUT);
    }
  }

  @Test
  void theNextHeadOnAKeptAliveConnectionIsCutOffAtTheIdleTimeoutThoughItsBytesKeepComing() throws IOException {
    try (Socket socket = new Socket("127.0.0.1", quietPort)) {
      socket.getOutputStream().write(REQUEST.getBytes(StandardCharsets.US_ASCII));
      assertThat(readResponse(socket)).startsWith("HTTP/1.1 200");

      assertThat(trickleUntilClosed(socket, () -> { }))
        .isBetween(SHORT_IDLE_TIMEOUT.minusMillis(500), SHORT_IDLE_TIMEOUT.plusSeconds(2));
    }
  }

  @Test
  void aQuietKeptAliveConnectionIsClosedAtTheIdleTimeout() throws IOException {
    try (Socket socket = new Socket("127.0.0.1", quietPort)) {
      socket.getOutputStream().write(REQUEST.getBytes(StandardCharsets.US_ASCII));
      assertThat(readResponse(socket)).startsWith("HTTP/1.1 200");
      Instant answered = Instant.now();

      socket.setSoTimeout(20_000);
      assertThat(socket.getInputStream().read()).as("the server closed the connection").isEqualTo(-1);
      assertThat(Duration.between(answered, Instant.now()))
        .isBetween(SHORT_IDLE_TIMEOUT.minusMillis(500), SHORT_IDLE_TIMEOUT.plusSeconds(2));
    }
  }

  @Test
  void anEventStreamOutlivesTheIdleTimeoutOnItsHeartbeats() {
    try (FeedClient feed = FeedClient.connect(vertx, shop.port, shop.token("idle-" + System.nanoTime(), "customer"), null)) {
      assertThat(feed.response().statusCode()).isEqualTo(200);
      Instant deadline = Instant.now().plus(STREAM_IDLE_TIMEOUT).plusSeconds(2);
      while (Instant.now().isBefore(deadline) && !feed.closed()) {
        LockSupport.parkNanos(50_000_000);
      }

      assertThat(feed.closed()).as("the stream is still open past the idle timeout").isFalse();
      assertThat(feed.lines()).as("kept open by its heartbeats").contains(": keep-alive");
    }
  }

  /**
   * Sends {@link #SLOW_HEAD} a byte a second, running {@code meanwhile} after the first, until the server closes the
   * connection; answers how long that took from the first byte.
   */
  private static Duration trickleUntilClosed(Socket socket, Runnable meanwhile) throws IOException {
    socket.setSoTimeout(1_000);
    Instant first = Instant.now();
    byte[] head = SLOW_HEAD.getBytes(StandardCharsets.US_ASCII);
    for (int i = 0; i < head.length; i++) {
      try {
        socket.getOutputStream().write(head[i]);
        socket.getOutputStream().flush();
        if (i == 0) {
          meanwhile.run();
        }
        if (socket.getInputStream().read() == -1) {
          return Duration.between(first, Instant.now());
        }
        throw new AssertionError("the server answered a head it had not fully received");
      } catch (SocketTimeoutException stillOpen) {
        // a second went by with the connection open: send the next byte
      } catch (IOException closed) {
        return Duration.between(first, Instant.now());
      }
    }
    throw new AssertionError("the whole slow head was sent without the server closing the connection");
  }

  /** Reads one response with a Content-Length body, as its status line, headers and body. */
  private static String readResponse(Socket socket) throws IOException {
    socket.setSoTimeout(5_000);
    InputStream in = socket.getInputStream();
    ByteArrayOutputStream read = new ByteArrayOutputStream();
    while (!read.toString(StandardCharsets.US_ASCII).contains("\r\n\r\n")) {
      int b = in.read();
      assertThat(b).as("a whole response head").isNotEqualTo(-1);
      read.write(b);
    }
    String head = read.toString(StandardCharsets.US_ASCII);
    int length = head.lines().filter(line -> line.toLowerCase().startsWith("content-length:"))
      .mapToInt(line -> Integer.parseInt(line.substring(15).trim())).findFirst().orElse(0);
    return head + new String(in.readNBytes(length), StandardCharsets.US_ASCII);
  }
}
