package dev.bazaar.devkit;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;

/**
 * Makes the embedded PostgreSQL ask every client for the superuser's password. The library runs initdb with
 * {@code -A trust}, so out of the box any local user could connect as the superuser, read every table and run
 * programs as this user ({@code COPY ... TO PROGRAM}). Its {@code pg_hba.conf} is replaced at every start by one that
 * wants {@code scram-sha-256} over the Unix socket and over TCP on loopback, and refuses every other address.
 */
final class PasswordAuthentication {

  private static final String HBA_FILE = "pg_hba.conf";
  private static final String HEADER = "# Written by Bazaar at every start; edits here are lost.";
  private static final String HBA = HEADER + """

    # Every client gives the superuser's password, kept in %s beside this file. No address but loopback can connect.
    # TYPE  DATABASE     USER  ADDRESS       METHOD
    local   all          all                 scram-sha-256
    host    all          all   127.0.0.1/32  scram-sha-256
    host    all          all   ::1/128       scram-sha-256
    local   replication  all                 scram-sha-256
    host    replication  all   127.0.0.1/32  scram-sha-256
    host    replication  all   ::1/128       scram-sha-256
    """.formatted(SuperuserPassword.FILE);

  /** How long the postmaster may take to act on a reload, which it does between two connections. */
  private static final Duration RELOAD = Duration.ofSeconds(10);

  private PasswordAuthentication() {
  }

  /** Whether {@code dataDirectory} already asks for a password: its rules were written by {@link #require}. */
  static boolean isRequired(Path dataDirectory) {
    Path file = dataDirectory.resolve(HBA_FILE);
    try {
      return Files.exists(file) && Files.readString(file).startsWith(HEADER);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /** Writes the rules that ask for a password; they apply from the next start, or reload, of the server. */
  static void require(Path dataDirectory) {
    Path file = dataDirectory.resolve(HBA_FILE);
    try {
      OwnerOnly.write(file, HBA);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Locks a server that still trusts local connections, on its first start (initdb has just run, or the directory
   * was made before Bazaar set a password): sets the password, keeps it, then rules that ask for it, and reloads.
   * The password is set before it is kept, and kept before it is asked for, so that a crash at any point leaves a
   * directory that the next start can still connect to and finish locking. Until the reload, milliseconds after the
   * start, the server trusts local clients as before: a new one holds no data yet, an old one always trusted them.
   */
  static void enable(EmbeddedPostgres postgres, Path dataDirectory, String password) {
    try (Connection trusted = postgres.getDatabase("postgres", "postgres", Map.of()).getConnection();
         Statement statement = trusted.createStatement()) {
      statement.execute("ALTER ROLE postgres PASSWORD '" + password + "'"); // hex: nothing in it needs quoting
      SuperuserPassword.keep(dataDirectory, password);
      require(dataDirectory);
      statement.execute("SELECT pg_reload_conf()");
    } catch (SQLException e) {
      throw new IllegalStateException("cannot set the superuser's password of PostgreSQL in " + dataDirectory + ": "
        + e.getMessage(), e);
    }
    awaitRequired(postgres, dataDirectory);
  }

  /**
   * Returns once a client without the password is refused. {@code pg_reload_conf()} only signals the postmaster,
   * which rereads the rules in its own time; until then, new connections are still trusted.
   */
  private static void awaitRequired(EmbeddedPostgres postgres, Path dataDirectory) {
    long deadline = System.nanoTime() + RELOAD.toNanos();
    while (acceptsWithoutPassword(postgres)) {
      if (System.nanoTime() - deadline > 0) {
        throw new IllegalStateException("PostgreSQL in " + dataDirectory + " still let a client in without the "
          + "password " + RELOAD.toSeconds() + " s after it was told to ask for it");
      }
      try {
        Thread.sleep(10); // start-up, before Vert.x exists: never on an event loop
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while PostgreSQL in " + dataDirectory + " reloaded its rules");
      }
    }
  }

  private static boolean acceptsWithoutPassword(EmbeddedPostgres postgres) {
    try (Connection connection = postgres.getDatabase("postgres", "postgres", Map.of()).getConnection()) {
      return true;
    } catch (SQLException refused) {
      return false;
    }
  }
}
