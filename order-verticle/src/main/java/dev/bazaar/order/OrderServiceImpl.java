package dev.bazaar.order;

import dev.bazaar.contracts.ErrorCode;
import dev.bazaar.contracts.Event;
import dev.bazaar.contracts.Money;
import dev.bazaar.contracts.catalog.CatalogService;
import dev.bazaar.contracts.catalog.Product;
import dev.bazaar.contracts.order.Order;
import dev.bazaar.contracts.order.OrderItem;
import dev.bazaar.contracts.order.OrderLine;
import dev.bazaar.contracts.order.OrderPage;
import dev.bazaar.contracts.order.OrderQuote;
import dev.bazaar.contracts.order.OrderQuoteRequest;
import dev.bazaar.contracts.order.OrderRequest;
import dev.bazaar.contracts.order.OrderSearch;
import dev.bazaar.contracts.order.OrderService;
import dev.bazaar.contracts.payment.PaymentService;
import dev.bazaar.contracts.shipping.Shipment;
import dev.bazaar.contracts.shipping.ShippingService;
import dev.bazaar.order.OrderRepository.Key;
import dev.bazaar.platform.AddressRules;
import dev.bazaar.platform.Identifiers;
import dev.bazaar.platform.MoneyRules;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.serviceproxy.ServiceException;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The order service's rules: who may see and change which order, and what placing answers, once, under each
 * idempotency key. Placing itself is the {@link CheckoutSaga}; cancelling and refunding are {@link AfterSales}.
 */
public class OrderServiceImpl implements OrderService {

  private static final int MAX_PAGE_SIZE = 100;

  private final OrderRepository orders;
  private final CheckoutSaga saga;
  private final AfterSales afterSales;
  private final CatalogService catalog;
  private final PaymentService payments;
  private final ShippingService shipping;
  private final OrderPrices prices;

  OrderServiceImpl(OrderRepository orders, CheckoutSaga saga, AfterSales afterSales, CatalogService catalog,
                   PaymentService payments, ShippingService shipping, OrderPrices prices) {
    this.orders = orders;
    this.saga = saga;
    this.afterSales = afterSales;
    this.catalog = catalog;
    this.payments = payments;
    this.shipping = shipping;
    this.prices = prices;
  }

  @Override
  public Future<Void> ping() {
    return orders.ping();
  }

  @Override
  public Future<Order> place(String customerId, String idempotencyKey, String fingerprint, OrderRequest request) {
    Optional<String> unusable = OrderRules.keyViolation(idempotencyKey).or(() -> OrderRules.violation(request));
    if (unusable.isPresent()) {
      return ErrorCode.INVALID_INPUT.fail(unusable.get());
    }
    request.setLines(OrderRules.merged(request.getLines()));
    return Identifiers.valid("customerId", customerId).compose(valid -> {
      Order pending = saga.pending(UUID.randomUUID(), customerId, request);
      Future<Void> admitted = knownPaymentMethod(customerId, request.getPaymentMethodId());
      return saga.place(pending, orders.open(pending, idempotencyKey, fingerprint, admitted))
        .recover(failure -> {
          if (failure instanceof CheckoutSaga.KeyUsed used) {
            return answer(used.key(), fingerprint);
          }
          return failure instanceof CheckoutSaga.Lost
            ? replay(customerId, idempotencyKey, fingerprint)
            : unanswered(failure, "The order could not be finished now; it will be. Ask again with the"
              + " same Idempotency-Key to learn how it ended.");
        });
    });
  }

  /**
   * A call to another service that did not answer (a timeout, no instance) is not the caller's fault nor our bug: it
   * becomes UPSTREAM_FAILED with {@code meaning}, instead of a bare failure that a client would see as a 500.
   * Refusals the services gave keep their codes.
   */
  private static <T> Future<T> unanswered(Throwable failure, String meaning) {
    return failure instanceof ServiceException ? Future.failedFuture(failure) : ErrorCode.UPSTREAM_FAILED.fail(meaning);
  }

  /** A payment method of someone else is refused exactly like one that does not exist, before any stock is held. */
  private Future<Void> knownPaymentMethod(String customerId, String paymentMethodId) {
    return payments.paymentMethod(customerId, paymentMethodId).<Void>mapEmpty()
      .recover(failure -> ErrorCode.NOT_FOUND.matches(failure)
        ? ErrorCode.INVALID_INPUT.fail(failure.getMessage())
        : Future.failedFuture(failure));
  }

  @Override
  public Future<Order> replay(String customerId, String idempotencyKey, String fingerprint) {
    return orders.findKey(customerId, idempotencyKey).compose(key -> key == null
      ? ErrorCode.NOT_FOUND.fail("Nothing was placed under this Idempotency-Key yet.")
      : answer(key, fingerprint));
  }

  /**
   * What placing under a key used before answers: the first answer, if it is the same request and it is done. It is
   * also what a placing answers whose saga stalled and was taken over: the order is the new driver's to end, and the
   * customer is told how it ended, or that it is still being placed, never a reason of a driver that no longer decides.
   */
  private Future<Order> answer(Key key, String fingerprint) {
    if (!key.fingerprint().equals(fingerprint)) {
      return ErrorCode.IDEMPOTENCY_KEY_REUSED.fail("This Idempotency-Key was used for another request.");
    }
    JsonObject outcome = key.outcome();
    if (outcome == null) {
      return ErrorCode.CONFLICT.fail("The order under this Idempotency-Key is still being placed; ask again shortly.");
    }
    if (outcome.containsKey("order")) {
      return Future.succeededFuture(new Order(outcome.getJsonObject("order")));
    }
    return ErrorCode.of(outcome.getInteger("code")).orElse(ErrorCode.UPSTREAM_FAILED).fail(outcome.getString("message"));
  }

