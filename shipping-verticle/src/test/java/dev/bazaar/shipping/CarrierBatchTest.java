package dev.bazaar.shipping;

import dev.bazaar.contracts.shipping.ShipmentStatus;
import dev.bazaar.contracts.shipping.ShippingService;
import dev.bazaar.devkit.EmbeddedPostgresServer;
import dev.bazaar.platform.Database;
import dev.bazaar.platform.DatabaseConfig;
import dev.bazaar.platform.Outbox;
import dev.bazaar.platform.OutboxConfig;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static dev.bazaar.shipping.TestShipping.address;
import static dev.bazaar.shipping.TestShipping.newOrderId;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The carrier moves parcels in batches of 100, batch after batch until none is due: with 250 due at once, one sweep
 * moves all 250 one step. Driven in-process, so the test decides when the carrier sweeps.
 */
@ExtendWith(VertxExtension.class)
class CarrierBatchTest {

  private static EmbeddedPostgresServer postgres;
  private static Pool pool;
  private static ShippingRepository repository;
  private static SimulatedCarrier carrier;

  @BeforeAll
  static void start(Vertx vertx) {
    postgres = EmbeddedPostgresServer.startTemporary();
    DatabaseConfig database = new DatabaseConfig(postgres.uri(), 4);
    Database.migrate(vertx, database, "shipping").await();
    pool = Database.pool(vertx, database);
    repository = new ShippingRepository(pool, new Outbox("shipping", ShippingService.NAME));
    // Into transit at once; out for delivery only after an hour, so one sweep moves each parcel exactly one step.
    Duration hour = Duration.ofHours(1);
    carrier = new SimulatedCarrier(repository, new ShippingConfig(database, OutboxConfig.DEFAULTS, Duration.ZERO, hour, hour,
      hour, ShippingConfig.DEFAULT_HOME_COUNTRY, "EUR"));
  }

  @AfterAll
  static void stop() {
    pool.close().await();
    postgres.close();
  }

  @Test
  void oneSweepMovesEveryDueParcelBatchAfterBatch() {
    List<String> orders = new ArrayList<>();
    for (int i = 0; i < 250; i++) {
      String order = newOrderId();
      orders.add(order);
      repository.insert(order, "BZ" + i, address("FR"), 500, carrier.moveInto(ShipmentStatus.LABEL_CREATED, address("FR")))
        .await();
    }

    assertThat(carrier.moveDue().await()).isEqualTo(250);
    assertThat(orders).allSatisfy(order ->
      assertThat(repository.find(order).await().getStatus()).isEqualTo(ShipmentStatus.IN_TRANSIT));
    assertThat(carrier.moveDue().await()).as("nothing is due any more").isZero();
  }
}
