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
import dev.bazaar.order.OrderRepository.Lease;
import dev.bazaar.order.OrderRepository.Stalled;
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
 *
 * <p>Each run drives the order under a {@link Lease}. A saga that stalls past its lease may be taken over by recovery
 * while it still runs; from then on every store it tries is refused, so it stops, and answers what the new driver
 * decides. An undo is stored as decided before anything is undone, and whoever drives the order next finishes it:
 * otherwise a driver could put back on the shelf the stock of an order another one confirmed.
 */
final class CheckoutSaga {

  private static final Logger LOG = LoggerFactory.getLogger(CheckoutSaga.class);

  private final OrderRepository orders;
  private final CatalogService catalog;
  private final PaymentService payments;
  private final ShippingService shipping;
  private final OrderPrices prices;
  private final SagaFaults faults;
  private final LiveLeases live;

  /**
   * The services' proxies retry a call that went unanswered, and fail fast while a service is out (Downstream).
   * {@code live} holds the lease of every run in progress, for the instance to renew.
   */
  CheckoutSaga(OrderRepository orders, CatalogService catalog, PaymentService payments, ShippingService shipping,
               OrderPrices prices, SagaFaults faults, LiveLeases live) {
    this.orders = orders;
    this.catalog = catalog;
    this.payments = payments;
    this.shipping = shipping;
    this.prices = prices;
    this.faults = faults;
    this.live = live;
  }

  /**
   * Places the PENDING order just opened under {@code orderId}: the CONFIRMED order, or the failure that ended it. Its
   * lease is kept from here, before the order is even read, since reading it may wait behind a busy pool.
   */
  Future<Order> place(UUID orderId) {
    Lease lease = Lease.opened(orderId);
    return driving(lease, orders.find(orderId)
      .compose(pending -> checkpoint(pending, lease))
      .compose(order -> reserveStock(order, lease))
      .compose(order -> priceShipping(order, lease))
      .compose(order -> authorizePayment(order, lease))
      .compose(order -> createShipment(order, lease))
      .compose(order -> confirm(order, lease)));
  }

  /**
   * Ends an order a crash, or a stopped instance, left midway. It finishes an undo that had begun; otherwise it goes
   * forward when every step that confirming needs is known to have succeeded, and undoes what was begun otherwise.
   */
  Future<Order> resume(Order order, Stalled stalled) {
    return driving(stalled.lease(), faults.takenOver(order).compose(held -> finish(order, stalled)));
  }

  private Future<Order> finish(Order order, Stalled stalled) {
    Lease lease = stalled.lease();
    if (stalled.undoTo() != null) {
      JsonObject failure = stalled.undoFailure();
      return undo(order, lease, stalled.undoTo(), ErrorCode.of(failure.getInteger("code")).orElse(ErrorCode.UPSTREAM_FAILED),
        failure.getString("message"));
    }
    return switch (order.getStatus()) {
      case SHIPMENT_CREATED -> confirm(order, lease);
      case PENDING, STOCK_RESERVED, PRICED, PAYMENT_AUTHORIZED -> undo(order, lease, OrderStatus.FAILED,
        ErrorCode.UPSTREAM_FAILED, "Placing the order was interrupted; what it had begun was undone.");
      default -> Future.succeededFuture(order);
    };
  }

  // ---- the steps

  private Future<Order> reserveStock(Order order, Lease lease) {
    return catalog.reserve(order.getId(), OrderRepository.reservationLines(order))
      .compose(reservation -> stockReserved(order, lease, reservation.getLines()),
        failure -> refusedOrFailed(order, lease, failure, "The catalog could not reserve the stock"))
      .compose(reserved -> checkpoint(reserved, lease));
  }

  /** Stores the held lines and their subtotal; a line priced in another currency than the shop's refuses the order. */
  private Future<Order> stockReserved(Order order, Lease lease, List<ReservationLine> held) {
    Optional<String> foreign = held.stream()
      .flatMap(line -> prices.foreignPrice(line.getProductId(), line.getUnitPrice()).stream())
      .findFirst();
    if (foreign.isPresent()) {
      return undo(order, lease, OrderStatus.REJECTED, ErrorCode.CONFLICT, foreign.get());
    }
    Money subtotal = prices.sum(held.stream().map(line -> line.getUnitPrice().times(line.getQuantity())));
    return stillOurs(orders.stockReserved(lease, held, subtotal));
  }

  private Future<Order> priceShipping(Order order, Lease lease) {
    return shipping.quote(order.getShippingAddress().getCountry(), order.getWeightGrams())
      .compose(quote -> {
        Optional<String> foreign = prices.foreignShipping(quote.getPrice());
        if (foreign.isPresent()) {
          LOG.warn("Order {}: {}", order.getId(), foreign.get());
          return undo(order, lease, OrderStatus.FAILED, ErrorCode.UPSTREAM_FAILED, foreign.get());
        }
        return stillOurs(orders.priced(lease, quote.getPrice(), order.getItemsSubtotal().plus(quote.getPrice())));
      }, failure -> refusedOrFailed(order, lease, failure, "Shipping could not quote the parcel"))
      .compose(priced -> checkpoint(priced, lease));
  }

