package dev.bazaar.shipping;

import dev.bazaar.contracts.ErrorCode;
import dev.bazaar.contracts.Event;
import dev.bazaar.contracts.shipping.ShipmentMove;
import dev.bazaar.contracts.shipping.ShipmentStatus;
import dev.bazaar.contracts.shipping.ShippingEvents;
import dev.bazaar.contracts.shipping.ShippingService;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static dev.bazaar.contracts.shipping.ShipmentStatus.DELIVERED;
import static dev.bazaar.contracts.shipping.ShipmentStatus.IN_TRANSIT;
import static dev.bazaar.contracts.shipping.ShipmentStatus.LABEL_CREATED;
import static dev.bazaar.contracts.shipping.ShipmentStatus.OUT_FOR_DELIVERY;
import static dev.bazaar.shipping.TestShipping.address;
import static dev.bazaar.shipping.TestShipping.assertFails;
import static dev.bazaar.shipping.TestShipping.newOrderId;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The simulated carrier, with two shipping instances sweeping the same database as two nodes would: it moves every
 * parcel from label to doorstep on its delays, once per move, and carries on after shipping was down.
 */
@ExtendWith(VertxExtension.class)
class CarrierTest {

  private static final Duration DELAY = Duration.ofMillis(400);
  private static final Duration DEADLINE = Duration.ofSeconds(20);
  private static final int INSTANCES = 2;

  private static TestShipping shipping;
  private static ShippingService service;

  @BeforeAll
  static void deploy(Vertx vertx) {
    shipping = TestShipping.deploy(vertx, DELAY);
    shipping.deploy(INSTANCES - 1);
    service = shipping.service;
  }

  @AfterAll
  static void stop() {
    shipping.close();
  }

  @Test
  void theCarrierDeliversEveryParcelMovingItOnceAtEachStepAfterItsDelay() {
    List<String> orders = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      orders.add(service.createShipment(newOrderId(), address("FR"), 1200).await().getOrderId());
    }

    orders.forEach(order -> awaitStatus(order, DELIVERED));

    for (String order : orders) {
      List<ShipmentMove> history = service.get(order).await().getHistory();
      assertThat(history).extracting(ShipmentMove::getStatus)
        .containsExactly(LABEL_CREATED, IN_TRANSIT, OUT_FOR_DELIVERY, DELIVERED);
      assertThat(history).extracting(ShipmentMove::getPlace)
        .containsExactly("Bazaar warehouse, DE", "Sorting hub FR", "Lyon depot", "Lyon");
      for (int i = 1; i < history.size(); i++) {
        Instant before = Instant.parse(history.get(i - 1).getAt());
        Duration waited = Duration.between(before, Instant.parse(history.get(i).getAt()));
        assertThat(waited).as("%s: %s after %s", order, history.get(i).getStatus(), history.get(i - 1).getStatus())
          .isGreaterThanOrEqualTo(DELAY);
      }
      assertAnnounced(order, history);
    }
  }

  @Test
  void aParcelInTransitCannotBeCancelled() {
    String order = service.createShipment(newOrderId(), address("FR"), 1200).await().getOrderId();
    awaitStatus(order, IN_TRANSIT);

    assertFails(() -> service.cancelShipment(order).await(), ErrorCode.CONFLICT);

    awaitStatus(order, DELIVERED);
    assertFails(() -> service.cancelShipment(order).await(), ErrorCode.CONFLICT);
    assertThat(service.get(order).await().getHistory()).extracting(ShipmentMove::getStatus)
      .doesNotContain(ShipmentStatus.CANCELLED);
  }

  @Test
  void theCarrierCarriesOnAfterShippingWasDownMidway() {
    String order = service.createShipment(newOrderId(), address("FR"), 1200).await().getOrderId();
    awaitStatus(order, IN_TRANSIT);

    shipping.undeploy();
    // While shipping is down, the parcel's due times pass: nothing in memory could remember them.
    Instant down = Instant.now().plus(DELAY.multipliedBy(3));
    shipping.await("the parcel's due times to pass", DEADLINE, () -> Instant.now().isAfter(down));
    shipping.deploy(INSTANCES);

    awaitStatus(order, DELIVERED);
    List<ShipmentMove> history = service.get(order).await().getHistory();
    assertThat(history).extracting(ShipmentMove::getStatus)
      .containsExactly(LABEL_CREATED, IN_TRANSIT, OUT_FOR_DELIVERY, DELIVERED);
    assertThat(Instant.parse(history.get(3).getAt())).as("delivered by the shipping deployed again").isAfter(down);
    assertAnnounced(order, history);
  }

  private static void awaitStatus(String order, ShipmentStatus status) {
    shipping.await(order + " " + status, DEADLINE, () -> service.get(order).await().getStatus() == status);
  }

  /** Each move was announced once, in order, with its time and place. */
  private static void assertAnnounced(String order, List<ShipmentMove> history) {
    shipping.await("the events of " + order, DEADLINE, () -> eventsAbout(order).size() >= history.size());
    List<Event> events = eventsAbout(order);
    assertThat(events).extracting(Event::getType).containsExactly(ShippingEvents.SHIPMENT_CREATED,
      ShippingEvents.IN_TRANSIT, ShippingEvents.OUT_FOR_DELIVERY, ShippingEvents.DELIVERED);
    for (int i = 0; i < history.size(); i++) {
      assertThat(events.get(i).getData().getString("status")).isEqualTo(history.get(i).getStatus().name());
      assertThat(events.get(i).getData().getString("at")).isEqualTo(history.get(i).getAt());
      assertThat(events.get(i).getData().getString("place")).isEqualTo(history.get(i).getPlace());
    }
  }

  private static List<Event> eventsAbout(String order) {
    return service.events(0, 1000).await().stream().filter(event -> event.getAggregateId().equals(order)).toList();
  }
}
