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
import dev.bazaar.contracts.catalog.Reservation;
import dev.bazaar.contracts.order.OrderItem;
import dev.bazaar.contracts.order.OrderLine;
import dev.bazaar.contracts.order.OrderPayment;
import dev.bazaar.contracts.order.OrderRequest;
import dev.bazaar.contracts.order.OrderTransition;
import dev.bazaar.contracts.shipping.ShipmentStatus;
import dev.bazaar.order.OrderRepository.Key;
import dev.bazaar.order.OrderRepository.Lease;
import dev.bazaar.order.OrderRepository.Stalled;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.serviceproxy.ServiceException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The checkout saga: how an order is placed, one step at a time.
 * <pre>
 *   PENDING ─reserve─► STOCK_RESERVED ─quote─► PRICED ─authorize─► PAYMENT_AUTHORIZED ─ship─► SHIPMENT_CREATED
 *           ─confirm─► CONFIRMED ─commit and capture
 * </pre>
 * A step the order's request cannot pass (no stock, a declined card) ends it REJECTED or PAYMENT_DECLINED; a step
 * that fails ends it FAILED. Either way everything done before is undone first: the shipment cancelled, the payment
 * voided or refunded, the stock released or returned. Every call is idempotent by the order's id, so a call retried
 * after a timeout, or a saga resumed after a crash, never does anything twice.
 *
 * <p>The order itself is stored twice: PENDING, with its key and lease, before anything is asked of another service
 * but the reservation (which runs beside it, and runs out by itself if the order never opens), and at its end. Each
 * step in between is stored by the service that takes it, under the order's id, so the order keeps it in memory:
 * that saves a commit per step. A crash in between leaves a PENDING order, and recovery asks the services how far it
 * got: it confirms an order whose stock, payment and shipment all stand, and undoes any other. A confirmed order's
 * stock is committed and its payment captured after it is stored CONFIRMED; the catalog and payment also do that
 * from the CONFIRMED event, so a crash between the two loses neither.
 *
 * <p>Each run drives the order under a {@link Lease}. A saga that stalls past its lease may be taken over by recovery
 * while it still runs; from then on every store it tries is refused, so it stops, and answers what the new driver
 * decides. An undo is stored as decided before anything is undone, and whoever drives the order next finishes it:
 * otherwise a driver could put back on the shelf the stock of an order another one confirmed.
 */
final class CheckoutSaga {

  private static final Logger LOG = LoggerFactory.getLogger(CheckoutSaga.class);
  private static final String INTERRUPTED = "Placing the order was interrupted; what it had begun was undone.";

  private final OrderRepository orders;
  private final CatalogService catalog;
  private final PaymentService payments;
  private final ShippingService shipping;
  private final OrderPrices prices;
  private final SagaFaults faults;
  private final LiveLeases live;
  private final Clock clock;

  /**
   * The services' proxies retry a call that went unanswered, and fail fast while a service is out (Downstream).
   * {@code live} holds the lease of every run in progress, for the instance to renew.
   */
  CheckoutSaga(OrderRepository orders, CatalogService catalog, PaymentService payments, ShippingService shipping,
               OrderPrices prices, SagaFaults faults, LiveLeases live, Clock clock) {
    this.orders = orders;
    this.catalog = catalog;
    this.payments = payments;
    this.shipping = shipping;
    this.prices = prices;
    this.faults = faults;
    this.live = live;
    this.clock = clock;
  }

  /** The order a request opens, in memory: PENDING, its lines in product order, nothing priced yet. */
  Order pending(UUID orderId, String customerId, OrderRequest request) {
    String now = now();
    return new Order()
      .setId(orderId.toString())
      .setCustomerId(customerId)
      .setStatus(OrderStatus.PENDING)
      .setShippingAddress(request.getShippingAddress())
      .setPayment(new OrderPayment().setPaymentMethodId(request.getPaymentMethodId()))
      .setLines(request.getLines().stream().sorted(Comparator.comparing(OrderItem::getProductId))
        .map(item -> new OrderLine().setProductId(item.getProductId()).setQuantity(item.getQuantity()))
        .collect(Collectors.toCollection(ArrayList::new)))
      .setHistory(new ArrayList<>(List.of(new OrderTransition().setStatus(OrderStatus.PENDING).setAt(now))))
      .setCreatedAt(now)
      .setUpdatedAt(now);
  }

