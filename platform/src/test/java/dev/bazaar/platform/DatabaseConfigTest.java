package dev.bazaar.platform;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

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
}
