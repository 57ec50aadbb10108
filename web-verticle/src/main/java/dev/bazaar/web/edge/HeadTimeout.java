package dev.bazaar.web.edge;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.PlatformHandler;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Closes a connection whose next request head has not fully arrived in time: a new connection has the header timeout
 * to send its first request line and headers, and a kept-alive one, from when its last answer was sent, the idle
 * timeout to send its next. Without it a client that sends its headers a byte every few seconds (slowloris) holds its
 * connection forever, since each byte keeps the idle timeout away and the request timeout starts only once the head
 * has arrived and the request is routed. A kept-alive connection is given the longer wait because a quiet one is
 * the ordinary case, a client between two requests: closing it sooner than the idle timeout would only make more
 * clients race the close with their next request.
 *
 * <p>Workaround: Vert.x 5.0.7's {@code HttpServerOptions} bounds the TLS handshake and the PROXY protocol header, and
 * closes idle connections, but has no limit on a request head; so a timer is kept per connection here. It can go when
 * Vert.x can bound the head itself.
 *
 * <p>A platform handler, so that the router keeps it ahead of the security and body handlers.
 *
 * <p>One instance per web verticle instance: the connections it sees and the requests routed to it all run on that
 * instance's event loop, so its map needs no lock.
 */
public final class HeadTimeout implements PlatformHandler {

  private final Vertx vertx;
  private final long firstHeadMillis;
  private final long nextHeadMillis;
  private final Map<HttpConnection, Waiting> connections = new HashMap<>();

  /**
   * @param firstHead how long a new connection has for its first request head
   * @param nextHead  how long a kept-alive connection has for its next one, from its last answer
   */
  public HeadTimeout(Vertx vertx, Duration firstHead, Duration nextHead) {
    this.vertx = vertx;
    this.firstHeadMillis = firstHead.toMillis();
    this.nextHeadMillis = nextHead.toMillis();
  }

  /** The server's connection handler: a new connection's first head is timed from here. */
  public void opened(HttpConnection connection) {
    Waiting waiting = new Waiting(connection);
    connections.put(connection, waiting);
    connection.closeHandler(closed -> connections.remove(connection).stopTimer());
    waiting.startTimer(firstHeadMillis);
  }

  /** A root handler: the head is in; once this request is answered, the next head is timed. */
  @Override
  public void handle(RoutingContext rc) {
    Waiting waiting = connections.get(rc.request().connection());
    if (waiting != null) {
      waiting.requestArrived();
      rc.addEndHandler(answered -> waiting.requestAnswered());
    }
    rc.next();
  }

  /** A connection, the requests it has in progress, and the timer that runs while it has none. */
  private final class Waiting {

    private final HttpConnection connection;
    private int inProgress;
    private long timer = -1;

    Waiting(HttpConnection connection) {
      this.connection = connection;
    }

    void requestArrived() {
      inProgress++;
      stopTimer();
    }

    void requestAnswered() {
      if (--inProgress == 0) {
        startTimer(nextHeadMillis);
      }
    }

    void startTimer(long millis) {
      stopTimer();
      timer = vertx.setTimer(millis, expired -> connection.close());
    }

    void stopTimer() {
      if (timer >= 0) {
        vertx.cancelTimer(timer);
        timer = -1;
      }
    }
  }
}
