package dev.bazaar.catalog;

import dev.bazaar.contracts.catalog.CatalogService;
import dev.bazaar.contracts.catalog.Product;
import dev.bazaar.devkit.EmbeddedPostgresServer;
import dev.bazaar.platform.Database;
import dev.bazaar.platform.DatabaseConfig;
import dev.bazaar.platform.Outbox;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The catalog's schema on a real, temporary PostgreSQL, with no verticle and so no sweeper (and no outbox relay: the
 * events are written, not published): tests build
 * {@link CatalogServiceImpl}s over it and call them in-process, deciding themselves when reservations expire.
 */
final class InProcessCatalog implements AutoCloseable {

  /** The repository of one catalog instance; {@link #otherInstance} makes more. */
  final CatalogRepository repository;
  private final Vertx vertx;
  private final EmbeddedPostgresServer postgres;
  private final DatabaseConfig database;
  private final List<Pool> pools = new ArrayList<>();
  private Pool admin;

  private InProcessCatalog(Vertx vertx, EmbeddedPostgresServer postgres, DatabaseConfig database) {
    this.vertx = vertx;
    this.postgres = postgres;
    this.database = database;
    this.repository = newRepository();
  }

  static InProcessCatalog start(Vertx vertx) {
    EmbeddedPostgresServer postgres = EmbeddedPostgresServer.startTemporary();
    DatabaseConfig database = new DatabaseConfig(postgres.uri(), 8);
    Database.migrate(vertx, database, "catalog").await();
    return new InProcessCatalog(vertx, postgres, database);
  }

  /** A service over the one instance's repository, holding reservations for the given time. */
  CatalogServiceImpl service(Duration reservationTtl) {
    return new CatalogServiceImpl(vertx, repository, reservationTtl, "EUR");
  }

  /** A service as another catalog instance runs it, with a pool of its own. */
  CatalogServiceImpl otherInstance(Duration reservationTtl) {
    return new CatalogServiceImpl(vertx, newRepository(), reservationTtl, "EUR");
  }

  private CatalogRepository newRepository() {
    Pool pool = Database.pool(vertx, database);
    pools.add(pool);
    return new CatalogRepository(pool, new Outbox("catalog", CatalogService.NAME));
  }

  /** One number the query answers, read outside any catalog instance, as an operator with psql would. */
  long count(String sql) {
    return admin().query(sql).execute().await().iterator().next().getLong(0);
  }

  /** Runs a statement outside any catalog instance, as an operator with psql would. */
  void execute(String sql) {
    admin().query(sql).execute().await();
  }

  private synchronized Pool admin() {
    if (admin == null) {
      admin = Database.pool(vertx, database);
      pools.add(admin);
    }
    return admin;
  }

  /** A fresh product with the given units on hand. */
  static Product product(CatalogServiceImpl service, int onHand) {
    Product created = service.create(TestCatalog.draft(TestCatalog.uniqueCategory(), "Thing", 100)).await();
    return service.setStock(created.getId(), onHand).await();
  }

  @Override
  public void close() {
    pools.forEach(pool -> pool.close().await());
    postgres.close();
  }
}
