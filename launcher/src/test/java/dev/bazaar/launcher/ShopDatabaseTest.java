package dev.bazaar.launcher;

import dev.bazaar.devkit.EmbeddedPostgresServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The shop's own embedded database: its services reach it with the password it keeps in the data directory, a client
 * without that password is refused, and a restart on the same directory keeps the password and the data.
 */
class ShopDatabaseTest {

  @TempDir
  Path dataDir;

  @Test
  void theShopsServicesUseThePasswordItKeepsAcrossRestartsAndNobodyGetsInWithoutIt() throws Exception {
    ShopSettings settings = CommandRun.settings("--data-dir=" + dataDir, "--services=catalog");
    Path passwordFile = EmbeddedPostgresServer.passwordFile(settings.embeddedPgDirectory());
    String password;
    long seeded;
    try (Shop shop = Shop.start(settings)) {
      password = Files.readString(passwordFile).strip();
      int port = port(settings);
      assertThatThrownBy(() -> products(port, null)).isInstanceOf(SQLException.class);
      seeded = products(port, password);
      assertThat(seeded).as("the catalog migrated and seeded through its pool, with the password").isPositive();
    }

    try (Shop shop = Shop.start(settings)) {
      assertThat(Files.readString(passwordFile).strip()).isEqualTo(password);
      assertThat(products(port(settings), password)).isEqualTo(seeded);
    }
  }

  /** The port the embedded PostgreSQL listens on: the fourth line of its {@code postmaster.pid}. */
  private static int port(ShopSettings settings) throws Exception {
    return Integer.parseInt(Files.readAllLines(settings.embeddedPgDirectory().resolve("postmaster.pid")).get(3).strip());
  }

  private static long products(int port, String password) throws SQLException {
    try (Connection connection = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres",
           "postgres", password);
         Statement statement = connection.createStatement();
         ResultSet rows = statement.executeQuery("SELECT count(*) FROM catalog.product")) {
      rows.next();
      return rows.getLong(1);
    }
  }
}
