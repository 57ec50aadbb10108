package dev.bazaar.order;

import dev.bazaar.contracts.ErrorCode;
import dev.bazaar.contracts.Money;
import dev.bazaar.contracts.catalog.CatalogService;
import dev.bazaar.contracts.catalog.ReservationLine;
import dev.bazaar.contracts.order.Order;
import dev.bazaar.contracts.order.OrderStatus;
import dev.bazaar.contracts.payment.Payment;
import dev.bazaar.contracts.payment.PaymentService;
import dev.bazaar.contracts.payment.PaymentStatus;
import dev.bazaar.contracts.shipping.ShippingService;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.serviceproxy.ServiceException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The checkout saga: how an order is placed, one step at a time, each step's outcome stored before the next begins.
 * <pre>
 *   PENDING ─reserve─► STOCK_RESERVED ─quote─► PRICED ─authorize─► PAYMENT_AUTHORIZED ─ship─► SHIPMENT_CREATED
 *           ─commit and capture─► CONFIRMED
 * </pre>
 * A step the order's request cannot pass (no stock, a declined card) ends it REJECTED or PAYMENT_DECLINED; a step
 * that fails ends it FAILED. Either way everything done before is undone first: the shipment cancelled, the payment
 * voided or refunded, the stock released or returned. Every call is idempotent by the order's id, so a call retried
 * after a timeout, or a saga resumed after a crash, never does anything twice.
 */
final class CheckoutSaga {

  private static final Logger LOG = LoggerFactory.getLogger(CheckoutSaga.class);

  private final OrderRepository orders;
  private final CatalogService catalog;
  private final PaymentService payments;
  private final ShippingService shipping;
  private final OrderPrices prices;
  private final SagaFaults faults;

  /** The services' proxies retry a call that went unanswered, and fail fast while a service is out (Downstream). */
  CheckoutSaga(OrderRepository orders, CatalogService catalog, PaymentService payments, ShippingService shipping,
               OrderPrices prices, SagaFaults faults) {
    this.orders = orders;
    this.catalog = catalog;
    this.payments = payments;
    this.shipping = shipping;
    this.prices = prices;
    this.faults = faults;
  }

  /** Places a PENDING order: the CONFIRMED order, or the failure that ended it. */
  Future<Order> place(Order pending) {
    return checkpoint(pending)
      .compose(this::reserveStock)
      .compose(this::priceShipping)
      .compose(this::authorizePayment)
      .compose(this::createShipment)
      .compose(this::confirm);
  }

  /**
   * Ends an order a crash, or a stopped instance, left midway. It goes forward when every step that confirming needs
   * is known to have succeeded, and undoes what was begun otherwise.
   */
  Future<Order> resume(Order order) {
    return switch (order.getStatus()) {
      case SHIPMENT_CREATED -> confirm(order);
      case PENDING, STOCK_RESERVED, PRICED, PAYMENT_AUTHORIZED ->
        undo(order, OrderStatus.FAILED, ErrorCode.UPSTREAM_FAILED, "Placing the order was interrupted; what it had begun was undone.");
      default -> Future.succeededFuture(order);
    };
  }

  // ---- the steps

  private Future<Order> reserveStock(Order order) {
    return catalog.reserve(order.getId(), OrderRepository.reservationLines(order))
      .compose(reservation -> stockReserved(order, reservation.getLines()),
        failure -> refusedOrFailed(order, failure, "The catalog could not reserve the stock"))
      .compose(this::checkpoint);
  }

  /** Stores the held lines and their subtotal; a line priced in another currency than the shop's refuses the order. */
  private Future<Order> stockReserved(Order order, List<ReservationLine> held) {
    Optional<String> foreign = held.stream()
      .flatMap(line -> prices.foreignPrice(line.getProductId(), line.getUnitPrice()).stream())
      .findFirst();
    if (foreign.isPresent()) {
      return undo(order, OrderStatus.REJECTED, ErrorCode.CONFLICT, foreign.get());
    }
    Money subtotal = prices.sum(held.stream().map(line -> line.getUnitPrice().times(line.getQuantity())));
    return orders.stockReserved(id(order), held, subtotal);
  }

  private Future<Order> priceShipping(Order order) {
    return shipping.quote(order.getShippingAddress().getCountry(), order.getWeightGrams())
      .compose(quote -> {
        Optional<String> foreign = prices.foreignShipping(quote.getPrice());
        if (foreign.isPresent()) {
          LOG.warn("Order {}: {}", order.getId(), foreign.get());
          return undo(order, OrderStatus.FAILED, ErrorCode.UPSTREAM_FAILED, foreign.get());
        }
        return orders.priced(id(order), quote.getPrice(), order.getItemsSubtotal().plus(quote.getPrice()));
      }, failure -> refusedOrFailed(order, failure, "Shipping could not quote the parcel"))
      .compose(this::checkpoint);
  }

  private Future<Order> authorizePayment(Order order) {
    return payments.authorize(order.getId(), order.getCustomerId(), order.getTotal(), order.getPayment().getPaymentMethodId())
      .compose(payment -> switch (payment.getStatus()) {
        case AUTHORIZED -> orders.paymentAuthorized(id(order), payment.getBrand(), payment.getLast4());
        case DECLINED -> undo(order, OrderStatus.PAYMENT_DECLINED, ErrorCode.PAYMENT_DECLINED,
          "The card was declined: " + payment.getDeclineReason() + ".");
        default -> undo(order, OrderStatus.FAILED, ErrorCode.UPSTREAM_FAILED,
          "The payment processor failed (" + payment.getDeclineReason() + "); what was begun was undone.");
      }, failure -> refusedOrFailed(order, failure, "The payment could not be authorized"))
      .compose(this::checkpoint);
  }

