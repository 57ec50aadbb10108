package dev.bazaar.web;

import io.vertx.core.json.JsonObject;

import java.time.Duration;

/**
 * The web verticle's settings, read from its configuration:
 * {@code {"httpPort": 8080, "serviceTimeoutMillis": 10000}}.
 */
record WebConfig(int httpPort, Duration serviceTimeout) {

  static WebConfig from(JsonObject json) {
    int port = json.getInteger("httpPort", 8080);
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("httpPort must be between 0 and 65535");
    }
    return new WebConfig(port, Duration.ofMillis(json.getLong("serviceTimeoutMillis", 10_000L)));
  }
}