  /**
   * Places the {@code pending} order that {@code opening} stores: the CONFIRMED order, or the failure that ended it.
   * The stock is reserved while the order opens. When the order does not open (its key was used before: then the
   * failure is {@link KeyUsed}), that reservation is released again. Its lease is kept from here, before the order
   * is even stored, since storing it may wait behind a busy pool.
   */
  Future<Order> place(Order pending, Future<Key> opening) {
    Run run = new Run(Lease.opened(id(pending)), pending.getHistory().size());
    Future<Reservation> reserving = catalog.reserve(pending.getId(), reservationLines(pending));
    return driving(run.lease(), opening
      .transform(opened -> opened.succeeded() && opened.result().fresh()
        ? checkpoint(pending, run).compose(order -> stockReserved(order, run, reserving))
        : abandoned(pending, reserving, opened))
      .compose(order -> priceShipping(order, run))
      .compose(order -> authorizePayment(order, run))
      .compose(order -> createShipment(order, run))
      .compose(order -> confirm(order, run)));
  }

  /**
   * Ends an order a crash, or a stopped instance, left midway. It finishes an undo that had begun. Otherwise it asks
   * the services how far the order got, and decides: forward when the stock, the payment and the shipment all stand,
   * undone otherwise, that decision stored first. A service that does not answer leaves the order to the next sweep.
   */
  Future<Order> resume(Order order, Stalled stalled) {
    Run run = new Run(stalled.lease(), order.getHistory().size());
    if (stalled.undoTo() != null) {
      JsonObject failure = stalled.undoFailure();
      ServiceException refusal = ErrorCode.of(failure.getInteger("code")).orElse(ErrorCode.UPSTREAM_FAILED)
        .exception(failure.getString("message"));
      return driving(run.lease(), faults.takenOver(order)
        .compose(held -> carryOutUndo(order, run, stalled.undoTo(), refusal)));
    }
    if (!OrderStates.PLACING.contains(order.getStatus())) {
      return Future.succeededFuture(order);
    }
    return driving(run.lease(), surveyed(order)
      .transform(survey -> {
        if (survey.succeeded()) {
          return faults.takenOver(order).compose(held -> settle(survey.result()))
            .compose(settled -> confirmed(survey.result(), run),
              failure -> refusedOrFailed(order, run, failure, "The order could not be confirmed"));
        }
        if (!(survey.cause() instanceof Unfinished)) {
          return Future.failedFuture(survey.cause()); // a service did not answer: the next sweep asks again
        }
        ServiceException interrupted = ErrorCode.UPSTREAM_FAILED.exception(INTERRUPTED);
        return decideUndo(order, run, OrderStatus.FAILED, interrupted)
          .compose(decided -> faults.takenOver(order))
          .compose(held -> carryOutUndo(order, run, OrderStatus.FAILED, interrupted));
      }));
  }

  /**
   * The stalled order as the services know it, if every step confirming needs stands: its stock held (reserving
   * again answers the reservation made before), its payment authorized for the total, its parcel not cancelled.
   * Fails with {@link Unfinished} when one does not, and with the call's failure when a service did not answer.
   */
  private Future<Order> surveyed(Order order) {
    return catalog.reserve(order.getId(), reservationLines(order))
      .recover(failure -> refusal(failure).isPresent() ? Future.failedFuture(new Unfinished()) : Future.failedFuture(failure))
      .map(reservation -> held(order, reservation.getLines()))
      .compose(held -> shipping.quote(held.getShippingAddress().getCountry(), held.getWeightGrams())
        .map(quote -> priced(held, quote.getPrice())))
      .compose(priced -> payments.get(priced.getId()).compose(payment -> authorizedFor(priced, payment)))
      .compose(authorized -> shipping.get(authorized.getId()).compose(shipment -> shipment.getStatus() == ShipmentStatus.CANCELLED
        ? Future.<Order>failedFuture(new Unfinished())
        : Future.succeededFuture(authorized.setTrackingNumber(shipment.getTrackingNumber()))))
      .recover(failure -> ErrorCode.NOT_FOUND.matches(failure) ? Future.failedFuture(new Unfinished()) : Future.failedFuture(failure));
  }

