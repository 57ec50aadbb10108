package dev.bazaar.web;

import dev.bazaar.contracts.catalog.CatalogService;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.openapi.router.RequestExtractor;
import io.vertx.ext.web.openapi.router.RouterBuilder;

/**
 * The public REST API. Every request is checked against {@code openapi.yaml} before a handler sees it; handlers only
 * translate between HTTP and service proxies; every failure leaves as an RFC 9457 problem.
 */
public class WebVerticle extends VerticleBase {

  static final int BODY_LIMIT = 64 * 1024;

  private HttpServer server;

  @Override
  public Future<?> start() {
    WebConfig config = WebConfig.from(config());
    DeliveryOptions calls = new DeliveryOptions().setSendTimeout(config.serviceTimeout().toMillis());
    CatalogService catalog = CatalogService.createProxy(vertx, calls);

    return ApiContract.load(vertx)
      .map(contract -> router(contract, catalog))
      .compose(router -> vertx.createHttpServer().requestHandler(router).listen(config.httpPort()))
      .onSuccess(listening -> server = listening);
  }

  /** The port this verticle listens on; useful when it was asked for port 0. */
  public int actualPort() {
    return server.actualPort();
  }

  private Router router(ApiContract contract, CatalogService catalog) {
    RouterBuilder routes = RouterBuilder.create(vertx, contract.forValidation(), RequestExtractor.withBodyHandler())
      .rootHandler(BodyHandler.create(false).setBodyLimit(BODY_LIMIT))
      .rootHandler(ContentTypeCheck::handle);

    new CatalogApi(catalog).mount(routes);
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
}
