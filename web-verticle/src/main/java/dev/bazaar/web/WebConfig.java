package dev.bazaar.web;

import dev.bazaar.web.auth.AuthConfig;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.List;

/**
 * The web verticle's settings, read from its configuration:
 * <pre>{@code
 * {"httpPort": 8080, "serviceTimeoutMillis": 10000, "requestTimeoutMillis": 15000, "readCacheMillis": 1000,
 *  "corsOrigins": ["https://shop.example"], "rateLimit": {"perSecond": 50, "burst": 100},
 *  "tls": {"certPath": "cert.pem", "keyPath": "key.pem"}, "auth": {...}}
 * }</pre>
 * A rate of 0 turns rate limiting off, a read cache of 0 ms turns caching off; no tls object means plain HTTP.
 */
record WebConfig(
  int httpPort,
  Duration serviceTimeout,
  Duration requestTimeout,
  Duration readCache,
  List<String> corsOrigins,
  double ratePerSecond,
  int rateBurst,
  Tls tls,
  AuthConfig auth) {

  record Tls(String certPath, String keyPath) {
  }

  static WebConfig from(JsonObject json) {
    int port = json.getInteger("httpPort", 8080);
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("httpPort must be between 0 and 65535");
    }
    JsonObject rate = json.getJsonObject("rateLimit", new JsonObject());
    JsonObject tls = json.getJsonObject("tls");
    return new WebConfig(
      port,
      Duration.ofMillis(json.getLong("serviceTimeoutMillis", 10_000L)),
      Duration.ofMillis(json.getLong("requestTimeoutMillis", 15_000L)),
      Duration.ofMillis(json.getLong("readCacheMillis", 1_000L)),
      json.getJsonArray("corsOrigins", new JsonArray()).stream().map(String.class::cast).toList(),
      rate.getDouble("perSecond", 50.0),
      rate.getInteger("burst", 100),
      tls == null ? null : new Tls(tls.getString("certPath"), tls.getString("keyPath")),
      AuthConfig.from(json.getJsonObject("auth", new JsonObject())));
  }

  boolean rateLimited() {
    return ratePerSecond > 0;
  }
}
