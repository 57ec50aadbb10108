package dev.bazaar.platform;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import org.flywaydb.core.Flyway;

/** Opens a service's connection pool and brings the schema it owns up to date. */
public final class Database {

  private static final String UNIQUE_VIOLATION = "23505";

  private Database() {
  }

  /** Brings the service's schema up to date, then opens its pool: how every service's start begins. */
  public static Future<Pool> open(Vertx vertx, DatabaseConfig config, String schema) {
    return migrate(vertx, config, schema).map(migrated -> pool(vertx, config));
  }

  /** Stops relaying, then closes the pool: how every service's stop ends. Either may be null, if start failed early. */
  public static Future<Void> close(OutboxRelay relay, Pool pool) {
    return (relay == null ? Future.<Void>succeededFuture() : relay.close())
      .eventually(() -> pool == null ? Future.succeededFuture() : pool.close());
  }

  public static Pool pool(Vertx vertx, DatabaseConfig config) {
    return PgBuilder.pool()
      .with(new PoolOptions().setMaxSize(config.poolSize()))
      .connectingTo(config.connectOptions())
      .using(vertx)
      .build();
  }

  /**
   * Brings schema {@code schema} up to date: first the tables every service shares the shape of (its outbox and
   * inbox, from {@code classpath:db/platform}, with their own history table so their versions never mix with the
   * service's), then the service's own migrations from {@code classpath:db/<schema>}. Flyway speaks JDBC, which
   * blocks, so it runs once at start on a worker thread. Flyway takes a database lock, so instances starting together
   * migrate once between them.
   */
  public static Future<Void> migrate(Vertx vertx, DatabaseConfig config, String schema) {
    return vertx.executeBlocking(() -> {
      flyway(config, schema, "platform_schema_history", "classpath:db/platform").migrate();
      flyway(config, schema, "flyway_schema_history", "classpath:db/" + schema).migrate();
      return null;
    }, false);
  }

  private static Flyway flyway(DatabaseConfig config, String schema, String historyTable, String location) {
    PgConnectOptions options = config.connectOptions();
    return Flyway.configure(Database.class.getClassLoader())
      .dataSource(config.jdbcUrl(), options.getUser(), options.getPassword())
      .schemas(schema)
      .createSchemas(true)
      .table(historyTable)
      .locations(location)
      // Each of the two sets of migrations finds the other's tables in the schema, which Flyway refuses as a schema
      // it does not know unless told to start from a baseline. Version 0 lies before every migration, so all apply.
      .baselineOnMigrate(true)
      .baselineVersion("0")
      .load();
  }

  /** True when the statement failed because a row with the same unique key exists: the mark of a repeated insert. */
  public static boolean isUniqueViolation(Throwable failure) {
    return failure instanceof PgException pg && UNIQUE_VIOLATION.equals(pg.getSqlState());
  }
}
