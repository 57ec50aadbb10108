package dev.bazaar.platform;

import dev.bazaar.devkit.EmbeddedPostgresServer;

/**
 * One PostgreSQL for every test class of this module, so that each does not pay for starting a server. Tests keep to
 * schemas, sources and keys of their own, and must pass when run again against the same server in the same JVM, as
 * mutation testing runs them. It stops when the JVM ends; the devkit's watchdog stops it if the JVM is killed.
 */
final class SharedPostgres {

  private static EmbeddedPostgresServer server;

  private SharedPostgres() {
  }

  static synchronized EmbeddedPostgresServer server() {
    if (server == null) {
      EmbeddedPostgresServer started = EmbeddedPostgresServer.startTemporary();
      Runtime.getRuntime().addShutdownHook(new Thread(started::close, "shared-postgres-stop"));
      server = started;
    }
    return server;
  }
}
