package dev.bazaar.web.bridge;

import dev.bazaar.web.auth.TokenVerifier;
import dev.bazaar.web.bridge.BusGuard.Admitted;
import dev.bazaar.web.edge.ClientAddress;
import dev.bazaar.web.edge.RateLimiter;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.bridge.BridgeEventType;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.sockjs.BridgeEvent;
import io.vertx.ext.web.handler.sockjs.SockJSBridgeOptions;
import io.vertx.ext.web.handler.sockjs.SockJSHandler;
import io.vertx.ext.web.handler.sockjs.SockJSHandlerOptions;
import io.vertx.ext.web.handler.sockjs.SockJSSocket;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The event bus bridge for browsers, mounted at {@value #PATH} on every web verticle: SockJS (a WebSocket, or HTTP
 * streaming or polling where a WebSocket cannot pass), carrying the same JSON frames as the TCP bridge, under the same
 * {@link BusGuard}. A storefront follows its customer's orders here, as {@code bazaar.customers.<id>.orders}.
 *
 * <p>vertx-web keeps the socket's registrations and offers no way to end one from outside, so when the token a
 * registration was made with expires, the socket is closed, after an error frame saying why: the page reconnects with
 * a fresh token. Calls go through {@link BridgeCalls#GATEWAY}, so that a failure reaches the page as REST would tell it.
 */
public final class SockJsBridge {

  public static final String PATH = "/eventbus";
  /** Each page follows a handful of addresses; far more from one socket is a client gone wrong. */
  static final int MOST_ADDRESSES_PER_SOCKET = 16;
  /** Longer than the gateway's own call, so that the page gets the gateway's answer rather than the bridge's timeout. */
  private static final long REPLY_TIMEOUT_MILLIS = DeliveryOptions.DEFAULT_TIMEOUT + 5_000;

  /** A third of the default idle timeout, so a quiet page's socket is never taken for a dead connection. */
  private static final long HEARTBEAT_MILLIS = 10_000;

  private final Vertx vertx;
  private final BusGuard guard;
  private final ClientAddress clients;
  /** The timers that close each socket when a token it registered with expires; each web verticle's own event loop. */
  private final Map<SockJSSocket, List<Long>> expiries = new HashMap<>();

  private SockJsBridge(Vertx vertx, BusGuard guard, ClientAddress clients) {
    this.vertx = vertx;
    this.guard = guard;
    this.clients = clients;
  }

  /**
   * @param tokens  the web verticle's own verifier: the same keys, read once
   * @param limiter the process's shared limiter; null when nothing is rate-limited
   * @param clients who a socket's client is, behind a trusted proxy too, so REST and the bridge count the same client
   */
  public static Router router(Vertx vertx, TokenVerifier tokens, RateLimiter limiter, ClientAddress clients) {
    SockJsBridge bridge = new SockJsBridge(vertx, new BusGuard(tokens, limiter), clients);
    SockJSBridgeOptions options = BridgeRules.permitted(new SockJSBridgeOptions())
      .setMaxHandlersPerSocket(MOST_ADDRESSES_PER_SOCKET)
      .setReplyTimeout(REPLY_TIMEOUT_MILLIS);
    // No session cookie: the bridge needs none, and it would be one more cookie for a browser to guard.
    return SockJSHandler.create(vertx, new SockJSHandlerOptions().setInsertJSESSIONID(false)
        .setHeartbeatInterval(HEARTBEAT_MILLIS))
      .bridge(options, bridge::judge);
  }

  private void judge(BridgeEvent event) {
    JsonObject frame = event.getRawMessage();
    if (event.type() == BridgeEventType.SOCKET_CLOSED) {
      forget(event.socket());
    }
    guard.admit(event.type(), frame, clients.of(event.socket().remoteAddress(), event.socket().headers()))
      .onSuccess(admitted -> {
        passed(event, frame, admitted);
        event.complete(true);
      })
      .onFailure(refused -> {
        // Written as the bridge writes its own frames, so a raw WebSocket client gets every frame in the same kind of
        // message. Failing the event, rather than completing it with false, keeps the bridge from adding a reasonless
        // error frame of its own to ours.
        event.socket().write(BusGuard.refusalOf(refused, frame).toBuffer());
        event.fail(refused.getMessage());
      });
  }

  private void passed(BridgeEvent event, JsonObject frame, Admitted admitted) {
    if (event.type() == BridgeEventType.SEND) {
      BridgeCalls.throughGateway(frame);
    } else if (event.type() == BridgeEventType.REGISTER && admitted.tokenExpiry() != null) {
      closeAt(event.socket(), frame.getString("address"), admitted.millisToExpiry());
    }
  }

  private void closeAt(SockJSSocket socket, String address, long millis) {
    long timer = vertx.setTimer(millis, fired -> {
      forget(socket);
      socket.write(Refusal.tokenExpired().frame(address).toBuffer());
      socket.close();
    });
    expiries.computeIfAbsent(socket, open -> new ArrayList<>()).add(timer);
  }

  private void forget(SockJSSocket socket) {
    List<Long> timers = expiries.remove(socket);
    if (timers != null) {
      timers.forEach(vertx::cancelTimer);
    }
  }
}
