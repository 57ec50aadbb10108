package dev.bazaar.launcher;

import dev.bazaar.web.auth.AuthConfig;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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
  int webInstances,
  Edge edge) {

  /** How the web verticle faces the outside: timeouts, limits, CORS, TLS and the token rules. */
  record Edge(Duration requestTimeout, Duration readCache, double ratePerSecond, int rateBurst, List<String> corsOrigins,
              Path tlsCert, Path tlsKey, AuthConfig auth) {

    boolean tls() {
      return tlsCert != null;
    }

    JsonObject webConfig(int httpPort) {
      JsonObject config = new JsonObject()
        .put("httpPort", httpPort)
        .put("requestTimeoutMillis", requestTimeout.toMillis())
        .put("readCacheMillis", readCache.toMillis())
        .put("rateLimit", new JsonObject().put("perSecond", ratePerSecond).put("burst", rateBurst))
        .put("corsOrigins", new JsonArray(corsOrigins))
        .put("auth", auth.toJson());
      if (tls()) {
        config.put("tls", new JsonObject().put("certPath", tlsCert.toString()).put("keyPath", tlsKey.toString()));
      }
      return config;
    }
  }

  boolean needsDatabase() {
    return services.stream().anyMatch(s -> s.needsDatabase);
  }

  Path embeddedPgDirectory() {
    return dataDir.resolve("pg");
  }
}
