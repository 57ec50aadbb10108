package dev.bazaar.web.bridge;

import dev.bazaar.web.WebConfig;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.shareddata.LocalMap;

import java.util.concurrent.TimeUnit;

/**
 * What the event bus bridges need once per process, whatever the number of web verticle instances: the relays of each
 * customer's events to their own address and of the public view of the catalog, the gateway of the SockJS bridges'
 * calls ({@link BridgeCalls}), and, when a bridge port is configured, the TCP event bus bridge for clients in other
 * languages: vertx-tcp-eventbus-bridge's protocol (a 4-byte big-endian length, then that many bytes of JSON), spoken by
 * a {@link TcpConnection} per client on a server of our own, so that it binds the configured interface, closes
 * connections left idle, and speaks TLS with the HTTPS certificate when there is one. Every frame it reads passes the
 * {@link BusGuard}. The SockJS bridge for browsers is on each web verticle's router instead.
 *
 * <p>The first web verticle instance to start deploys it, as a child of the web deployment: it is undeployed with it.
 */
public final class BridgeVerticle extends VerticleBase {

  private static final String CLAIMS = "bazaar.web.bridge";
  private static final String RUNNING = "running";

  private NetServer tcp;

  /** Deploys the process's bridge verticle unless another web verticle instance of this process already has. */
  public static Future<?> deployOnce(Vertx vertx, JsonObject webConfig) {
    if (claims(vertx).putIfAbsent(RUNNING, true) != null) {
      return Future.succeededFuture();
    }
    return vertx.deployVerticle(new BridgeVerticle(), new DeploymentOptions().setConfig(webConfig))
      .onFailure(failed -> claims(vertx).remove(RUNNING));
  }

  @Override
  public Future<?> start() {
    WebConfig config = WebConfig.from(config());
    return Future.all(new CustomerEventRelay(vertx).start(), new PublicCatalogRelay(vertx).start(),
        BridgeCalls.serveGateway(vertx))
      .compose(relaying -> config.bridgePort() == null ? Future.succeededFuture() : openTcpBridge(config));
  }

  @Override
  public Future<?> stop() {
    claims(vertx).remove(RUNNING);
    return tcp == null ? Future.succeededFuture() : tcp.close();
  }

  private Future<?> openTcpBridge(WebConfig config) {
    BusGuard guard = BusGuard.of(vertx, config);
    NetServerOptions options = new NetServerOptions()
      .setHost(config.bridgeHost())
      .setPort(config.bridgePort())
      .setIdleTimeout(Math.toIntExact(config.bridgeIdle().toMillis()))
      .setIdleTimeoutUnit(TimeUnit.MILLISECONDS);
    if (config.tls() != null) {
      options.setSsl(true).setKeyCertOptions(config.tls().keyCertOptions());
    }
    return vertx.createNetServer(options)
      .connectHandler(socket -> new TcpConnection(vertx, socket, guard).start())
      .listen()
      .onSuccess(listening -> tcp = listening)
      .recover(failure -> Future.failedFuture(new BridgeUnavailable("cannot open the event bus bridge on port "
        + config.bridgePort() + " of " + config.bridgeHost() + " (" + failure.getMessage() + ")")));
  }

  private static LocalMap<String, Boolean> claims(Vertx vertx) {
    return vertx.sharedData().getLocalMap(CLAIMS);
  }

  /** The bridge's port could not be opened; the message says which and why, for the start-up's one line. */
  public static final class BridgeUnavailable extends RuntimeException {

    BridgeUnavailable(String message) {
      super(message, null, false, false);
    }
  }
}
