package dev.bazaar.platform;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Flyway reaches the same server, with the same connection parameters, as the pool does. */
class DatabaseConfigTest {

  @Test
  void theJdbcUrlKeepsHostPortDatabaseAndParametersButNotTheCredentials() {
    DatabaseConfig config = new DatabaseConfig("postgresql://shop:secret@db.internal:6432/bazaar?sslmode=require", 4);

    assertThat(config.jdbcUrl()).isEqualTo("jdbc:postgresql://db.internal:6432/bazaar?sslmode=require");
    assertThat(config.connectOptions().getUser()).isEqualTo("shop");
    assertThat(config.connectOptions().getPassword()).isEqualTo("secret");
  }

  @Test
  void aUriWithoutParametersGivesAPlainJdbcUrl() {
    assertThat(new DatabaseConfig("postgresql://postgres@localhost:5432/postgres", 4).jdbcUrl())
      .isEqualTo("jdbc:postgresql://localhost:5432/postgres");
  }

  @Test
  void anIpv6HostIsBracketedAndAnAbsentPortIsTheDefault() {
    assertThat(new DatabaseConfig("postgresql://shop@[::1]:6432/bazaar", 4).jdbcUrl())
      .isEqualTo("jdbc:postgresql://[::1]:6432/bazaar");
    assertThat(new DatabaseConfig("postgresql://shop@db.internal/bazaar", 4).jdbcUrl())
      .isEqualTo("jdbc:postgresql://db.internal:5432/bazaar");
  }

  @Test
  void aPoolOfOneIsTheSmallestAndABlankUriIsNone() {
    assertThat(DatabaseConfig.from(new JsonObject().put("uri", "postgresql://db/x").put("poolSize", 1)).poolSize())
      .isEqualTo(1);
    assertThatThrownBy(() -> DatabaseConfig.from(new JsonObject().put("uri", "postgresql://db/x").put("poolSize", -1)))
      .hasMessage("database configuration: poolSize must be at least 1");
    assertThatThrownBy(() -> DatabaseConfig.from(new JsonObject().put("uri", "  ")))
      .hasMessage("database configuration: uri must be a PostgreSQL URI");
  }
}
