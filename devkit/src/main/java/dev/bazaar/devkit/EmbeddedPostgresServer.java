package dev.bazaar.devkit;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A real PostgreSQL 17 started from the classpath, for a developer's single JVM and for tests. It runs durable
 * ({@code fsync} and {@code synchronous_commit} on, which the library turns off by default), so an acknowledged
 * write survives a crash.
 *
 * <p>It is not open to other users of the machine: it listens on loopback only, and every client, over TCP or the Unix
 * socket, must give the superuser's password, which the first start makes and keeps in the data directory (see
 * {@link PasswordAuthentication}).
 *
 * <p>The library starts the postmaster with {@code pg_ctl}, detached from this JVM, so it outlives a JVM that is
 * killed. Two things make up for that: {@link OrphanedPostmaster} stops such a leftover server before a new start on
 * its data directory, and a {@link PostmasterWatchdog} stops it once this JVM is gone, even if nobody restarts.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

  /**
   * Data directories served from this JVM. Checked before the library's lock file is even opened: closing a second
   * channel on that file would release the lock this JVM already holds on it (POSIX locks belong to the process).
   */
  private static final Set<Path> IN_USE = ConcurrentHashMap.newKeySet();

  /** Both loopback addresses, whatever the hosts file says {@code localhost} is. */
  private static final String LOOPBACK = "127.0.0.1,::1";

  private final EmbeddedPostgres postgres;
  private final String password;
  private final PostmasterWatchdog watchdog;
  private final Path inUse; // null for a temporary server

  private EmbeddedPostgresServer(EmbeddedPostgres postgres, String password, PostmasterWatchdog watchdog, Path inUse) {
    this.postgres = postgres;
    this.password = password;
    this.watchdog = watchdog;
    this.inUse = inUse;
  }

  /** Where a data directory keeps the superuser's password, once it has started. */
  public static Path passwordFile(Path dataDirectory) {
    return SuperuserPassword.file(dataDirectory);
  }

  /**
   * Starts on a data directory that outlives the process; it is created on first use. A server left running on it by
   * a JVM that died is stopped first; a directory in use by a live JVM is refused.
   */
  public static EmbeddedPostgresServer start(Path dataDirectory) {
    return start(dataDirectory, 0);
  }

  /** As {@link #start(Path)}, listening on {@code port}, or on any free port when it is 0. */
  public static EmbeddedPostgresServer start(Path dataDirectory, int port) {
    Path directory;
    try {
      directory = Files.createDirectories(dataDirectory.toAbsolutePath().normalize()).toRealPath();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start embedded PostgreSQL in " + dataDirectory + ": " + e.getMessage(), e);
    }
    if (!IN_USE.add(directory)) {
      throw OrphanedPostmaster.inUse(directory);
    }
    try {
      OrphanedPostmaster.takeOver(directory);
      EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder().setDataDirectory(directory).setCleanDataDirectory(false);
      return start(port == 0 ? builder : builder.setPort(port), directory, false);
    } catch (RuntimeException e) {
      IN_USE.remove(directory);
      throw e;
    }
  }

  /** Starts on a fresh temporary data directory that is deleted on close, or by the watchdog if this JVM dies. */
  public static EmbeddedPostgresServer startTemporary() {
    try {
      Path directory = Files.createTempDirectory("epg");
      return start(EmbeddedPostgres.builder().setDataDirectory(directory), directory, true);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a data directory for embedded PostgreSQL: " + e.getMessage(), e);
    }
  }

  private static EmbeddedPostgresServer start(EmbeddedPostgres.Builder builder, Path directory, boolean temporary) {
    Optional<String> kept = SuperuserPassword.kept(directory);
    if (kept.isEmpty() && PasswordAuthentication.isRequired(directory)) {
      throw new IllegalStateException("PostgreSQL in " + directory + " asks for a password, but "
        + SuperuserPassword.file(directory) + " is gone; restore it");
    }
    String password = kept.orElseGet(SuperuserPassword::generate);
    EmbeddedPostgres postgres;
    try {
      postgres = builder
        .setServerConfig("listen_addresses", LOOPBACK)
        .setServerConfig("password_encryption", "scram-sha-256")
        .setServerConfig("fsync", "on")
        .setServerConfig("synchronous_commit", "on")
        .setServerConfig("full_page_writes", "on")
        .setConnectConfig("password", password) // for the library's own check that the server is up
        // After initdb, before the server starts: a directory that has its password asks for it from the start.
        .setDataDirectoryCustomizer(initialised -> kept.ifPresent(known -> PasswordAuthentication.require(directory)))
        .start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start embedded PostgreSQL: " + e.getMessage(), e);
    }
    try {
      if (kept.isEmpty()) {
        PasswordAuthentication.enable(postgres, directory, password);
      }
    } catch (RuntimeException e) {
      stop(postgres);
      throw e;
    }
    return new EmbeddedPostgresServer(postgres, password, PostmasterWatchdog.start(directory, temporary),
      temporary ? null : directory);
  }

  private static void stop(EmbeddedPostgres postgres) {
    try {
      postgres.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public int port() {
    return postgres.getPort();
  }

  /** The superuser's password, which every connection must give. */
  public String password() {
    return password;
  }

  /** A connection URI for the given database as the superuser, with its password. */
  public String uri(String database) {
    return "postgresql://postgres:" + password + "@localhost:" + port() + "/" + database;
  }

  public String uri() {
    return uri("postgres");
  }

  /** Ends the watchdog, which is not needed once PostgreSQL is stopped here, then stops PostgreSQL. */
  @Override
  public void close() {
    watchdog.close();
    try {
      stop(postgres);
    } finally {
      if (inUse != null) {
        IN_USE.remove(inUse);
      }
    }
  }
}
