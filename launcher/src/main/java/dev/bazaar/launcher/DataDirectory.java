package dev.bazaar.launcher;

import picocli.CommandLine.Option;

import java.nio.file.Path;

/** --data-dir: where the embedded PostgreSQL and the local signing key live, shared by every command. */
final class DataDirectory {

  @Option(names = "--data-dir", paramLabel = "DIR",
    defaultValue = "${env:BAZAAR_DATA_DIR:-bazaar-data}",
    description = "Where the embedded PostgreSQL and the local signing key are kept, across restarts. "
      + "Default: ${DEFAULT-VALUE}. Env: BAZAAR_DATA_DIR.")
  Path path;
}
