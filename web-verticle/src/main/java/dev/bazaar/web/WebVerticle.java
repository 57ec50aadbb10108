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
import io.vertx.ext.web.openapi.router.RequestExtractor;
import io.vertx.ext.web.openapi.router.RouterBuilder;

import java.util.Set;

/**
 * The public REST API. Every request passes the edge (timeout, security headers, CORS, a 64 KiB body limit, access
 * control from the contract's security rules, a per-client rate limit, JSON only), is then checked against
 * {@code openapi.yaml}, and only then reaches a handler, which translates between HTTP and service proxies. Every
 * failure leaves as an RFC 9457 problem.
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
    RouterBuilder routes = RouterBuilder.create(vertx, ValidatorCache.around(contract.forValidation()),
      RequestExtractor.withBodyHandler());
    edge(routes, config, contract);

    new CatalogApi(catalog, new ReadCache(config.readCache().toMillis())).mount(routes);
    Readiness readiness = new Readiness(vertx);
    routes.getRoute("health").addHandler(Readiness::alive);
    routes.getRoute("ready").addHandler(readiness::ready);
    // Access control already ran as a root handler, with the contract's rules; the router must not run its own.
    routes.getRoutes().forEach(route -> route.setDoSecurity(false));

    Router router = routes.createRouter();
    router.get("/openapi.yaml").handler(rc -> rc.response().putHeader("Content-Type", "application/yaml").end(contract.document()));
    router.route().failureHandler(ProblemHandler::handle);
    router.errorHandler(404, ProblemHandler::handle);
    router.errorHandler(405, ProblemHandler::handle);
    return router;
  }

  /** The handlers every request passes before the contract validates it, in the order they run. */
  private void edge(RouterBuilder routes, WebConfig config, ApiContract contract) {
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
    routes.rootHandler(new AccessControl(new TokenVerifier(vertx, config.auth()), contract.forValidation()));
    if (config.rateLimited()) {
      routes.rootHandler(new RateLimit(sharedRateLimiter(config)));
    }
    routes.rootHandler(ContentTypeCheck::handle);
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
