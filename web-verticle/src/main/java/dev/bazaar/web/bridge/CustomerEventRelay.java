package dev.bazaar.web.bridge;

import dev.bazaar.contracts.CustomerEvents;
import dev.bazaar.contracts.Event;
import dev.bazaar.contracts.notification.NotificationService;
import dev.bazaar.contracts.order.OrderService;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;

import java.util.function.Function;

/**
 * Hands each order and notification event to the address of the customer it concerns ({@link CustomerEvents}), on
 * this node only: the bridges' clients of this node are its only readers, and every node with bridges receives every
 * event and does the same for its own. So a customer's registration gets exactly their events, and none is looked at
 * once per connected client. One relay runs per process; two would hand each event over twice.
 *
 * <p>The relay is as live as the bus: an event published while a client was away is not replayed to it. A client that
 * reconnects reads the state it missed from the services (an order's {@code get}, the notification history).
 */
final class CustomerEventRelay {

  private static final DeliveryOptions THIS_NODE = new DeliveryOptions().setLocalOnly(true);

  private final Vertx vertx;

  CustomerEventRelay(Vertx vertx) {
    this.vertx = vertx;
  }

  Future<Void> start() {
    return Future.all(
        relay(OrderService.NAME, CustomerEvents::orders, event -> event.getJsonObject("data", new JsonObject()).getString("customerId")),
        relay(NotificationService.NAME, CustomerEvents::notifications, event -> event.getString("aggregateId")))
      .mapEmpty();
  }

  /**
   * @param customer the customer an event of {@code source} concerns, read from the event
   */
  private Future<Void> relay(String source, Function<String, String> addressOf, Function<JsonObject, String> customer) {
    MessageConsumer<JsonObject> consumer = vertx.eventBus().consumer(Event.address(source), message -> {
      String customerId = customer.apply(message.body());
      if (customerId != null) {
        vertx.eventBus().publish(addressOf.apply(customerId), message.body(), THIS_NODE);
      }
    });
    return consumer.completion();
  }
}
