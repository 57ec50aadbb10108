package dev.bazaar.order;

import dev.bazaar.contracts.order.OrderEvents;
import dev.bazaar.contracts.order.OrderStatus;
import dev.bazaar.platform.Transitions;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
 * The life of an order, in one place: the moves its stored status may make, the steps placing takes in between, and
 * the event each status is announced by. Every statement that moves an order takes its "from" statuses from here.
 *
 * <p>Placing stores two statuses: PENDING when the order is opened, with its key and lease, and the end (CONFIRMED,
 * or REJECTED, PAYMENT_DECLINED or FAILED after an undo). The {@link #STEPS} in between are each a call another
 * service stores by the order's id, so they need no commit of the order's own: the order keeps them in memory and
 * writes them into its history when it ends, and recovery asks the services how far a stalled order got. Orders a
 * version before this one left midway may still stand in a step's status; they move like PENDING ones.
 */
final class OrderStates {

  /** The steps of placing, in the order they happen, each recorded in the history once the order ends. */
  static final List<OrderStatus> STEPS = List.of(STOCK_RESERVED, PRICED, PAYMENT_AUTHORIZED, SHIPMENT_CREATED);

  /** The statuses of an order being placed, as the order's row may hold them. */
  static final Set<OrderStatus> PLACING = EnumSet.of(PENDING, STOCK_RESERVED, PRICED, PAYMENT_AUTHORIZED, SHIPMENT_CREATED);

  static final Transitions<OrderStatus> MOVES = placing(Transitions.of(OrderStatus.class))
    .allow(CONFIRMED, SHIPPED, DELIVERED, CANCELLING)
    .allow(CANCELLING, CANCELLED, CONFIRMED)
    .allow(SHIPPED, DELIVERED)
    .allow(DELIVERED, DELIVERED, REFUNDED)
    .allow(REFUNDED, DELIVERED, REFUNDED);

  /** The statuses of a saga still running, or left midway by a crash: what recovery looks for. */
  static final Set<OrderStatus> UNFINISHED = EnumSet.of(CANCELLING, PLACING.toArray(OrderStatus[]::new));

  /** Which status is announced by which event; the steps of placing are in the history only. */
  private static final Map<OrderStatus, String> EVENTS = Map.of(
    PENDING, OrderEvents.PLACED,
    CONFIRMED, OrderEvents.CONFIRMED,
    REJECTED, OrderEvents.REJECTED,
    PAYMENT_DECLINED, OrderEvents.PAYMENT_DECLINED,
    FAILED, OrderEvents.FAILED,
    CANCELLED, OrderEvents.CANCELLED,
    SHIPPED, OrderEvents.SHIPPED,
    DELIVERED, OrderEvents.DELIVERED);

  private OrderStates() {
  }

  /** The event that announces an order reaching {@code status}, if customers care about that status. */
  static Optional<String> announcing(OrderStatus status) {
    return Optional.ofNullable(EVENTS.get(status));
  }

  /** The names of the stored statuses an order may move to {@code to} from, for a statement's {@code status = ANY($n)}. */
  static String[] into(OrderStatus to) {
    return MOVES.into(to).stream().map(Enum::name).toArray(String[]::new);
  }

  /** Every status placing may hold goes to each end placing may reach. */
  private static Transitions<OrderStatus> placing(Transitions<OrderStatus> moves) {
    PLACING.forEach(status -> moves.allow(status, CONFIRMED, REJECTED, PAYMENT_DECLINED, FAILED));
    return moves;
  }
}