  private static Future<Order> authorizedFor(Order order, Payment payment) {
    boolean stands = (payment.getStatus() == PaymentStatus.AUTHORIZED || payment.getStatus() == PaymentStatus.CAPTURED)
      && payment.getAmount().equals(order.getTotal());
    if (!stands) {
      return Future.failedFuture(new Unfinished());
    }
    order.getPayment().setBrand(payment.getBrand()).setLast4(payment.getLast4());
    return Future.succeededFuture(order);
  }

  /** A stalled order that had not got as far as confirming needs: recovery undoes it. */
  private static final class Unfinished extends RuntimeException {

    Unfinished() {
      super("The order had not got as far as confirming needs", null, false, false);
    }
  }

  // ---- the steps

  /** The reservation made beside opening, or what ends the order when there is none. */
  private Future<Order> stockReserved(Order order, Run run, Future<Reservation> reserving) {
    return reserving
      .compose(reservation -> {
        Optional<String> foreign = reservation.getLines().stream()
          .flatMap(line -> prices.foreignPrice(line.getProductId(), line.getUnitPrice()).stream())
          .findFirst();
        // A line priced in another currency than the shop's refuses the order.
        return foreign.isPresent()
          ? undo(order, run, OrderStatus.REJECTED, ErrorCode.CONFLICT.exception(foreign.get()))
          : Future.succeededFuture(step(held(order, reservation.getLines()), OrderStatus.STOCK_RESERVED));
      }, failure -> refusedOrFailed(order, run, failure, "The catalog could not reserve the stock"))
      .compose(reserved -> checkpoint(reserved, run));
  }

  /**
   * The order did not open: its key was used before, or opening failed. The stock reserved meanwhile is released
   * (which also refuses a reservation still on its way), and placing fails as opening did.
   */
  private Future<Order> abandoned(Order pending, Future<Reservation> reserving, AsyncResult<Key> opened) {
    Throwable why = opened.succeeded() ? new KeyUsed(opened.result()) : opened.cause();
    return reserving.transform(any -> catalog.releaseReservation(pending.getId()))
      .transform(released -> Future.failedFuture(why));
  }

  private Future<Order> priceShipping(Order order, Run run) {
    return shipping.quote(order.getShippingAddress().getCountry(), order.getWeightGrams())
      .compose(quote -> {
        Optional<String> foreign = prices.foreignShipping(quote.getPrice());
        if (foreign.isPresent()) {
          LOG.warn("Order {}: {}", order.getId(), foreign.get());
          return undo(order, run, OrderStatus.FAILED, ErrorCode.UPSTREAM_FAILED.exception(foreign.get()));
        }
        return Future.succeededFuture(step(priced(order, quote.getPrice()), OrderStatus.PRICED));
      }, failure -> refusedOrFailed(order, run, failure, "Shipping could not quote the parcel"))
      .compose(priced -> checkpoint(priced, run));
  }

