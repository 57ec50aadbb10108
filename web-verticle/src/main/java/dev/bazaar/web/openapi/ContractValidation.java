package dev.bazaar.web.openapi;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RequestExtractor;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.validation.RequestValidator;

/**
 * Checks a request against its operation in the contract and leaves the typed result where handlers read it.
 *
 * <p>Workaround: this is what the router builder would run itself, but vertx-web-openapi-router 5.0.7 puts its
 * validation ahead of every handler a route is given, so a request would be validated, and its schema errors shown,
 * before access control, the rate limit and the 415 check could refuse it. The builder's validation is switched off
 * and this runs after those gates instead. It can go when the builder lets handlers run before its validation;
 * {@code OpenAPIRoute} in 5.1.3 still has no such hook.
 */
public final class ContractValidation implements Handler<RoutingContext> {

  private static final RequestExtractor EXTRACTOR = RequestExtractor.withBodyHandler();

  private final RequestValidator validator;
  private final Operation operation;

  public ContractValidation(RequestValidator validator, Operation operation) {
    this.validator = validator;
    this.operation = operation;
  }

  @Override
  public void handle(RoutingContext rc) {
    // Reading the request can throw before any future exists (a query string with a broken %-escape does): start
    // from a completed future so that such a throw becomes a failed validation, answered 400, like any other.
    Future.<Void>succeededFuture()
      .compose(start -> EXTRACTOR.extractValidatableRequest(rc, operation))
      .compose(request -> validator.validate(request, operation.getOperationId()))
      .onSuccess(validated -> {
        rc.put(RouterBuilder.KEY_META_DATA_VALIDATED_REQUEST, validated);
        rc.next();
      })
      .onFailure(invalid -> rc.fail(400, invalid));
  }
}
