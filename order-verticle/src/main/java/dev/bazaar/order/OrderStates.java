package dev.bazaar.order;

import dev.bazaar.contracts.order.OrderStatus;
import dev.bazaar.platform.Transitions;

import java.util.EnumSet;
import java.util.Set;

import static dev.bazaar.contracts.order.OrderStatus.CANCELLED;
import static dev.bazaar.contracts.order.OrderStatus.CANCELLING;
import static dev.bazaar.contracts.order.OrderStatus.CONFIRMED;
import static dev.bazaar.contracts.order.OrderStatus.DELIVERED;
import static dev.bazaar.contracts.order.OrderStatus.FAILED;
import static dev.bazaar.contracts.order.OrderStatus.PAYMENT_AUTHORIZED;
import static dev.bazaar.contracts.order.OrderStatus.PAYMENT_DECLINED;
import static dev.bazaar.contracts.order.OrderStatus.PENDING;
import static dev.bazaar.contracts.order.OrderStatus.PRICED;
import static dev.bazaar.contracts.order.OrderStatus.REFUNDED;
import static dev.bazaar.contracts.order.OrderStatus.REJECTED;
import static dev.bazaar.contracts.order.OrderStatus.SHIPMENT_CREATED;
import static dev.bazaar.contracts.order.OrderStatus.SHIPPED;
import static dev.bazaar.contracts.order.OrderStatus.STOCK_RESERVED;

/**
 * The life of an order, in one table. Placing walks down the first five rows, one step of the checkout saga each;
 * any step may end it REJECTED, PAYMENT_DECLINED or FAILED instead. After that, the parcel moves it, and the customer
 * may cancel it until the parcel is on its way.
 */
final class OrderStates {

  static final Transitions<OrderStatus> MOVES = Transitions.of(OrderStatus.class)
    .allow(PENDING, STOCK_RESERVED, REJECTED, FAILED)
    .allow(STOCK_RESERVED, PRICED, REJECTED, FAILED)
    .allow(PRICED, PAYMENT_AUTHORIZED, PAYMENT_DECLINED, FAILED)
    .allow(PAYMENT_AUTHORIZED, SHIPMENT_CREATED, FAILED)
    .allow(SHIPMENT_CREATED, CONFIRMED, FAILED)
    .allow(CONFIRMED, SHIPPED, DELIVERED, CANCELLING)
    .allow(CANCELLING, CANCELLED, CONFIRMED)
    .allow(SHIPPED, DELIVERED)
    .allow(DELIVERED, DELIVERED, REFUNDED);

  /** The statuses of a saga still running, or left midway by a crash. */
  static final Set<OrderStatus> UNFINISHED =
    EnumSet.of(PENDING, STOCK_RESERVED, PRICED, PAYMENT_AUTHORIZED, SHIPMENT_CREATED, CANCELLING);

  private OrderStates() {
  }
}
