package dev.bazaar.launcher;

import dev.bazaar.platform.DatabaseConfig;
import dev.bazaar.platform.OutboxConfig;

import java.nio.file.Path;
import java.time.Duration;

/**
 * What every service on this node shares.
 *
 * @param database       where the services find PostgreSQL; null when none of them needs it
 * @param dataDir        where local state lives: the embedded PostgreSQL and the local signing key
 * @param serviceTimeout how long a call to another service may take
 * @param outbox         how each service keeps and relays its events
 * @param currency       the one currency the shop sells in, the same for every service
 */
record Node(DatabaseConfig database, Path dataDir, Duration serviceTimeout, OutboxConfig outbox, String currency) {
}