  private Future<Order> authorizePayment(Order order, Run run) {
    return payments.authorize(order.getId(), order.getCustomerId(), order.getTotal(), order.getPayment().getPaymentMethodId())
      .compose(payment -> switch (payment.getStatus()) {
        case AUTHORIZED -> {
          order.getPayment().setBrand(payment.getBrand()).setLast4(payment.getLast4());
          yield Future.succeededFuture(step(order, OrderStatus.PAYMENT_AUTHORIZED));
        }
        case DECLINED -> undo(order, run, OrderStatus.PAYMENT_DECLINED, ErrorCode.PAYMENT_DECLINED.exception(
          "The card was declined: " + payment.getDeclineReason() + "."));
        default -> undo(order, run, OrderStatus.FAILED, ErrorCode.UPSTREAM_FAILED.exception(
          "The payment processor failed (" + payment.getDeclineReason() + "); what was begun was undone."));
      }, failure -> refusedOrFailed(order, run, failure, "The payment could not be authorized"))
      .compose(authorized -> checkpoint(authorized, run));
  }

  private Future<Order> createShipment(Order order, Run run) {
    return shipping.createShipment(order.getId(), order.getShippingAddress(), order.getWeightGrams())
      .compose(shipment -> Future.succeededFuture(step(order.setTrackingNumber(shipment.getTrackingNumber()),
          OrderStatus.SHIPMENT_CREATED)),
        failure -> refusedOrFailed(order, run, failure, "The shipment could not be created"))
      .compose(created -> checkpoint(created, run));
  }

  /**
   * Stores the order CONFIRMED, then commits its stock and captures its payment, both at once. The order is stored
   * first because that store is what a stalled driver is refused at: a driver that committed and captured first
   * could do so for an order recovery had meanwhile decided to undo. A commit or capture that fails here is not the
   * customer's concern: the catalog and payment also take them from the CONFIRMED event.
   */
  private Future<Order> confirm(Order order, Run run) {
    return confirmed(order, run)
      .compose(confirmed -> settle(confirmed)
        .onFailure(failure -> LOG.warn("Order {} is confirmed; committing its stock or capturing its payment failed, "
          + "and is left to the CONFIRMED event: {}", order.getId(), failure.getMessage()))
        .transform(settled -> Future.succeededFuture(confirmed)));
  }

  private Future<Order> confirmed(Order order, Run run) {
    Order confirmed = step(order, OrderStatus.CONFIRMED);
    return stillOurs(orders.end(run.lease(), confirmed, run.unrecorded(confirmed),
      new JsonObject().put("order", confirmed.toJson())));
  }

  /** Commits the order's stock and captures its payment. */
  private Future<Void> settle(Order order) {
    return Future.all(catalog.commitReservation(order.getId()), payments.capture(order.getId())).mapEmpty();
  }

