package dev.bazaar.web;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RequestExtractor;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.validation.RequestValidator;

/**
 * Checks a request against its operation in the contract and leaves the typed result where handlers read it. It is
 * what the router builder would run itself; running it here lets access control go first.
 */
final class ContractValidation implements Handler<RoutingContext> {

  private static final RequestExtractor EXTRACTOR = RequestExtractor.withBodyHandler();

  private final RequestValidator validator;
  private final Operation operation;

  ContractValidation(RequestValidator validator, Operation operation) {
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
