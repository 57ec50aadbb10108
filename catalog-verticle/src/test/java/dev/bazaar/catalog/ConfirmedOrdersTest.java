package dev.bazaar.catalog;

import dev.bazaar.contracts.Event;
import dev.bazaar.contracts.catalog.Product;
import dev.bazaar.contracts.catalog.ReservationStatus;
import dev.bazaar.contracts.catalog.Stock;
import dev.bazaar.contracts.order.OrderEvents;
import dev.bazaar.contracts.order.OrderService;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static dev.bazaar.catalog.ReservationTest.assertStock;
import static dev.bazaar.catalog.ReservationTest.line;
import static dev.bazaar.catalog.ReservationTest.newOrderId;
import static dev.bazaar.catalog.TestCatalog.uniqueCategory;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The catalog follows the order service's events, so that a confirmed order's stock is settled even when the order
 * service died between confirming the order and committing its reservation. A stand-in order log plays the order
 * service: it answers reads of its log, as the order service's proxy does, and publishes what it appends.
 */
@ExtendWith(VertxExtension.class)
class ConfirmedOrdersTest {

  private static Vertx vertx;
  private static TestCatalog catalog;
  /** The stand-in order service's outbox: events as the bus carries them, in position order. */
  private static final List<JsonObject> orderLog = new ArrayList<>();

  @BeforeAll
  static void deploy(Vertx v) {
    vertx = v;
    vertx.eventBus().<JsonObject>consumer(OrderService.ADDRESS, message -> {
      long after = message.body().getLong("afterPosition");
      int limit = message.body().getInteger("limit");
      synchronized (orderLog) {
        message.reply(new JsonArray(orderLog.stream().filter(event -> event.getLong("position") > after).limit(limit).toList()));
      }
    }).completion().await();
    catalog = TestCatalog.deploy(vertx, Duration.ofMinutes(10));
  }

  @AfterAll
  static void stop() {
    catalog.close();
  }

  @Test
  void aConfirmedOrderWhoseReservationIsStillHeldIsCommittedAndOneAlreadyCommittedIsLeftAlone() {
    Product product = catalog.product(uniqueCategory(), "Settled", 100, 20);
    String committed = newOrderId();
    String released = newOrderId();
    String held = newOrderId();
    catalog.service.reserve(committed, List.of(line(product, 3))).await();
    catalog.service.commitReservation(committed).await();
    catalog.service.reserve(released, List.of(line(product, 2))).await();
    catalog.service.releaseReservation(released).await();
    catalog.service.reserve(held, List.of(line(product, 4))).await();

    append(OrderEvents.CONFIRMED, committed);
    append(OrderEvents.PLACED, held);
    append(OrderEvents.CONFIRMED, released);
    append(OrderEvents.CONFIRMED, newOrderId()); // an order that never reserved
    append(OrderEvents.CONFIRMED, held);

    awaitStock(product, 13, 0);
    assertThat(catalog.service.commitReservation(held).await().getStatus()).isEqualTo(ReservationStatus.COMMITTED);
    assertThat(catalog.service.commitReservation(committed).await().getStatus()).isEqualTo(ReservationStatus.COMMITTED);
    assertStock(catalog.service.get(product.getId()).await().getStock(), 13, 0);
  }

  /** Appends an event about the order to the stand-in's log and publishes it, as the order service's relay does. */
  private static void append(String type, String orderId) {
    JsonObject event;
    synchronized (orderLog) {
      event = new Event()
        .setId(UUID.randomUUID().toString())
        .setSource(OrderService.NAME)
        .setType(type)
        .setAggregateId(orderId)
        .setOccurredAt(Instant.now().toString())
        .setPosition(orderLog.size() + 1L)
        .setData(new JsonObject().put("id", orderId))
        .toJson();
      orderLog.add(event);
    }
    vertx.eventBus().publish(Event.address(OrderService.NAME), event);
  }

  private static void awaitStock(Product product, int onHand, int reserved) {
    Instant deadline = Instant.now().plusSeconds(10);
    while (true) {
      Stock stock = catalog.service.get(product.getId()).await().getStock();
      if (stock.getOnHand() == onHand && stock.getReserved() == reserved) {
        return;
      }
      assertThat(Instant.now()).as("stock %d on hand, %d reserved in time; now %s", onHand, reserved, stock.toJson())
        .isBefore(deadline);
      vertx.timer(20).await();
    }
  }
}
