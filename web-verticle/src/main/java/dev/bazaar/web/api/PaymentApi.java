package dev.bazaar.web.api;

import dev.bazaar.contracts.payment.Card;
import dev.bazaar.contracts.payment.PaymentMethod;
import dev.bazaar.contracts.payment.PaymentService;
import dev.bazaar.web.auth.Caller;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;

import java.util.Map;

import static dev.bazaar.web.api.Requests.body;
import static dev.bazaar.web.api.Requests.pathParam;

/**
 * The payment endpoints a customer uses: exchanging a card for a payment method, and reading one back. The card goes
 * straight from the validated body to the payment service; this class never keeps, logs or returns any of it.
 */
public final class PaymentApi implements ServiceApi {

  static final String PAYMENT_METHODS_PATH = "/api/v1/payment-methods/";

  private final PaymentService payments;

  public PaymentApi(ServiceCalls calls) {
    this.payments = calls.proxy(PaymentService.class, PaymentService.NAME, PaymentService::createProxy);
  }

  @Override
  public Map<String, String> calledServices() {
    return Map.of(PaymentService.NAME, PaymentService.ADDRESS);
  }

  @Override
  public void mount(RouterBuilder routes) {
    routes.getRoute("createPaymentMethod").addHandler(this::create);
    routes.getRoute("getPaymentMethod").addHandler(this::get);
  }

  private void create(RoutingContext rc) {
    Responses.created(rc, payments.tokenize(Caller.of(rc).subject(), new Card(body(rc))),
      method -> PAYMENT_METHODS_PATH + method.getId(), PaymentMethod::toJson);
  }

  private void get(RoutingContext rc) {
    Responses.json(rc, 200, payments.paymentMethod(Caller.of(rc).subject(), pathParam(rc, "id")).map(PaymentMethod::toJson));
  }
}
