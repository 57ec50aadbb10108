package dev.bazaar.launcher;

import dev.bazaar.platform.OutboxConfig;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * What the command line decided for this node, checked and with defaults applied.
 *
 * @param services the services to run here, in start order
 * @param pgUri         the PostgreSQL to use; null means "run PostgreSQL embedded in the data directory"
 * @param currency      the one currency the shop sells in, checked
 * @param cluster       the cluster this node joins; null when it runs alone
 * @param shutdownGrace how long a stopping node waits for the work it took on
 */
record ShopSettings(List<ServiceEntry> services, String pgUri, Path dataDir, int poolSize, Duration serviceTimeout,
                    OutboxConfig outbox, String currency, ClusterSettings cluster, Duration shutdownGrace) {

  boolean needsDatabase() {
    return services.stream().anyMatch(ServiceEntry::needsDatabase);
  }

  Path embeddedPgDirectory() {
    return DataDirectory.embeddedPostgres(dataDir);
  }
}
