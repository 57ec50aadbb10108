package dev.bazaar.web;

import dev.bazaar.web.api.CatalogApi;
import dev.bazaar.web.api.NotificationApi;
import dev.bazaar.web.api.OperationsApi;
import dev.bazaar.web.api.OrderApi;
import dev.bazaar.web.api.PaymentApi;
import dev.bazaar.web.api.ServiceApi;
import dev.bazaar.web.api.ServiceCalls;
import dev.bazaar.web.api.ShippingApi;
import dev.bazaar.web.auth.AccessControl;
import dev.bazaar.web.auth.TokenVerifier;
import dev.bazaar.web.bridge.BridgeVerticle;
import dev.bazaar.web.bridge.SockJsBridge;
import dev.bazaar.web.edge.ClientAddress;
import dev.bazaar.web.edge.ContentTypeCheck;
import dev.bazaar.web.edge.HeadTimeout;
import dev.bazaar.web.edge.HttpMethods;
import dev.bazaar.web.edge.InvalidRequests;
import dev.bazaar.web.edge.ProblemHandler;
import dev.bazaar.web.edge.RateLimit;
import dev.bazaar.web.edge.RateLimiter;
import dev.bazaar.web.edge.RequestBodies;
import dev.bazaar.web.edge.RequestTimeout;
import dev.bazaar.web.edge.SecurityHeaders;
import dev.bazaar.web.openapi.ApiContract;
import dev.bazaar.web.openapi.ContractValidation;
import dev.bazaar.web.storefront.Storefront;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.CorsHandler;
import io.vertx.ext.web.openapi.router.OpenAPIRoute;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.openapi.validation.RequestValidator;

import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The public REST API. A connection is closed when it goes idle or is slow to send a request's head. Every request
 * passes the edge (a timeout, which event streams are spared, security headers, CORS, a 64 KiB body limit); then, on
 * the route of its operation: access control from the contract's security rules, a per-client rate limit, JSON only,
 * and validation against {@code openapi.yaml}. Only then does a service's API class see it, to translate between HTTP
 * and that service's proxy. Every failure leaves as an RFC 9457 problem.
 *
 * <p>Beside the API: the storefront page at {@code /}, and the event bus bridges for clients outside the JVM, SockJS
 * at {@code /eventbus} on this router and TCP on its own port ({@link BridgeVerticle}), under the same tokens, roles and
 * rate as the API.
 */
public class WebVerticle extends VerticleBase {

  public static final int BODY_LIMIT = 64 * 1024;
  /** How many times a call that went unanswered is made: the bus may send each attempt to another instance. */
  static final int CALL_ATTEMPTS = 3;

  private HttpServer server;
  private WebConfig config;
  private List<ServiceApi> apis = List.of();

  @Override
  public Future<?> start() {
    config = WebConfig.from(config());
    HttpServerOptions options = serverOptions(config);
    SecurityHeaders securityHeaders = new SecurityHeaders(config.tls() != null);
    HeadTimeout headTimeout = new HeadTimeout(vertx, config.headerTimeout(), config.idleTimeout());
    TokenVerifier tokens = new TokenVerifier(vertx, config.auth());
    return tokens.ready()
      .compose(keys -> BridgeVerticle.deployOnce(vertx, config()))
      .compose(bridges -> ApiContract.load(vertx))
      .map(contract -> router(config, contract, securityHeaders, headTimeout, tokens))
      .compose(router -> vertx.createHttpServer(options)
        .connectionHandler(headTimeout::opened)
        .requestHandler(router)
        .invalidRequestHandler(new InvalidRequests(options, securityHeaders)::answer)
        .listen(config.httpPort()))
      .onSuccess(listening -> server = listening);
  }