  private Future<Order> createShipment(Order order) {
    return shipping.createShipment(order.getId(), order.getShippingAddress(), order.getWeightGrams())
      .compose(shipment -> orders.shipmentCreated(id(order), shipment.getTrackingNumber()),
        failure -> refusedOrFailed(order, failure, "The shipment could not be created"))
      .compose(this::checkpoint);
  }

  private Future<Order> confirm(Order order) {
    return catalog.commitReservation(order.getId())
      .compose(committed -> payments.capture(order.getId()))
      .compose(captured -> stillOurs(orders.end(id(order), OrderStatus.SHIPMENT_CREATED, OrderStatus.CONFIRMED, null, null)),
        failure -> refusedOrFailed(order, failure, "The order could not be confirmed"));
  }

  /** Stops here if a test asked to, as a crash would, once the step's outcome is stored. */
  private Future<Order> checkpoint(Order order) {
    return faults.after(order).map(order);
  }

  // ---- when a step does not succeed

  /**
   * A refusal (the service said why: no stock, a product off sale, an address it cannot ship to) ends the order
   * REJECTED with that reason; anything else (no answer, even after retries) ends it FAILED. Both undo what was begun.
   */
  private Future<Order> refusedOrFailed(Order order, Throwable failure, String step) {
    Optional<ErrorCode> refusal = failure instanceof ServiceException refused
      ? ErrorCode.of(refused.failureCode()).filter(code -> code.httpStatus() < 500)
      : Optional.empty();
    if (refusal.isPresent()) {
      // The refusal itself, not a copy: its debug information (when to try again, after too many declines) goes on.
      return undo(order, OrderStatus.REJECTED, (ServiceException) failure);
    }
    LOG.warn("{} for order {}: {}", step, order.getId(), failure.getMessage());
    return undo(order, OrderStatus.FAILED, ErrorCode.UPSTREAM_FAILED, step + "; what was begun was undone. Try again.");
  }

  /**
   * Undoes every step the order may have taken, each undo being harmless where its step never happened, then ends the
   * order in {@code end} and fails with {@code code} and {@code reason}, which is also what its key answers from now on.
   */
  private Future<Order> undo(Order order, OrderStatus end, ErrorCode code, String reason) {
    return undo(order, end, code.exception(reason));
  }

  /** As above, failing with {@code refusal}; its key keeps the code and the message, not the debug information. */
  private Future<Order> undo(Order order, OrderStatus end, ServiceException refusal) {
    String reason = refusal.getMessage();
    return undoShipment(order)
      .compose(cancelled -> undoPayment(order))
      .compose(released -> undoStock(order))
      .compose(undone -> stillOurs(orders.end(id(order), order.getStatus(), end, reason,
        new JsonObject().put("code", refusal.failureCode()).put("message", reason))))
      .compose(ended -> Future.failedFuture(refusal));
  }

  private Future<Void> undoShipment(Order order) {
    return shipping.cancelShipment(order.getId()).<Void>mapEmpty()
      .recover(failure -> nothingToUndo(failure, ErrorCode.NOT_FOUND));
  }

  /** Voids an authorization; a payment already captured is refunded whole instead; a declined one needs nothing. */
  private Future<Void> undoPayment(Order order) {
    return payments.voidAuthorization(order.getId()).<Void>mapEmpty()
      .recover(failure -> ErrorCode.CONFLICT.matches(failure)
        ? payments.get(order.getId()).compose(this::refundIfCaptured)
        : nothingToUndo(failure, ErrorCode.NOT_FOUND));
  }

  private Future<Void> refundIfCaptured(Payment payment) {
    long left = payment.getCaptured().getValue() - payment.getRefunded().getValue();
    if (payment.getStatus() != PaymentStatus.CAPTURED && payment.getStatus() != PaymentStatus.PARTIALLY_REFUNDED || left == 0) {
      return Future.succeededFuture();
    }
    Money amount = new Money(left, payment.getAmount().getCurrency());
    return payments.refund(payment.getOrderId(), "undo:" + payment.getOrderId(), amount).mapEmpty();
  }

  /** Releases held stock; stock already committed goes back on the shelf instead. */
  private Future<Void> undoStock(Order order) {
    return catalog.releaseReservation(order.getId()).<Void>mapEmpty()
      .recover(failure -> ErrorCode.CONFLICT.matches(failure)
        ? catalog.returnReservation(order.getId()).mapEmpty()
        : Future.failedFuture(failure));
  }

  // ---- small things

  /** A step's store answers null when another instance moved the order first: from then on it is that one's to drive. */
  private static Future<Order> stillOurs(Future<Order> stored) {
    return stored.compose(order -> order != null ? Future.succeededFuture(order)
      : ErrorCode.CONFLICT.fail("The order is being placed elsewhere; ask again with the same Idempotency-Key."));
  }

  private static Future<Void> nothingToUndo(Throwable failure, ErrorCode meansNothing) {
    return meansNothing.matches(failure) ? Future.succeededFuture() : Future.failedFuture(failure);
  }

  private static UUID id(Order order) {
    return UUID.fromString(order.getId());
  }
}
