package dev.bazaar.catalog;

import dev.bazaar.contracts.Event;
import dev.bazaar.contracts.catalog.CatalogEvents;
import dev.bazaar.contracts.catalog.CatalogService;
import dev.bazaar.contracts.catalog.Product;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static dev.bazaar.catalog.ReservationTest.line;
import static dev.bazaar.catalog.ReservationTest.newOrderId;
import static dev.bazaar.catalog.TestCatalog.draft;
import static dev.bazaar.catalog.TestCatalog.uniqueCategory;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every change to the catalog is announced: products created, updated and taken off sale, and stock set, held,
 * committed and returned. Each event is published on {@code bazaar.events.catalog} and stays in the catalog's log.
 */
@ExtendWith(VertxExtension.class)
class CatalogEventsTest {

  private static Vertx vertx;
  private static TestCatalog catalog;
  private static final List<Event> published = Collections.synchronizedList(new ArrayList<>());

  @BeforeAll
  static void deploy(Vertx v) {
    vertx = v;
    vertx.eventBus().<JsonObject>consumer(Event.address(CatalogService.NAME), message -> published.add(new Event(message.body())))
      .completion().await();
    catalog = TestCatalog.deploy(vertx, Duration.ofMinutes(10));
  }

  @AfterAll
  static void stop() {
    catalog.close();
  }

  @Test
  void productChangesAreAnnouncedWithTheProductAsTheApiShowsIt() {
    Product created = catalog.service.create(draft(uniqueCategory(), "Announced", 1200)).await();
    Product updated = catalog.service.update(created.getId(), draft(created.getCategory(), "Renamed", 1300)).await();
    catalog.service.deactivate(created.getId()).await();
    catalog.service.deactivate(created.getId()).await();

    List<Event> events = awaitEvents(created.getId(), 3);

    assertThat(events).extracting(Event::getType).containsExactly(
      CatalogEvents.PRODUCT_CREATED, CatalogEvents.PRODUCT_UPDATED, CatalogEvents.PRODUCT_DEACTIVATED);
    assertThat(events.get(0).getData()).isEqualTo(created.toJson());
    assertThat(events.get(1).getData()).isEqualTo(updated.toJson());
    assertThat(events.get(2).getData().getBoolean("active")).isFalse();
    assertThat(events).allSatisfy(event -> assertThat(event.getSource()).isEqualTo(CatalogService.NAME));
  }

  @Test
  void everyStockChangeIsAnnouncedWithItsReasonAndOrder() {
    Product product = catalog.product(uniqueCategory(), "Stocked", 500, 10);
    String sold = newOrderId();
    String dropped = newOrderId();
    catalog.service.reserve(sold, List.of(line(product, 3))).await();
    catalog.service.commitReservation(sold).await();
    catalog.service.reserve(dropped, List.of(line(product, 2))).await();
    catalog.service.releaseReservation(dropped).await();

    List<JsonObject> changes = awaitEvents(product.getId(), 6).stream()
      .filter(event -> event.getType().equals(CatalogEvents.STOCK_CHANGED)).map(Event::getData).toList();

    assertThat(changes).extracting(change -> change.getString("reason"))
      .containsExactly("SET", "RESERVED", "COMMITTED", "RESERVED", "RELEASED");
    assertThat(changes).extracting(change -> change.getString("orderId"))
      .containsExactly(null, sold, sold, dropped, dropped);
    assertThat(changes).extracting(change -> change.getInteger("onHand")).containsExactly(10, 10, 7, 7, 7);
    assertThat(changes).extracting(change -> change.getInteger("reserved")).containsExactly(0, 3, 0, 2, 0);
    assertThat(changes).extracting(change -> change.getInteger("available")).containsExactly(10, 7, 7, 5, 7);
  }

  @Test
  void theLogHoldsWhatWasPublishedInPositionOrder() {
    Product product = catalog.product(uniqueCategory(), "Logged", 700, 4);
    awaitEvents(product.getId(), 2);

    List<Event> log = catalog.service.events(0, 1000).await();

    assertThat(log).extracting(Event::getPosition).isSorted().doesNotHaveDuplicates();
    assertThat(log).extracting(Event::getId).containsAll(published.stream().map(Event::getId).toList());
    List<Event> after = catalog.service.events(log.get(0).getPosition(), 1).await();
    assertThat(after).hasSize(1);
    assertThat(after.get(0).getPosition()).isEqualTo(log.get(1).getPosition());
  }

  /** The events about one product, once {@code count} of them were published, in the order they were. */
  private static List<Event> awaitEvents(String productId, int count) {
    Instant deadline = Instant.now().plusSeconds(10);
    while (true) {
      List<Event> events;
      synchronized (published) {
        events = published.stream().filter(event -> event.getAggregateId().equals(productId)).toList();
      }
      if (events.size() >= count) {
        return events;
      }
      assertThat(Instant.now()).as("%d events about %s published in time", count, productId).isBefore(deadline);
      vertx.timer(20).await();
    }
  }
}
