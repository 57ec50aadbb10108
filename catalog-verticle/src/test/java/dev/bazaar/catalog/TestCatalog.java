package dev.bazaar.catalog;

import dev.bazaar.contracts.Money;
import dev.bazaar.contracts.catalog.CatalogService;
import dev.bazaar.contracts.catalog.Product;
import dev.bazaar.contracts.catalog.ProductDraft;
import dev.bazaar.platform.DatabaseConfig;
import dev.bazaar.platform.OutboxConfig;
import dev.bazaar.devkit.EmbeddedPostgresServer;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;

import java.time.Duration;
import java.util.UUID;

/** A catalog service deployed on a real, temporary PostgreSQL, reached through its proxy as any caller would. */
final class TestCatalog implements AutoCloseable {

  final CatalogService service;
  private final Vertx vertx;
  private final EmbeddedPostgresServer postgres;
  private final String deployment;

  private TestCatalog(Vertx vertx, EmbeddedPostgresServer postgres, String deployment) {
    this.vertx = vertx;
    this.postgres = postgres;
    this.deployment = deployment;
    this.service = CatalogService.createProxy(vertx, new DeliveryOptions().setSendTimeout(10_000));
  }

  static TestCatalog deploy(Vertx vertx, Duration reservationTtl) {
    EmbeddedPostgresServer postgres = EmbeddedPostgresServer.startTemporary();
    CatalogConfig config = new CatalogConfig(new DatabaseConfig(postgres.uri(), 16), OutboxConfig.DEFAULTS, reservationTtl,
      Duration.ofMillis(100), false, "EUR");
    String deployment = vertx.deployVerticle(new CatalogVerticle(), new DeploymentOptions().setConfig(config.toJson())).await();
    return new TestCatalog(vertx, postgres, deployment);
  }

  /** A fresh product with a unique SKU, priced in EUR, with the given units on hand. */
  Product product(String category, String name, long price, int onHand) {
    ProductDraft draft = draft(category, name, price);
    Product created = service.create(draft).await();
    return service.setStock(created.getId(), onHand).await();
  }

  static ProductDraft draft(String category, String name, long price) {
    return new ProductDraft()
      .setSku("T-" + UUID.randomUUID())
      .setName(name)
      .setDescription("A " + name.toLowerCase() + " for tests")
      .setCategory(category)
      .setPrice(new Money(price, "EUR"));
  }

  static String uniqueCategory() {
    return "cat-" + UUID.randomUUID();
  }

  @Override
  public void close() {
    vertx.undeploy(deployment).await();
    postgres.close();
  }
}
