package dev.bazaar.order;

import dev.bazaar.contracts.ErrorCode;
import dev.bazaar.contracts.Money;
import dev.bazaar.contracts.catalog.CatalogService;
import dev.bazaar.contracts.order.Order;
import dev.bazaar.contracts.order.OrderStatus;
import dev.bazaar.contracts.payment.PaymentService;
import dev.bazaar.contracts.shipping.ShippingService;
import io.vertx.core.Future;

import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * What happens to an order after it is confirmed, besides its parcel moving: a customer cancelling it before it ships,
 * and an admin refunding a delivered one.
 *
 * <p>A cancellation is a small saga of its own, and is stored as CANCELLING before it begins: first the shipment is
 * cancelled, which the carrier refuses once it has the parcel (then the order goes back to CONFIRMED, and the
 * cancellation is a CONFLICT); then the payment is refunded and the stock put back, and the order is CANCELLED. Each
 * call is idempotent, so a cancellation a crash interrupted is finished by whichever instance finds it.
 */
final class AfterSales {

  private final OrderRepository orders;
  private final CatalogService catalog;
  private final PaymentService payments;
  private final ShippingService shipping;

  AfterSales(OrderRepository orders, CatalogService catalog, PaymentService payments, ShippingService shipping) {
    this.orders = orders;
    this.catalog = catalog;
    this.payments = payments;
    this.shipping = shipping;
  }

  Future<Order> cancel(Order order) {
    if (order.getStatus() == OrderStatus.CANCELLED) {
      return Future.succeededFuture(order);
    }
    return OrderStates.MOVES.check("Order " + order.getId(), order.getStatus(), OrderStatus.CANCELLING)
      .compose(allowed -> orders.move(id(order), List.of(OrderStatus.CONFIRMED), OrderStatus.CANCELLING,
        "The customer cancelled."))
      .compose(cancelling -> cancelling != null ? finishCancelling(cancelling) : orders.find(id(order)).compose(this::cancel));
  }

  /** Carries a CANCELLING order to CANCELLED, or back to CONFIRMED if its parcel has already left. */
  Future<Order> finishCancelling(Order order) {
    return shipping.cancelShipment(order.getId())
      .compose(cancelled -> refundAll(order)
          .compose(refunded -> catalog.returnReservation(order.getId()))
          .compose(returned -> orders.end(id(order), OrderStatus.CANCELLING, OrderStatus.CANCELLED, "Cancelled by the customer.", null)),
        refused -> ErrorCode.CONFLICT.matches(refused)
          ? orders.move(id(order), List.of(OrderStatus.CANCELLING), OrderStatus.CONFIRMED, "Too late to cancel: the parcel has left.")
            .compose(reverted -> ErrorCode.CONFLICT.fail("Order " + order.getId() + " has shipped; it can no longer be cancelled."))
          : Future.failedFuture(refused));
  }

  private Future<Void> refundAll(Order order) {
    return payments.refund(order.getId(), "cancel:" + order.getId(), order.getTotal()).mapEmpty();
  }

  /** Refunds {@code amount} of a delivered order, or all that is left when it is null. */
  Future<Order> refund(Order order, String refundId, Money amount) {
    if (!Set.of(OrderStatus.DELIVERED, OrderStatus.REFUNDED).contains(order.getStatus())) {
      return ErrorCode.CONFLICT.fail("Order " + order.getId() + " is " + order.getStatus().name().toLowerCase()
        + "; only a delivered order is refunded here.");
    }
    long refunded = order.getRefunded() == null ? 0 : order.getRefunded().getValue();
    Money asked = amount != null ? amount : new Money(order.getTotal().getValue() - refunded, order.getTotal().getCurrency());
    if (asked.getValue() == 0) {
      return Future.succeededFuture(order);
    }
    return payments.refund(order.getId(), "admin:" + refundId, asked)
      .compose(payment -> orders.refunded(id(order), payment.getRefunded().getValue(),
        payment.getRefunded().getValue() == order.getTotal().getValue() ? OrderStatus.REFUNDED : OrderStatus.DELIVERED));
  }

  private static UUID id(Order order) {
    return UUID.fromString(order.getId());
  }
}
