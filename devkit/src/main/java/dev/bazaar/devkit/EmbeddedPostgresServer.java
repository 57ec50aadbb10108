package dev.bazaar.devkit;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A real PostgreSQL 17 started from the classpath, for a developer's single JVM and for tests. It runs durable
 * ({@code fsync} and {@code synchronous_commit} on, which the library turns off by default), so an acknowledged
 * write survives a crash.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

  private final EmbeddedPostgres postgres;

  private EmbeddedPostgresServer(EmbeddedPostgres postgres) {
    this.postgres = postgres;
  }

  /** Starts on a data directory that outlives the process; it is created on first use. */
  public static EmbeddedPostgresServer start(Path dataDirectory) {
    try {
      Files.createDirectories(dataDirectory);
      return start(EmbeddedPostgres.builder().setDataDirectory(dataDirectory).setCleanDataDirectory(false));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start embedded PostgreSQL in " + dataDirectory + ": " + e.getMessage(), e);
    }
  }

  /** Starts on a fresh temporary data directory that is deleted on close. */
  public static EmbeddedPostgresServer startTemporary() {
    return start(EmbeddedPostgres.builder());
  }

  private static EmbeddedPostgresServer start(EmbeddedPostgres.Builder builder) {
    try {
      return new EmbeddedPostgresServer(builder
        .setServerConfig("fsync", "on")
        .setServerConfig("synchronous_commit", "on")
        .setServerConfig("full_page_writes", "on")
        .start());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start embedded PostgreSQL: " + e.getMessage(), e);
    }
  }

  public int port() {
    return postgres.getPort();
  }

  /** A connection URI for the given database as the superuser; the library trusts local connections. */
  public String uri(String database) {
    return "postgresql://postgres@localhost:" + port() + "/" + database;
  }

  public String uri() {
    return uri("postgres");
  }

  @Override
  public void close() {
    try {
      postgres.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
