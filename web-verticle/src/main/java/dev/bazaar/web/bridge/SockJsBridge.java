package dev.bazaar.web.bridge;

import dev.bazaar.web.auth.TokenVerifier;
import dev.bazaar.web.edge.RateLimiter;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.sockjs.BridgeEvent;
import io.vertx.ext.web.handler.sockjs.SockJSBridgeOptions;
import io.vertx.ext.web.handler.sockjs.SockJSHandler;
import io.vertx.ext.web.handler.sockjs.SockJSHandlerOptions;

/**
 * The event bus bridge for browsers, mounted at {@value #PATH} on every web verticle: SockJS (a WebSocket, or HTTP
 * streaming or polling where a WebSocket cannot pass), carrying the same JSON frames as the TCP bridge, under the same
 * {@link BusGuard}. A storefront follows its customer's orders here, as {@code bazaar.customers.<id>.orders}.
 */
public final class SockJsBridge {

  public static final String PATH = "/eventbus";
  /** Each page follows a handful of addresses; far more from one socket is a client gone wrong. */
  static final int MOST_ADDRESSES_PER_SOCKET = 16;

  private SockJsBridge() {
  }

  /**
   * @param tokens  the web verticle's own verifier: the same keys, read once
   * @param limiter the process's shared limiter; null when nothing is rate-limited
   */
  public static Router router(Vertx vertx, TokenVerifier tokens, RateLimiter limiter) {
    BusGuard guard = new BusGuard(tokens, limiter);
    SockJSBridgeOptions options = BridgeRules.permitted(new SockJSBridgeOptions())
      .setMaxHandlersPerSocket(MOST_ADDRESSES_PER_SOCKET);
    // No session cookie: the bridge needs none, and it would be one more cookie for a browser to guard. Refusals are
    // written as the bridge writes its own frames, so a raw WebSocket client gets every frame in the same kind of message.
    return SockJSHandler.create(vertx, new SockJSHandlerOptions().setInsertJSESSIONID(false))
      .bridge(options, (BridgeEvent event) -> guard.judge(event, event.socket().remoteAddress().hostAddress(),
        refusal -> event.socket().write(refusal.toBuffer())));
  }
}