  /**
   * Takes no new connections, lets the requests in progress finish (none may take longer than the request timeout),
   * then closes the connections. Open event streams are ended first, since they would never finish by themselves;
   * their clients reconnect with their last event id, to another node if there is one.
   */
  @Override
  public Future<?> stop() {
    apis.forEach(ServiceApi::close);
    return server == null ? Future.succeededFuture() : server.shutdown(config.requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
  }

  /** The port this verticle listens on; useful when it was asked for port 0. */
  public int actualPort() {
    return server.actualPort();
  }

  /** One API class per service; adding a service to the REST API is one more entry here. */
  private List<ServiceApi> serviceApis(WebConfig config) {
    ServiceCalls calls = new ServiceCalls(vertx, config.serviceTimeout(), CALL_ATTEMPTS);
    // Placing, cancelling or refunding an order is a saga of calls, each with its own timeout and retries: the order
    // service is given the whole request's time to finish it, so a slow step does not turn a placed order into a 503.
    ServiceCalls sagas = calls.takingTheWholeRequest(config.requestTimeout());
    return List.of(
      new CatalogApi(calls, config.readCache()),
      new PaymentApi(calls),
      new ShippingApi(calls),
      new OrderApi(calls, sagas),
      new NotificationApi(calls, config.feeds()));
  }

  private Router router(WebConfig config, ApiContract contract, SecurityHeaders securityHeaders, HeadTimeout headTimeout,
                        TokenVerifier tokens) {
    RouterBuilder routes = RouterBuilder.create(vertx, contract.forValidation());
    edge(routes, config, contract, securityHeaders, headTimeout);
    RateLimiter limiter = RateLimiter.sharedIn(vertx, config.rateLimit());
    ClientAddress clients = new ClientAddress(config.trustedProxies());
    RateLimit rateLimit = limiter == null ? null : new RateLimit(limiter, clients, tokens);
    int gates = guardEveryOperation(routes, tokens, rateLimit, RequestValidator.create(vertx, contract.forValidation()));

    apis = serviceApis(config);
    apis.forEach(api -> api.mount(routes));
    new OperationsApi(vertx, contract.document(), apis).mount(routes);
    requireEveryOperationMounted(routes, gates);

    Router router = routes.createRouter();
    router.route(SockJsBridge.PATH + "/*").subRouter(SockJsBridge.router(vertx, tokens, limiter, clients));
    Storefront.mount(router);
    HttpMethods.answerHeadLikeGet(router);
    router.route().failureHandler(ProblemHandler::handle);
    router.errorHandler(404, ProblemHandler::handle);
    router.errorHandler(405, HttpMethods.notAllowed(contract.forValidation()));
    return router;
  }

  /** The handlers every request passes before it is routed, in the order they run. */
  private void edge(RouterBuilder routes, WebConfig config, ApiContract contract, SecurityHeaders securityHeaders,
                    HeadTimeout headTimeout) {
    routes.rootHandler(headTimeout);
    routes.rootHandler(new RequestTimeout(config.requestTimeout(), contract.forValidation(), contract.streams()));
    routes.rootHandler(securityHeaders);
    if (!config.corsOrigins().isEmpty()) {
      routes.rootHandler(CorsHandler.create()
        .addOrigins(config.corsOrigins())
        .allowedMethods(Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.POST, HttpMethod.PUT, HttpMethod.DELETE))
        .allowedHeaders(Set.of("Authorization", "Content-Type", "Idempotency-Key"))
        .exposedHeaders(Set.of("Location", "Retry-After"))
        .maxAgeSeconds(600));
    }
    routes.rootHandler(new RequestBodies(BODY_LIMIT));
  }

  /**
   * The gates on each operation's own route, in the order they run, ahead of its handler: who may call comes before
   * what was sent. The router builder's own security and validation are off, because it would validate before any
   * handler of ours could run (see {@link ContractValidation}). Returns how many gates each operation got.
   */
  private int guardEveryOperation(RouterBuilder routes, TokenVerifier tokens, RateLimit rateLimit,
                                  RequestValidator validator) {
    AccessControl access = new AccessControl(tokens);
    int gates = 0;
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
      gates = route.getHandlers().size();
    }
    return gates;
  }

  /** An operation in the contract that no API class serves is a mistake to catch at start, not a 503 at run time. */
  private static void requireEveryOperationMounted(RouterBuilder routes, int gates) {
    for (OpenAPIRoute route : routes.getRoutes()) {
      if (route.getHandlers().size() <= gates) {
        throw new IllegalStateException("no API serves operation " + route.getOperation().getOperationId());
      }
    }
  }

  private static HttpServerOptions serverOptions(WebConfig config) {
    // Heartbeats keep event streams and bridge sockets inside the idle timeout; anything else that goes quiet is closed.
    // No cleartext HTTP/2: nothing here speaks it, and while it is on Vert.x 5.0.7 opens a connection (and calls the
    // connection handler that starts the head timeout) only once the first request head has been read, to see
    // whether it asks for an upgrade.
    HttpServerOptions options = new HttpServerOptions()
      .setIdleTimeout(Math.toIntExact(config.idleTimeout().toMillis()))
      .setIdleTimeoutUnit(TimeUnit.MILLISECONDS)
      .setHttp2ClearTextEnabled(false);
    if (config.tls() != null) {
      options.setSsl(true).setKeyCertOptions(config.tls().keyCertOptions());
    }
    return options;
  }
}
