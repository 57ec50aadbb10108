package dev.bazaar.catalog;

import dev.bazaar.contracts.Event;
import dev.bazaar.contracts.Money;
import dev.bazaar.contracts.catalog.CatalogEvents;
import dev.bazaar.contracts.catalog.CatalogService;
import dev.bazaar.contracts.catalog.Product;
import dev.bazaar.contracts.catalog.ProductPage;
import dev.bazaar.contracts.catalog.ProductQuery;
import dev.bazaar.contracts.catalog.ReservationStatus;
import dev.bazaar.devkit.EmbeddedPostgresServer;
import dev.bazaar.platform.Database;
import dev.bazaar.platform.DatabaseConfig;
import dev.bazaar.platform.OutboxConfig;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

import static dev.bazaar.catalog.ReservationTest.assertStock;
import static dev.bazaar.catalog.ReservationTest.line;
import static dev.bazaar.catalog.ReservationTest.newOrderId;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The verticle's life: what it does on start (seeding, sweeping) and on stop. Each test deploys inside the test
 * itself, not in a {@code @BeforeAll}, so that what start does is checked by the test that depends on it.
 */
@ExtendWith(VertxExtension.class)
class CatalogVerticleTest {

  /** The 27-inch monitor of the demo catalog, under the id the README's examples use. */
  private static final String DEMO_MONITOR = "de1a7c8d-a2bc-30df-b019-8f7fb8ff0001";
  private static final int DEMO_PRODUCTS = 36;

  @Test
  void anEmptyShopGetsTheDemoCatalogOnlyWhenAskedAndOnlyOnce(Vertx vertx) {
    try (EmbeddedPostgresServer postgres = EmbeddedPostgresServer.startTemporary()) {
      CatalogService service = proxy(vertx);

      String plain = deploy(vertx, postgres, Duration.ofMinutes(1), false);
      assertThat(everything(service).getTotal()).as("not asked to seed").isZero();
      vertx.undeploy(plain).await();

      String seeding = deploy(vertx, postgres, Duration.ofMinutes(1), true);
      ProductPage demo = everything(service);
      assertThat(demo.getTotal()).isEqualTo(DEMO_PRODUCTS);
      assertThat(demo.getItems()).allSatisfy(p -> assertThat(p.getId()).isEqualTo(DemoProduct.idOf(p.getSku()).toString()));
      Product monitor = service.get(DEMO_MONITOR).await();
      assertThat(monitor.getSku()).isEqualTo("ELEC-005");
      assertThat(monitor.getName()).isEqualTo("27-inch Monitor");
      assertThat(monitor.getCategory()).isEqualTo("electronics");
      assertThat(monitor.getPrice()).isEqualTo(new Money(32900, "EUR"));
      assertThat(monitor.isActive()).isTrue();
      assertStock(monitor.getStock(), 8, 0);
      service.setStock(DEMO_MONITOR, 3).await();
      vertx.undeploy(seeding).await();

      String again = deploy(vertx, postgres, Duration.ofMinutes(1), true);
      assertThat(everything(service).getTotal()).as("a shop with products is not seeded again").isEqualTo(DEMO_PRODUCTS);
      assertStock(service.get(DEMO_MONITOR).await().getStock(), 3, 0);
      vertx.undeploy(again).await();
    }
  }

  /** A product stored in GBP before the shop sold in one currency only is no longer on sale once the catalog starts. */
  @Test
  void startingTakesOffSaleAndAnnouncesWhatIsNotPricedInTheCurrencyTheShopSellsIn(Vertx vertx) {
    try (EmbeddedPostgresServer postgres = EmbeddedPostgresServer.startTemporary()) {
      CatalogService service = proxy(vertx);
      vertx.undeploy(deploy(vertx, postgres, Duration.ofMinutes(1), false)).await();
      String pounds = UUID.randomUUID().toString();
      String euros = UUID.randomUUID().toString();
      Pool direct = Database.pool(vertx, new DatabaseConfig(postgres.uri(), 1));
      try {
        for (String[] row : new String[][] {{pounds, "GBP"}, {euros, "EUR"}}) {
          direct.preparedQuery("""
              WITH p AS (INSERT INTO catalog.product (id, sku, name, category, price_value, price_currency, weight_grams)
                         VALUES ($1, $2, 'Old stock', 'legacy', 10000, $3, 500) RETURNING id)
              INSERT INTO catalog.stock (product_id, on_hand) SELECT id, 5 FROM p""")
            .execute(Tuple.of(UUID.fromString(row[0]), "LEGACY-" + row[0], row[1])).await();
        }
      } finally {
        direct.close().await();
      }

      String deployment = deploy(vertx, postgres, Duration.ofMinutes(1), false);

      assertThat(service.get(pounds).await().isActive()).as("the GBP product").isFalse();
      assertThat(service.get(euros).await().isActive()).as("the EUR product").isTrue();
      Supplier<List<String>> announced = () -> service.events(0, 100).await().stream()
        .filter(event -> event.getAggregateId().equals(pounds)).map(Event::getType).toList();
      awaitTrue(vertx, () -> !announced.get().isEmpty(), "the deactivation in the catalog's log");
      assertThat(announced.get()).containsExactly(CatalogEvents.PRODUCT_DEACTIVATED);
      vertx.undeploy(deployment).await();
    }
  }

