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

  public static Pool pool(Vertx vertx, DatabaseConfig config) {
    return PgBuilder.pool()
      .with(new PoolOptions().setMaxSize(config.poolSize()))
      .connectingTo(config.connectOptions())
      .using(vertx)
      .build();
  }

  /**
   * Runs the migrations under {@code classpath:db/<schema>} into that schema. Flyway speaks JDBC, which blocks, so it
   * runs once at start on a worker thread. Flyway takes a database lock, so instances starting together are safe.
   */
  public static Future<Void> migrate(Vertx vertx, DatabaseConfig config, String schema) {
    return vertx.executeBlocking(() -> {
      PgConnectOptions options = config.connectOptions();
      Flyway.configure(Database.class.getClassLoader())
        .dataSource(config.jdbcUrl(), options.getUser(), options.getPassword())
        .schemas(schema)
        .createSchemas(true)
        .locations("classpath:db/" + schema)
        .load()
        .migrate();
      return null;
    }, false);
  }

  /** True when the statement failed because a row with the same unique key exists: the mark of a repeated insert. */
  public static boolean isUniqueViolation(Throwable failure) {
    return failure instanceof PgException pg && UNIQUE_VIOLATION.equals(pg.getSqlState());
  }
}