  private Future<Order> authorizePayment(Order order, Lease lease) {
    return payments.authorize(order.getId(), order.getCustomerId(), order.getTotal(), order.getPayment().getPaymentMethodId())
      .compose(payment -> switch (payment.getStatus()) {
        case AUTHORIZED -> stillOurs(orders.paymentAuthorized(lease, payment.getBrand(), payment.getLast4()));
        case DECLINED -> undo(order, lease, OrderStatus.PAYMENT_DECLINED, ErrorCode.PAYMENT_DECLINED,
          "The card was declined: " + payment.getDeclineReason() + ".");
        default -> undo(order, lease, OrderStatus.FAILED, ErrorCode.UPSTREAM_FAILED,
          "The payment processor failed (" + payment.getDeclineReason() + "); what was begun was undone.");
      }, failure -> refusedOrFailed(order, lease, failure, "The payment could not be authorized"))
      .compose(authorized -> checkpoint(authorized, lease));
  }

  private Future<Order> createShipment(Order order, Lease lease) {
    return shipping.createShipment(order.getId(), order.getShippingAddress(), order.getWeightGrams())
      .compose(shipment -> stillOurs(orders.shipmentCreated(lease, shipment.getTrackingNumber())),
        failure -> refusedOrFailed(order, lease, failure, "The shipment could not be created"))
      .compose(created -> checkpoint(created, lease));
  }

  private Future<Order> confirm(Order order, Lease lease) {
    return catalog.commitReservation(order.getId())
      .compose(committed -> payments.capture(order.getId()))
      .compose(captured -> stillOurs(orders.end(lease, OrderStatus.SHIPMENT_CREATED, OrderStatus.CONFIRMED, null, null)),
        failure -> refusedOrFailed(order, lease, failure, "The order could not be confirmed"));
  }

  /**
   * Stops here if a test asked to, as a crash would, once the step's outcome is stored. A saga stopped here stands
   * for a crashed or frozen one, so its lease is not renewed meanwhile and may run out.
   */
  private Future<Order> checkpoint(Order order, Lease lease) {
    live.drop(lease);
    return faults.after(order).map(order).onSuccess(goingOn -> live.keep(lease));
  }

  /** Keeps the lease renewed while {@code run} drives the order. */
  private Future<Order> driving(Lease lease, Future<Order> run) {
    live.keep(lease);
    return run.onComplete(ended -> live.drop(lease));
  }

  // ---- when a step does not succeed

  /**
   * A refusal (the service said why: no stock, a product off sale, an address it cannot ship to) ends the order
   * REJECTED with that reason; anything else (no answer, even after retries) ends it FAILED. Both undo what was begun.
   */
  private Future<Order> refusedOrFailed(Order order, Lease lease, Throwable failure, String step) {
    Optional<ErrorCode> refusal = failure instanceof ServiceException refused
      ? ErrorCode.of(refused.failureCode()).filter(code -> code.httpStatus() < 500)
      : Optional.empty();
    if (refusal.isPresent()) {
      // The refusal itself, not a copy: its debug information (when to try again, after too many declines) goes on.
      return undo(order, lease, OrderStatus.REJECTED, (ServiceException) failure);
    }
    LOG.warn("{} for order {}: {}", step, order.getId(), failure.getMessage());
    return undo(order, lease, OrderStatus.FAILED, ErrorCode.UPSTREAM_FAILED, step + "; what was begun was undone. Try again.");
  }

  /**
   * Stores that the order is being undone, unless its lease was taken over (then the new driver decides, and nothing
   * is undone here); then undoes every step the order may have taken, each undo being harmless where its step never
   * happened; then ends the order in {@code end} and fails with {@code code} and {@code reason}, which is also what
   * its key answers from now on.
   */
  private Future<Order> undo(Order order, Lease lease, OrderStatus end, ErrorCode code, String reason) {
    return undo(order, lease, end, code.exception(reason));
  }

  /** As above, failing with {@code refusal}; its key keeps the code and the message, not the debug information. */
  private Future<Order> undo(Order order, Lease lease, OrderStatus end, ServiceException refusal) {
    String reason = refusal.getMessage();
    JsonObject failure = new JsonObject().put("code", refusal.failureCode()).put("message", reason);
    return orders.undoing(lease, order.getStatus(), end, failure)
      .compose(decided -> decided ? Future.succeededFuture() : Future.<Void>failedFuture(new Lost()))
      .compose(decided -> undoShipment(order))
      .compose(cancelled -> undoPayment(order))
      .compose(released -> undoStock(order))
      .compose(undone -> stillOurs(orders.end(lease, order.getStatus(), end, reason, failure)))
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

  /** A step's store answers null when the order's lease was taken over: from then on it is the new holder's to drive. */
  private static Future<Order> stillOurs(Future<Order> stored) {
    return stored.compose(order -> order != null ? Future.succeededFuture(order) : Future.failedFuture(new Lost()));
  }

  /**
   * This run lost its lease to another driver, and stopped without changing the order. It is no answer for the
   * customer: what placing answers is what the order's key says once the driver that holds it has ended it.
   */
  static final class Lost extends RuntimeException {

    Lost() {
      super("The order's lease was taken over by another driver", null, false, false);
    }
  }

  private static Future<Void> nothingToUndo(Throwable failure, ErrorCode meansNothing) {
    return meansNothing.matches(failure) ? Future.succeededFuture() : Future.failedFuture(failure);
  }

  private static UUID id(Order order) {
    return UUID.fromString(order.getId());
  }
}
