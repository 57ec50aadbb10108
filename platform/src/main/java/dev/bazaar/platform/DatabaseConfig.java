package dev.bazaar.platform;

import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgConnectOptions;

import java.net.URI;

/**
 * Where a service finds PostgreSQL, read from the {@code database} object of its verticle configuration:
 * {@code {"database": {"uri": "postgresql://user:secret@host:5432/db", "poolSize": 16}}}.
 */
public record DatabaseConfig(String uri, int poolSize) {

  public static final int DEFAULT_POOL_SIZE = 16;

  public static DatabaseConfig from(JsonObject verticleConfig) {
    JsonObject database = verticleConfig.getJsonObject("database", new JsonObject());
    String uri = database.getString("uri");
    if (uri == null || uri.isBlank()) {
      throw new IllegalArgumentException("no database configured: set database.uri");
    }
    return new DatabaseConfig(uri, database.getInteger("poolSize", DEFAULT_POOL_SIZE));
  }

  public JsonObject toJson() {
    return new JsonObject().put("uri", uri).put("poolSize", poolSize);
  }

  public PgConnectOptions connectOptions() {
    return PgConnectOptions.fromUri(uri).setCachePreparedStatements(true);
  }

  /**
   * The same server as a JDBC URL, for Flyway, with the URI's parameters (sslmode and the like) kept. The user and
   * password travel apart, because the JDBC driver does not read them from the authority.
   */
  public String jdbcUrl() {
    PgConnectOptions options = connectOptions();
    String query = URI.create(uri).getRawQuery();
    String host = options.getHost().contains(":") && !options.getHost().startsWith("[") ? "[" + options.getHost() + "]" : options.getHost();
    return "jdbc:postgresql://" + host + ":" + options.getPort() + "/" + options.getDatabase()
      + (query == null ? "" : "?" + query);
  }
}
