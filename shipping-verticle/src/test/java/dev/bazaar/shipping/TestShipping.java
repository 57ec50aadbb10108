package dev.bazaar.shipping;

import dev.bazaar.contracts.Address;
import dev.bazaar.contracts.ErrorCode;
import dev.bazaar.contracts.shipping.ShippingService;
import dev.bazaar.devkit.EmbeddedPostgresServer;
import dev.bazaar.platform.DatabaseConfig;
import dev.bazaar.platform.OutboxConfig;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.serviceproxy.ServiceException;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * A shipping service deployed on a real, temporary PostgreSQL, reached through its proxy as any caller would. It can
 * be undeployed and deployed again on the same database, as a restart would.
 */
final class TestShipping implements AutoCloseable {

  /** Carrier delays long enough that nothing moves while a test looks. */
  static final Duration NEVER = Duration.ofHours(1);

  final ShippingService service;
  private final Vertx vertx;
  private final EmbeddedPostgresServer postgres;
  private final ShippingConfig config;
  private final List<String> deployments = new ArrayList<>();
  private boolean databaseStopped;

  private TestShipping(Vertx vertx, EmbeddedPostgresServer postgres, ShippingConfig config) {
    this.vertx = vertx;
    this.postgres = postgres;
    this.config = config;
    this.service = ShippingService.createProxy(vertx, new DeliveryOptions().setSendTimeout(10_000));
  }

  /** Shipping whose carrier waits {@code delay} before each move, and sweeps often enough to keep to it. */
  static TestShipping deploy(Vertx vertx, Duration delay) {
    EmbeddedPostgresServer postgres = EmbeddedPostgresServer.startTemporary();
    ShippingConfig config = new ShippingConfig(new DatabaseConfig(postgres.uri(), 8), OutboxConfig.DEFAULTS, delay, delay,
      delay, Duration.ofMillis(50), "DE", "EUR");
    TestShipping shipping = new TestShipping(vertx, postgres, config);
    shipping.deploy(1);
    return shipping;
  }

  /** Deploys {@code instances} more shipping verticles on this shipping's database, as more nodes would. */
  void deploy(int instances) {
    deployments.add(vertx.deployVerticle(ShippingVerticle::new,
      new DeploymentOptions().setInstances(instances).setConfig(config.toJson())).await());
  }

  /** Undeploys every shipping verticle, as stopping every node would; the database stays. */
  void undeploy() {
    deployments.forEach(deployment -> vertx.undeploy(deployment).await());
    deployments.clear();
  }

  /** Stops the database under the running service, as an outage would; the service is not told. */
  void stopDatabase() {
    postgres.close();
    databaseStopped = true;
  }

  static Address address(String country) {
    return new Address().setName("Ada Lovelace").setLine1("Hauptstraße 1").setCity("Lyon").setPostalCode("69001")
      .setCountry(country);
  }

  static String newOrderId() {
    return "order-" + UUID.randomUUID();
  }

  /** Polls until the condition holds, failing at the deadline instead of sleeping for a guessed time. */
  void await(String what, Duration limit, BooleanSupplier condition) {
    Instant deadline = Instant.now().plus(limit);
    while (!condition.getAsBoolean()) {
      assertThat(Instant.now()).as(what + " in time").isBefore(deadline);
      vertx.timer(20).await();
    }
  }

  static void assertFails(ThrowingCallable call, ErrorCode code) {
    Throwable failure = catchThrowable(call);
    assertThat(failure).isInstanceOf(ServiceException.class);
    assertThat(((ServiceException) failure).failureCode()).as(failure.getMessage()).isEqualTo(code.code());
  }

  @Override
  public void close() {
    undeploy();
    if (!databaseStopped) {
      postgres.close();
    }
  }
}
