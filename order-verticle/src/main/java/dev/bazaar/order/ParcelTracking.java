package dev.bazaar.order;

import dev.bazaar.contracts.Event;
import dev.bazaar.contracts.order.OrderStatus;
import dev.bazaar.contracts.shipping.ShippingEvents;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;

import java.util.List;
import java.util.UUID;

/**
 * The order follows its parcel: SHIPPED when the carrier has it, DELIVERED when it arrives. Applied from shipping's
 * events, each once, by the platform's event consumer, in the transaction that records the event.
 */
final class ParcelTracking {

  private final OrderRepository orders;

  ParcelTracking(OrderRepository orders) {
    this.orders = orders;
  }

  Future<Void> apply(SqlConnection transaction, Event event) {
    UUID orderId;
    try {
      orderId = UUID.fromString(event.getAggregateId());
    } catch (IllegalArgumentException notOurs) {
      return Future.succeededFuture(); // a shipment made by some other caller than the order service
    }
    return switch (event.getType()) {
      case ShippingEvents.IN_TRANSIT -> orders.move(transaction, orderId, List.of(OrderStatus.CONFIRMED), OrderStatus.SHIPPED,
        "The parcel is on its way.").mapEmpty();
      case ShippingEvents.DELIVERED -> orders.move(transaction, orderId, List.of(OrderStatus.CONFIRMED, OrderStatus.SHIPPED),
        OrderStatus.DELIVERED, "The parcel was delivered.").mapEmpty();
      default -> Future.succeededFuture();
    };
  }
}