  @Override
  public Future<OrderQuote> quote(OrderQuoteRequest request) {
    Optional<String> unusable = request == null ? Optional.of("A quote needs lines and a country.")
      : OrderRules.linesViolation(request.getLines()).or(() -> AddressRules.countryViolation(request.getCountry()));
    if (unusable.isPresent()) {
      return ErrorCode.INVALID_INPUT.fail(unusable.get());
    }
    List<OrderItem> lines = OrderRules.merged(request.getLines());
    return catalog.products(lines.stream().map(OrderItem::getProductId).toList())
      .compose(products -> priced(lines, products))
      .compose(quote -> shipping.quote(request.getCountry(), quote.getWeightGrams())
        .compose(parcel -> totalled(quote, parcel.getPrice())))
      .recover(failure -> unanswered(failure, "The catalog or shipping did not answer. Try again shortly."));
  }

  private Future<OrderQuote> priced(List<OrderItem> lines, List<Product> products) {
    OrderQuote quote = new OrderQuote();
    int weight = 0;
    for (int i = 0; i < lines.size(); i++) {
      Product product = products.get(i);
      if (!product.isActive()) {
        return ErrorCode.CONFLICT.fail("Product " + product.getId() + " is no longer on sale.");
      }
      Optional<String> foreign = prices.foreignPrice(product.getId(), product.getPrice());
      if (foreign.isPresent()) {
        return ErrorCode.CONFLICT.fail(foreign.get());
      }
      int quantity = lines.get(i).getQuantity();
      Money price = product.getPrice();
      quote.getLines().add(new OrderLine().setProductId(product.getId()).setQuantity(quantity).setUnitPrice(price)
        .setLineTotal(price.times(quantity)));
      weight += product.getWeightGrams() * quantity;
    }
    return Future.succeededFuture(quote.setItemsSubtotal(prices.sum(quote.getLines().stream().map(OrderLine::getLineTotal)))
      .setWeightGrams(weight));
  }

  private Future<OrderQuote> totalled(OrderQuote quote, Money shipping) {
    Optional<String> foreign = prices.foreignShipping(shipping);
    if (foreign.isPresent()) {
      return ErrorCode.UPSTREAM_FAILED.fail(foreign.get());
    }
    return Future.succeededFuture(quote.setShipping(shipping).setTotal(quote.getItemsSubtotal().plus(shipping)));
  }

  @Override
  public Future<Order> get(String customerId, String orderId) {
    return owned(customerId, orderId);
  }

  @Override
  public Future<OrderPage> list(String customerId, int page, int size) {
    return Identifiers.valid("customerId", customerId)
      .compose(valid -> validPage(page, size))
      .compose(valid -> orders.page(customerId, null, page, Math.min(size, MAX_PAGE_SIZE)));
  }

  @Override
  public Future<OrderPage> search(OrderSearch search) {
    OrderSearch query = search == null ? new OrderSearch() : search;
    return validPage(query.getPage(), query.getSize())
      .compose(valid -> orders.page(query.getCustomerId(), query.getStatus(), query.getPage(),
        Math.min(query.getSize(), MAX_PAGE_SIZE)));
  }

  @Override
  public Future<Order> cancel(String customerId, String orderId) {
    return owned(customerId, orderId).compose(afterSales::cancel)
      .recover(failure -> unanswered(failure, "The order could not be cancelled now; it will be. Ask again to learn how "
        + "it ended."));
  }

  @Override
  public Future<Shipment> shipment(String customerId, String orderId) {
    return owned(customerId, orderId).compose(order -> order.getTrackingNumber() == null
      ? ErrorCode.NOT_FOUND.fail("Order " + orderId + " has no shipment.")
      : shipping.get(orderId)
        .recover(failure -> unanswered(failure, "Shipping did not answer. Try again shortly.")));
  }

  @Override
  public Future<Order> refund(String orderId, String refundId, Money amount) {
    if (amount != null) {
      Optional<String> badAmount = MoneyRules.violation("amount", amount, 1, Long.MAX_VALUE / 2);
      if (badAmount.isPresent()) {
        return ErrorCode.INVALID_INPUT.fail(badAmount.get());
      }
    }
    return Identifiers.valid("refundId", refundId)
      .compose(valid -> existing(orderId))
      .compose(order -> afterSales.refund(order, refundId, amount))
      .recover(failure -> unanswered(failure, "The refund could not be finished now. Ask again with the same refund id."));
  }

  @Override
  public Future<List<Event>> events(long afterPosition, int limit) {
    return orders.events(afterPosition, limit);
  }

  // ---- helpers

  /** The customer's order; someone else's is NOT_FOUND, exactly like one that does not exist. */
  private Future<Order> owned(String customerId, String orderId) {
    return Identifiers.valid("customerId", customerId)
      .compose(valid -> existing(orderId))
      .compose(order -> order.getCustomerId().equals(customerId)
        ? Future.succeededFuture(order)
        : ErrorCode.NOT_FOUND.fail("There is no order " + orderId + "."));
  }

  private Future<Order> existing(String orderId) {
    UUID id;
    try {
      id = UUID.fromString(orderId);
    } catch (IllegalArgumentException | NullPointerException notAnId) {
      return ErrorCode.NOT_FOUND.fail("There is no order " + orderId + ".");
    }
    return orders.find(id).compose(order -> order != null
      ? Future.succeededFuture(order)
      : ErrorCode.NOT_FOUND.fail("There is no order " + orderId + "."));
  }

  private static Future<Void> validPage(int page, int size) {
    return page < 1 || page > 1_000_000 || size < 1
      ? ErrorCode.INVALID_INPUT.fail("page must be 1 to 1000000 and size at least 1.")
      : Future.succeededFuture();
  }
}
