package dev.bazaar.launcher;

import picocli.CommandLine.Option;

import java.nio.file.Path;

/** --data-dir: where the embedded PostgreSQL and the local signing key live, shared by every command. */
final class DataDirectory {

  @Option(names = "--data-dir", paramLabel = "DIR",
    defaultValue = "${env:BAZAAR_DATA_DIR:-bazaar-data}",
    description = "Where the embedded PostgreSQL, with its password, and the local signing key are kept, across restarts. "
      + "Default: ${DEFAULT-VALUE}. Env: BAZAAR_DATA_DIR.")
  Path path;

  /** The embedded PostgreSQL's own data directory, which also keeps its superuser's password. */
  static Path embeddedPostgres(Path dataDir) {
    return dataDir.resolve("pg");
  }
}
