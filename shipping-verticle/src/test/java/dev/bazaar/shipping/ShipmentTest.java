package dev.bazaar.shipping;

import dev.bazaar.contracts.Address;
import dev.bazaar.contracts.ErrorCode;
import dev.bazaar.contracts.Event;
import dev.bazaar.contracts.shipping.Shipment;
import dev.bazaar.contracts.shipping.ShipmentMove;
import dev.bazaar.contracts.shipping.ShipmentStatus;
import dev.bazaar.contracts.shipping.ShippingEvents;
import dev.bazaar.contracts.shipping.ShippingService;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static dev.bazaar.shipping.TestShipping.address;
import static dev.bazaar.shipping.TestShipping.assertFails;
import static dev.bazaar.shipping.TestShipping.newOrderId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Creating, reading and cancelling shipments through the proxy, with a carrier too slow to move anything meanwhile.
 * Each change is announced in shipping's event log.
 */
@ExtendWith(VertxExtension.class)
class ShipmentTest {

  private static TestShipping shipping;
  private static ShippingService service;

  @BeforeAll
  static void deploy(Vertx vertx) {
    shipping = TestShipping.deploy(vertx, TestShipping.NEVER);
    service = shipping.service;
  }

  @AfterAll
  static void stop() {
    shipping.close();
  }

  @Test
  void aNewShipmentHasATrackingNumberAndItsLabel() {
    String order = newOrderId();
    Address to = address("FR").setLine2("Bâtiment B");

    Shipment created = service.createShipment(order, to, 1200).await();

    assertThat(created.getOrderId()).isEqualTo(order);
    assertThat(created.getTrackingNumber()).matches("BZ[0-9A-F]{16}");
    assertThat(created.getStatus()).isEqualTo(ShipmentStatus.LABEL_CREATED);
    assertThat(created.getAddress().toJson()).isEqualTo(to.toJson());
    assertThat(created.getWeightGrams()).isEqualTo(1200);
    assertThat(created.getHistory()).extracting(ShipmentMove::getStatus, ShipmentMove::getPlace)
      .containsExactly(tuple(ShipmentStatus.LABEL_CREATED, "Bazaar warehouse, DE"));
    assertThat(service.get(order).await().toJson()).isEqualTo(created.toJson());
  }

  @Test
  void creatingAgainForTheSameOrderReturnsTheFirstShipmentAndAnnouncesItOnce() {
    String order = newOrderId();
    Shipment first = service.createShipment(order, address("FR"), 1200).await();

    Shipment again = service.createShipment(order, address("US").setCity("Boston"), 9000).await();

    assertThat(again.toJson()).isEqualTo(first.toJson());
    assertThat(service.get(order).await().getHistory()).hasSize(1);
    List<Event> events = eventsAbout(order);
    assertThat(events).extracting(Event::getType).containsExactly(ShippingEvents.SHIPMENT_CREATED);
    assertThat(events.get(0).getData()).isEqualTo(new JsonObject()
      .put("orderId", order)
      .put("trackingNumber", first.getTrackingNumber())
      .put("status", "LABEL_CREATED")
      .put("at", first.getHistory().get(0).getAt())
      .put("place", "Bazaar warehouse, DE")
      .put("address", first.getAddress().toJson())
      .put("weightGrams", 1200));
  }

  @Test
  void differentOrdersGetDifferentTrackingNumbers() {
    String one = service.createShipment(newOrderId(), address("DE"), 100).await().getTrackingNumber();
    String two = service.createShipment(newOrderId(), address("DE"), 100).await().getTrackingNumber();

    assertThat(one).isNotEqualTo(two);
  }

  @Test
  void cancellingBeforeTransitStopsTheShipmentOnceAndAnnouncesIt() {
    String order = newOrderId();
    service.createShipment(order, address("FR"), 1200).await();

    Shipment cancelled = service.cancelShipment(order).await();
    Shipment again = service.cancelShipment(order).await();

    assertThat(cancelled.getStatus()).isEqualTo(ShipmentStatus.CANCELLED);
    assertThat(cancelled.getHistory()).extracting(ShipmentMove::getStatus)
      .containsExactly(ShipmentStatus.LABEL_CREATED, ShipmentStatus.CANCELLED);
    assertThat(again.toJson()).as("cancelling twice changes nothing").isEqualTo(cancelled.toJson());
    assertThat(eventsAbout(order)).extracting(Event::getType)
      .containsExactly(ShippingEvents.SHIPMENT_CREATED, ShippingEvents.SHIPMENT_CANCELLED);
  }