  /**
   * Stops here if a test asked to, as a crash would, once the step is taken. A saga stopped here stands for a crashed
   * or frozen one, so its lease is not renewed meanwhile and may run out.
   */
  private Future<Order> checkpoint(Order order, Run run) {
    live.drop(run.lease());
    return faults.after(order).map(order).onSuccess(goingOn -> live.keep(run.lease()));
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
  private Future<Order> refusedOrFailed(Order order, Run run, Throwable failure, String step) {
    if (refusal(failure).isPresent()) {
      // The refusal itself, not a copy: its debug information (when to try again, after too many declines) goes on.
      return undo(order, run, OrderStatus.REJECTED, (ServiceException) failure);
    }
    LOG.warn("{} for order {}: {}", step, order.getId(), failure.getMessage());
    return undo(order, run, OrderStatus.FAILED,
      ErrorCode.UPSTREAM_FAILED.exception(step + "; what was begun was undone. Try again."));
  }

  private static Optional<ErrorCode> refusal(Throwable failure) {
    return failure instanceof ServiceException refused
      ? ErrorCode.of(refused.failureCode()).filter(code -> code.httpStatus() < 500)
      : Optional.empty();
  }

  /**
   * Stores that the order is being undone, unless its lease was taken over (then the new driver decides, and nothing
   * is undone here); then undoes every step the order may have taken, each undo being harmless where its step never
   * happened; then ends the order in {@code end} and fails with {@code refusal}, whose code and message are also
   * what its key answers from now on (not its debug information).
   */
  private Future<Order> undo(Order order, Run run, OrderStatus end, ServiceException refusal) {
    int recorded = order.getHistory().size();
    return decideUndo(order, run, end, refusal)
      .compose(decided -> carryOutUndo(order, new Run(run.lease(), recorded), end, refusal));
  }

  /** Stores the undo as decided, with the steps it undoes in the history, unless the lease was taken over. */
  private Future<Void> decideUndo(Order order, Run run, OrderStatus end, ServiceException refusal) {
    return orders.undoing(run.lease(), end, outcome(refusal), run.unrecorded(order))
      .compose(decided -> decided ? Future.succeededFuture() : Future.failedFuture(new Lost()));
  }

  private Future<Order> carryOutUndo(Order order, Run run, OrderStatus end, ServiceException refusal) {
    return undoShipment(order)
      .compose(cancelled -> undoPayment(order))
      .compose(released -> undoStock(order))
      .compose(undone -> {
        Order ended = step(order, end).setReason(refusal.getMessage());
        ended.getHistory().get(ended.getHistory().size() - 1).setReason(refusal.getMessage());
        return stillOurs(orders.end(run.lease(), ended, run.unrecorded(ended), outcome(refusal)));
      })
      .compose(ended -> Future.failedFuture(refusal));
  }

  private static JsonObject outcome(ServiceException refusal) {
    return new JsonObject().put("code", refusal.failureCode()).put("message", refusal.getMessage());
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

  /**
   * One driver's run of an order: its lease, and how many of the order's history entries were stored when it began,
   * the rest being the steps this run took, which it stores when it ends the order.
   */
  private record Run(Lease lease, int recorded) {

    List<OrderTransition> unrecorded(Order order) {
      return order.getHistory().subList(recorded, order.getHistory().size());
    }
  }

  /** Moves the order in memory to {@code status}, now, and records the step in its history. */
  private Order step(Order order, OrderStatus status) {
    String now = now();
    order.getHistory().add(new OrderTransition().setStatus(status).setAt(now));
    return order.setStatus(status).setUpdatedAt(now);
  }

  /** The order's lines with the names, prices and weights the catalog held them at, and their subtotal and weight. */
  private Order held(Order order, List<ReservationLine> held) {
    Map<String, ReservationLine> byProduct = held.stream().collect(Collectors.toMap(ReservationLine::getProductId, line -> line));
    for (OrderLine line : order.getLines()) {
      ReservationLine reserved = byProduct.get(line.getProductId());
      line.setName(reserved.getName()).setUnitPrice(reserved.getUnitPrice())
        .setLineTotal(reserved.getUnitPrice().times(line.getQuantity()));
    }
    return order.setItemsSubtotal(prices.sum(order.getLines().stream().map(OrderLine::getLineTotal)))
      .setWeightGrams(held.stream().mapToInt(line -> line.getWeightGrams() * line.getQuantity()).sum());
  }

  private static Order priced(Order order, Money shipping) {
    return order.setShipping(shipping).setTotal(order.getItemsSubtotal().plus(shipping));
  }

  /** Now, as PostgreSQL keeps it (to the microsecond), so that the order in memory reads as the stored one. */
  private String now() {
    return clock.instant().truncatedTo(ChronoUnit.MICROS).toString();
  }

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

  /** The order did not open because its key was used before: placing answers what the key says. */
  static final class KeyUsed extends RuntimeException {

    private final transient Key key;

    KeyUsed(Key key) {
      super("The idempotency key was used before", null, false, false);
      this.key = key;
    }

    Key key() {
      return key;
    }
  }

  private static Future<Void> nothingToUndo(Throwable failure, ErrorCode meansNothing) {
    return meansNothing.matches(failure) ? Future.succeededFuture() : Future.failedFuture(failure);
  }

  private static UUID id(Order order) {
    return UUID.fromString(order.getId());
  }

  /** What the order asks the catalog to hold: each line's product and quantity. */
  private static List<ReservationLine> reservationLines(Order order) {
    return order.getLines().stream().map(line -> new ReservationLine(line.getProductId(), line.getQuantity())).toList();
  }
}
