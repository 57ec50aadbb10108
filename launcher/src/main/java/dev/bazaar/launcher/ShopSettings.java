package dev.bazaar.launcher;

import dev.bazaar.platform.OutboxConfig;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * What the command line decided for this node, checked and with defaults applied.
 *
 * @param services the services to run here, in start order
 * @param pgUri    the PostgreSQL to use; null means "run PostgreSQL embedded in the data directory"
 */
record ShopSettings(List<ServiceEntry> services, String pgUri, Path dataDir, int poolSize, Duration serviceTimeout,
                    OutboxConfig outbox) {

  boolean needsDatabase() {
    return services.stream().anyMatch(ServiceEntry::needsDatabase);
  }

  Path embeddedPgDirectory() {
    return dataDir.resolve("pg");
  }
}