  @Test
  void aCancelThatComesBeforeTheCreationMakesTheLateCreationARefusal() {
    String order = newOrderId();

    assertFails(() -> service.cancelShipment(order).await(), ErrorCode.NOT_FOUND);
    assertFails(() -> service.createShipment(order, address("FR"), 1200).await(), ErrorCode.CONFLICT);
    assertFails(() -> service.cancelShipment(order).await(), ErrorCode.NOT_FOUND);

    assertFails(() -> service.get(order).await(), ErrorCode.NOT_FOUND);
    assertThat(eventsAbout(order)).isEmpty();
  }

  @Test
  void aCancelRacingTheCreationAlwaysLeavesNoParcelToShip() {
    List<String> orders = new ArrayList<>();
    List<Future<?>> calls = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      String order = newOrderId();
      orders.add(order);
      if (i % 2 == 0) {
        calls.add(service.createShipment(order, address("FR"), 1200));
        calls.add(service.cancelShipment(order));
      } else {
        calls.add(service.cancelShipment(order));
        calls.add(service.createShipment(order, address("FR"), 1200));
      }
    }
    Future.join(calls).otherwiseEmpty().await();

    for (String order : orders) {
      Shipment shipment = service.get(order).otherwiseEmpty().await();
      assertThat(shipment == null ? "none" : shipment.getStatus().name()).as("the shipment of %s", order)
        .isIn("none", "CANCELLED");
    }
  }

  @Test
  void unknownOrdersAreNotFound() {
    assertFails(() -> service.get(newOrderId()).await(), ErrorCode.NOT_FOUND);
    assertFails(() -> service.cancelShipment(newOrderId()).await(), ErrorCode.NOT_FOUND);
  }

  @Test
  void badInputIsRefusedAndCreatesNothing() {
    String order = newOrderId();
    List<Address> badAddresses = List.of(address("XX"), address("de"), address("DE").setCity(" "),
      address("DE").setName(null), address("DE").setLine1("a\u0000b"), address("DE").setLine2("x".repeat(201)),
      address("DE").setPostalCode("1".repeat(21)));

    for (Address bad : badAddresses) {
      assertFails(() -> service.createShipment(order, bad, 1000).await(), ErrorCode.INVALID_INPUT);
    }
    assertFails(() -> service.createShipment(order, null, 1000).await(), ErrorCode.INVALID_INPUT);
    for (int grams : new int[] {0, -1, 31_501}) {
      assertFails(() -> service.createShipment(order, address("DE"), grams).await(), ErrorCode.INVALID_INPUT);
    }
    for (String badOrder : new String[] {null, "", " ", "x".repeat(101), "a\nb"}) {
      assertFails(() -> service.createShipment(badOrder, address("DE"), 1000).await(), ErrorCode.INVALID_INPUT);
      assertFails(() -> service.cancelShipment(badOrder).await(), ErrorCode.INVALID_INPUT);
      assertFails(() -> service.get(badOrder).await(), ErrorCode.INVALID_INPUT);
    }
    assertFails(() -> service.get(order).await(), ErrorCode.NOT_FOUND);
  }

  /**
   * The events about one order, once the log has caught up with every change made so far: a shipment created now is
   * committed after them, so once its event has a position in the log, so do theirs.
   */
  private static List<Event> eventsAbout(String orderId) {
    String marker = service.createShipment(newOrderId(), address("DE"), 100).await().getOrderId();
    shipping.await("the log catching up", Duration.ofSeconds(10),
      () -> service.events(0, 1000).await().stream().anyMatch(event -> event.getAggregateId().equals(marker)));
    return service.events(0, 1000).await().stream().filter(event -> event.getAggregateId().equals(orderId)).toList();
  }
}
