package dev.bazaar.web;

import dev.bazaar.contracts.catalog.CatalogService;
import dev.bazaar.web.auth.AccessControl;
import dev.bazaar.web.auth.TokenVerifier;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.CorsHandler;
import io.vertx.ext.web.handler.TimeoutHandler;
import io.vertx.ext.web.openapi.router.OpenAPIRoute;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.validation.RequestValidator;

import java.util.Set;

/**
 * The public REST API. Every request passes the edge (timeout, security headers, CORS, a 64 KiB body limit); then, on
 * the route of its operation: access control from the contract's security rules, a per-client rate limit, JSON only,
 * and validation against {@code openapi.yaml}. Only then does a handler see it, to translate between HTTP and service
 * proxies. Every failure leaves as an RFC 9457 problem.
 */
public class WebVerticle extends VerticleBase {

  static final int BODY_LIMIT = 64 * 1024;
  private static final long FORGET_IDLE_CLIENTS_MILLIS = 60_000;

  private HttpServer server;

  @Override
  public Future<?> start() {
    WebConfig config = WebConfig.from(config());
    CatalogService catalog = CatalogService.createProxy(vertx,
      new DeliveryOptions().setSendTimeout(config.serviceTimeout().toMillis()));

    return ApiContract.load(vertx)
      .map(contract -> router(config, contract, catalog))
      .compose(router -> vertx.createHttpServer(serverOptions(config)).requestHandler(router).listen(config.httpPort()))
      .onSuccess(listening -> server = listening);
  }

  /** The port this verticle listens on; useful when it was asked for port 0. */
  public int actualPort() {
    return server.actualPort();
  }

  private Router router(WebConfig config, ApiContract contract, CatalogService catalog) {
    OpenAPIContract validated = ValidatorCache.around(contract.forValidation());
    RouterBuilder routes = RouterBuilder.create(vertx, validated);
    edge(routes, config);
    guardEveryOperation(routes, config, RequestValidator.create(vertx, validated));

    ReadCache reads = new ReadCache(config.readCache().toMillis());
    if (reads.enabled()) {
      vertx.setPeriodic(Math.max(1_000, config.readCache().toMillis()), tick -> reads.evictExpired());
    }
    new CatalogApi(vertx, catalog, reads).mount(routes);
    Readiness readiness = new Readiness(vertx);
    routes.getRoute("health").addHandler(Readiness::alive);
    routes.getRoute("ready").addHandler(readiness::ready);

    Router router = routes.createRouter();
    router.get("/openapi.yaml").handler(rc -> rc.response().putHeader("Content-Type", "application/yaml").end(contract.document()));
    router.route().failureHandler(ProblemHandler::handle);
    router.errorHandler(404, ProblemHandler::handle);
    router.errorHandler(405, ProblemHandler::handle);
    return router;
  }

  /** The handlers every request passes before it is routed, in the order they run. */
  private void edge(RouterBuilder routes, WebConfig config) {
    routes.rootHandler(TimeoutHandler.create(config.requestTimeout().toMillis(), 503));
    routes.rootHandler(new SecurityHeaders(config.tls() != null));
    if (!config.corsOrigins().isEmpty()) {
      routes.rootHandler(CorsHandler.create()
        .addOrigins(config.corsOrigins())
        .allowedMethods(Set.of(HttpMethod.GET, HttpMethod.POST, HttpMethod.PUT, HttpMethod.DELETE))
        .allowedHeaders(Set.of("Authorization", "Content-Type"))
        .exposedHeaders(Set.of("Location", "Retry-After"))
        .maxAgeSeconds(600));
    }
    routes.rootHandler(BodyHandler.create(false).setBodyLimit(BODY_LIMIT));
  }

  /**
   * The gates on each operation's own route, in the order they run, ahead of its handler. The router builder's own
   * security and validation are off: these replace them, so that who may call comes before what was sent.
   */
  private void guardEveryOperation(RouterBuilder routes, WebConfig config, RequestValidator validator) {
    AccessControl access = new AccessControl(new TokenVerifier(vertx, config.auth()));
    RateLimit rateLimit = config.rateLimited() ? new RateLimit(sharedRateLimiter(config)) : null;
    for (OpenAPIRoute route : routes.getRoutes()) {
      route.setDoSecurity(false).setDoValidation(false);
      if (rateLimit != null) {
        route.addHandler(rateLimit::beforeAccessControl);
      }
      route.addHandler(access.forOperation(route.getOperation()));
      if (rateLimit != null) {
        route.addHandler(rateLimit);
      }
      route.addHandler(ContentTypeCheck::handle);
      route.addHandler(new ContractValidation(validator, route.getOperation()));
    }
  }

  private RateLimiter sharedRateLimiter(WebConfig config) {
    RateLimiter fresh = new RateLimiter(config.ratePerSecond(), config.rateBurst());
    RateLimiter existing = vertx.sharedData().<String, RateLimiter>getLocalMap("bazaar.web").putIfAbsent("rateLimiter", fresh);
    RateLimiter limiter = existing != null ? existing : fresh;
    vertx.setPeriodic(FORGET_IDLE_CLIENTS_MILLIS, tick -> limiter.forgetIdle(System.nanoTime()));
    return limiter;
  }

  private static HttpServerOptions serverOptions(WebConfig config) {
    HttpServerOptions options = new HttpServerOptions();
    if (config.tls() != null) {
      options.setSsl(true).setKeyCertOptions(new PemKeyCertOptions()
        .setCertPath(config.tls().certPath())
        .setKeyPath(config.tls().keyPath()));
    }
    return options;
  }
}