  @Test
  void aDeployedCatalogReturnsTheStockOfExpiredReservationsOnItsOwn(Vertx vertx) {
    try (EmbeddedPostgresServer postgres = EmbeddedPostgresServer.startTemporary()) {
      CatalogService service = proxy(vertx);
      String deployment = deploy(vertx, postgres, Duration.ofMillis(300), false);
      Product created = service.create(TestCatalog.draft(TestCatalog.uniqueCategory(), "Perishable", 100)).await();
      Product product = service.setStock(created.getId(), 4).await();
      String order = newOrderId();
      service.reserve(order, List.of(line(product, 4))).await();

      awaitTrue(vertx, () -> service.get(product.getId()).await().getStock().getReserved() == 0, "the units back on sale");

      assertThat(service.releaseReservation(order).await().getStatus()).isEqualTo(ReservationStatus.EXPIRED);
      assertStock(service.get(product.getId()).await().getStock(), 4, 0);
      vertx.undeploy(deployment).await();
    }
  }

  @Test
  void aDeployedCatalogAnswersPingAndUndeployingClosesItsConnections(Vertx vertx) {
    try (EmbeddedPostgresServer postgres = EmbeddedPostgresServer.startTemporary()) {
      CatalogService service = proxy(vertx);
      Pool observer = Database.pool(vertx, new DatabaseConfig(postgres.uri(), 1));
      try {
        String deployment = deploy(vertx, postgres, Duration.ofMinutes(1), false);
        service.ping().await();
        assertThat(otherConnections(observer)).as("the catalog's pool is connected").isPositive();

        vertx.undeploy(deployment).await();

        awaitTrue(vertx, () -> otherConnections(observer) == 0, "the catalog's connections closed");
      } finally {
        observer.close().await();
      }
    }
  }

  @Test
  void demoProductIdsFollowFromTheirSkuSoEveryFreshShopHasTheSameIds() {
    assertThat(DemoProduct.idOf("ELEC-005")).hasToString(DEMO_MONITOR);
    assertThat(DemoProduct.idOf("ELEC-006")).isNotEqualTo(DemoProduct.idOf("ELEC-005"));

    DemoProduct demo = DemoProduct.fromJson(new JsonObject()
      .put("sku", "ELEC-005").put("name", "27-inch Monitor").put("category", "electronics")
      .put("price", new Money(32900, "EUR").toJson()).put("onHand", 8), "EUR");

    assertThat(demo.id()).hasToString(DEMO_MONITOR);
    assertThat(demo.onHand()).isEqualTo(8);
    assertThat(demo.draft().getName()).isEqualTo("27-inch Monitor");
  }

  private static String deploy(Vertx vertx, EmbeddedPostgresServer postgres, Duration reservationTtl, boolean seed) {
    CatalogConfig config = new CatalogConfig(new DatabaseConfig(postgres.uri(), 4), OutboxConfig.DEFAULTS, reservationTtl,
      Duration.ofMillis(100), seed, "EUR");
    return vertx.deployVerticle(new CatalogVerticle(), new DeploymentOptions().setConfig(config.toJson())).await();
  }

  private static CatalogService proxy(Vertx vertx) {
    return CatalogService.createProxy(vertx, new DeliveryOptions().setSendTimeout(10_000));
  }

  private static ProductPage everything(CatalogService service) {
    return service.search(new ProductQuery().setSize(ProductQuery.MAX_SIZE)).await();
  }

  /** Client connections to the server other than the observer's own. */
  private static long otherConnections(Pool observer) {
    return observer.query("""
        SELECT count(*) FROM pg_stat_activity
         WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()""")
      .execute().await().iterator().next().getLong(0);
  }

  /** Polls until the condition holds, instead of sleeping for a guessed time. */
  private static void awaitTrue(Vertx vertx, Supplier<Boolean> condition, String what) {
    Instant deadline = Instant.now().plusSeconds(10);
    while (!condition.get()) {
      assertThat(Instant.now()).as("%s in time", what).isBefore(deadline);
      vertx.timer(20).await();
    }
  }
}
