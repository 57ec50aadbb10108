package dev.bazaar.launcher;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

/** What the command line decided, checked and with defaults applied. A null pgUri means "run PostgreSQL embedded". */
record ShopSettings(
  Set<ServiceName> services,
  int httpPort,
  String pgUri,
  Path dataDir,
  int poolSize,
  Duration reservationTtl,
  boolean demoData,
  int webInstances) {

  boolean needsDatabase() {
    return services.stream().anyMatch(s -> s.needsDatabase);
  }

  Path embeddedPgDirectory() {
    return dataDir.resolve("pg");
  }
}
