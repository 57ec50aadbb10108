package dev.bazaar.web.api;

import dev.bazaar.contracts.Address;
import dev.bazaar.contracts.ErrorCode;
import dev.bazaar.contracts.Money;
import dev.bazaar.contracts.order.Order;
import dev.bazaar.contracts.order.OrderItem;
import dev.bazaar.contracts.order.OrderPage;
import dev.bazaar.contracts.order.OrderQuote;
import dev.bazaar.contracts.order.OrderQuoteRequest;
import dev.bazaar.contracts.order.OrderRequest;
import dev.bazaar.contracts.order.OrderSearch;
import dev.bazaar.contracts.order.OrderService;
import dev.bazaar.contracts.order.OrderStatus;
import dev.bazaar.contracts.payment.Card;
import dev.bazaar.contracts.payment.PaymentService;
import dev.bazaar.web.auth.Caller;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.openapi.validation.RequestParameter;

import java.util.List;
import java.util.Map;

import static dev.bazaar.web.api.Requests.body;
import static dev.bazaar.web.api.Requests.intOr;
import static dev.bazaar.web.api.Requests.pathParam;
import static dev.bazaar.web.api.Requests.query;

/**
 * The order endpoints. Placing an order with a card exchanges the card for a payment method here, through the payment
 * service, so that the order service never sees a card number; and a request already placed under its idempotency key
 * is answered from there without exchanging the card again.
 */
public final class OrderApi implements ServiceApi {

  static final String ORDERS_PATH = "/api/v1/orders/";

  private final OrderService orders;
  private final PaymentService payments;

  /**
   * @param calls for the payment service
   * @param sagas for the order service, whose operations call other services in turn
   */
  public OrderApi(ServiceCalls calls, ServiceCalls sagas) {
    this.orders = sagas.proxy(OrderService.class, OrderService.NAME, OrderService::createProxy);
    this.payments = calls.proxy(PaymentService.class, PaymentService.NAME, PaymentService::createProxy);
  }

  @Override
  public Map<String, String> calledServices() {
    return Map.of(OrderService.NAME, OrderService.ADDRESS, PaymentService.NAME, PaymentService.ADDRESS);
  }

  @Override
  public void mount(RouterBuilder routes) {
    routes.getRoute("createOrder").addHandler(this::place);
    routes.getRoute("quoteOrder").addHandler(this::quote);
    routes.getRoute("listOrders").addHandler(this::list);
    routes.getRoute("getOrder").addHandler(this::get);
    routes.getRoute("cancelOrder").addHandler(this::cancel);
    routes.getRoute("getOrderShipment").addHandler(this::shipment);
    routes.getRoute("searchOrders").addHandler(this::search);
    routes.getRoute("refundOrder").addHandler(this::refund);
  }

  /**
   * Placing answers a key used before by itself. Only an order paid by card asks first, so that a repeated request
   * does not exchange its card for a second payment method.
   */
  private void place(RoutingContext rc) {
    String customer = Caller.of(rc).subject();
    String key = rc.request().getHeader("Idempotency-Key");
    JsonObject body = body(rc);
    String fingerprint = RequestFingerprint.of(body);
    JsonObject payment = body.getJsonObject("payment");
    Future<Order> placed = !payment.containsKey("card")
      ? orders.place(customer, key, fingerprint, orderRequest(body, payment.getString("paymentMethod")))
      : orders.replay(customer, key, fingerprint)
        .recover(notPlacedYet -> ErrorCode.NOT_FOUND.matches(notPlacedYet)
          ? payments.tokenize(customer, new Card(payment.getJsonObject("card")))
            .compose(method -> orders.place(customer, key, fingerprint, orderRequest(body, method.getId())))
          : Future.failedFuture(notPlacedYet));
    Responses.created(rc, placed, order -> ORDERS_PATH + order.getId(), Order::toJson);
  }

  private static OrderRequest orderRequest(JsonObject body, String paymentMethodId) {
    return new OrderRequest()
      .setLines(items(body.getJsonArray("lines")))
      .setShippingAddress(new Address(body.getJsonObject("shippingAddress")))
      .setPaymentMethodId(paymentMethodId);
  }

  private void quote(RoutingContext rc) {
    JsonObject body = body(rc);
    OrderQuoteRequest request = new OrderQuoteRequest().setLines(items(body.getJsonArray("lines")))
      .setCountry(body.getString("country"));
    Responses.json(rc, 200, orders.quote(request).map(OrderQuote::toJson));
  }

  private void list(RoutingContext rc) {
    Responses.json(rc, 200, orders.list(Caller.of(rc).subject(), intOr(query(rc, "page"), 1), intOr(query(rc, "size"), 20))
      .map(OrderPage::toJson));
  }

  private void get(RoutingContext rc) {
    Responses.json(rc, 200, orders.get(Caller.of(rc).subject(), pathParam(rc, "orderId")).map(Order::toJson));
  }

  private void cancel(RoutingContext rc) {
    Responses.json(rc, 200, orders.cancel(Caller.of(rc).subject(), pathParam(rc, "orderId")).map(Order::toJson));
  }

  private void shipment(RoutingContext rc) {
    Responses.json(rc, 200, orders.shipment(Caller.of(rc).subject(), pathParam(rc, "orderId")).map(shipment -> shipment.toJson()));
  }

  private void search(RoutingContext rc) {
    RequestParameter status = query(rc, "status");
    RequestParameter customer = query(rc, "customer");
    OrderSearch search = new OrderSearch()
      .setStatus(status == null ? null : OrderStatus.valueOf(status.getString()))
      .setCustomerId(customer == null ? null : customer.getString())
      .setPage(intOr(query(rc, "page"), 1))
      .setSize(intOr(query(rc, "size"), 20));
    Responses.json(rc, 200, orders.search(search).map(OrderPage::toJson));
  }

  private void refund(RoutingContext rc) {
    JsonObject amount = body(rc).getJsonObject("amount");
    Responses.json(rc, 200, orders.refund(pathParam(rc, "orderId"), rc.request().getHeader("Idempotency-Key"),
      amount == null ? null : new Money(amount)).map(Order::toJson));
  }

  private static List<OrderItem> items(JsonArray lines) {
    return lines.stream().map(JsonObject.class::cast).map(OrderItem::new).toList();
  }
}
