package dev.bazaar.platform;

import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgConnectOptions;

import java.net.URI;
import java.util.Set;

/**
 * Where a service finds PostgreSQL, the {@code database} section of its verticle configuration:
 * {@code {"uri": "postgresql://user:secret@host:5432/db", "poolSize": 16}}.
 */
public record DatabaseConfig(String uri, int poolSize) {

  public static final int DEFAULT_POOL_SIZE = 16;

  public static DatabaseConfig from(JsonObject json) {
    ConfigReader config = ConfigReader.of("database", json, Set.of("uri", "poolSize"));
    String uri = config.string("uri", null);
    config.require(uri != null && !uri.isBlank(), "uri", "a PostgreSQL URI");
    int poolSize = config.integer("poolSize", DEFAULT_POOL_SIZE);
    config.require(poolSize >= 1, "poolSize", "at least 1");
    return new DatabaseConfig(uri, poolSize);
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
