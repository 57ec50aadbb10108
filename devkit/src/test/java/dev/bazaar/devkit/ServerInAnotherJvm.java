package dev.bazaar.devkit;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

/**
 * Run by the tests in a JVM of its own, so that they can kill it: starts PostgreSQL on a data directory (or
 * "temporary"), commits one row, prints {@code READY <port>}, then runs until its stdin is closed or it is killed.
 *
 * <p>Modes: {@code server} uses {@link EmbeddedPostgresServer}; {@code bare} uses the library alone, without a
 * watchdog and trusting every local connection, as Bazaar did before, so that its PostgreSQL is certain to outlive a
 * killed JVM, and its directory is one made before Bazaar set a password. Its password is printed as "-".
 *
 * <p>Arguments: mode, data directory or "temporary", the value to commit into {@code crash_test(sku)}.
 */
public final class ServerInAnotherJvm {

  private ServerInAnotherJvm() {
  }

  public static void main(String[] args) throws Exception {
    String mode = args[0];
    String directory = args[1];
    AutoCloseable server;
    int port;
    String password;
    if (mode.equals("bare")) {
      EmbeddedPostgres postgres = EmbeddedPostgres.builder()
        .setDataDirectory(Path.of(directory)).setCleanDataDirectory(false)
        .setServerConfig("fsync", "on").setServerConfig("synchronous_commit", "on")
        .start();
      server = postgres;
      port = postgres.getPort();
      password = "-"; // trusted, so never asked for
    } else {
      EmbeddedPostgresServer postgres = directory.equals("temporary")
        ? EmbeddedPostgresServer.startTemporary() : EmbeddedPostgresServer.start(Path.of(directory));
      server = postgres;
      port = postgres.port();
      password = postgres.password();
    }
    try (Connection connection = DriverManager.getConnection("jdbc:postgresql://localhost:" + port + "/postgres",
           "postgres", password);
         Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE IF NOT EXISTS crash_test (sku text PRIMARY KEY)");
      statement.execute("INSERT INTO crash_test VALUES ('" + args[2] + "')"); // autocommit: committed on return
    }
    System.out.println("READY " + port + " " + password);
    System.out.flush();
    while (System.in.read() != -1) {
      // runs until the test closes stdin (or the test JVM ends), or kills this JVM
    }
    server.close();
  }
}
