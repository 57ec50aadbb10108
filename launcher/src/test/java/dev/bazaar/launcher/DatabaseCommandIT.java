package dev.bazaar.launcher;

import dev.bazaar.devkit.EmbeddedPostgresServer;
import dev.bazaar.platform.DatabaseConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code bazaar db} as the README runs it for a cluster's nodes: the URI it prints carries the password its data
 * directory keeps, a client without that password is refused, and a restart prints the same URI.
 */
class DatabaseCommandIT {

  private static final String RUNNING = "PostgreSQL is running: ";

  @TempDir
  Path workDir;

  @Test
  void printsAUriWithThePasswordItKeepsAndRefusesAClientWithoutIt() throws Exception {
    String uri;
    try (ShopProcess database = ShopProcess.start(workDir, "db", "--port", "0", "--data-dir", "db-data")) {
      uri = ClusterShop.awaitLine(database, RUNNING).substring(RUNNING.length()).strip();
      String password = Files.readString(EmbeddedPostgresServer.passwordFile(workDir.resolve("db-data/pg"))).strip();
      DatabaseConfig config = new DatabaseConfig(uri, 1);
      int port = config.connectOptions().getPort();

      assertThat(uri).isEqualTo("postgresql://postgres:" + password + "@localhost:" + port + "/postgres");
      assertThat(Files.readString(database.out)).contains("Give it to each service node: --pg-uri " + uri);
      try (Connection connection = DriverManager.getConnection(config.jdbcUrl(), "postgres", password)) {
        assertThat(connection.isValid(5)).isTrue();
      }
      assertThatThrownBy(() -> DriverManager.getConnection(config.jdbcUrl(), "postgres", null))
        .isInstanceOf(SQLException.class);
      assertThat(database.terminate()).isZero();
    }

    try (ShopProcess again = ShopProcess.start(workDir, "db", "--port", "0", "--data-dir", "db-data")) {
      String restarted = ClusterShop.awaitLine(again, RUNNING).substring(RUNNING.length()).strip();
      assertThat(new DatabaseConfig(restarted, 1).connectOptions().getPassword())
        .isEqualTo(new DatabaseConfig(uri, 1).connectOptions().getPassword());
      assertThat(again.terminate()).isZero();
    }
  }
}
