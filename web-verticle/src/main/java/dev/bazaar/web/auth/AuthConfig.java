package dev.bazaar.web.auth;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.List;

/**
 * How bearer tokens are checked, from the {@code auth} object of the web verticle's configuration:
 * {@code {"issuer": "bazaar", "audience": "bazaar-api", "maxLifetimeSeconds": 86400, "leewaySeconds": 30,
 * "jwks": [{"kty": "EC", "crv": "P-256", "kid": "...", "x": "...", "y": "..."}]}}. Keys are public JWKs only:
 * the web verticle can check tokens but never mint them.
 */
public record AuthConfig(String issuer, String audience, Duration maxLifetime, Duration leeway, List<JsonObject> jwks) {

  public static AuthConfig from(JsonObject json) {
    JsonArray keys = json.getJsonArray("jwks", new JsonArray());
    if (keys.isEmpty()) {
      throw new IllegalArgumentException("auth.jwks must hold at least one public key");
    }
    return new AuthConfig(
      json.getString("issuer", "bazaar"),
      json.getString("audience", "bazaar-api"),
      Duration.ofSeconds(json.getLong("maxLifetimeSeconds", 86_400L)),
      Duration.ofSeconds(json.getLong("leewaySeconds", 30L)),
      keys.stream().map(JsonObject.class::cast).toList());
  }

  public JsonObject toJson() {
    return new JsonObject()
      .put("issuer", issuer)
      .put("audience", audience)
      .put("maxLifetimeSeconds", maxLifetime.toSeconds())
      .put("leewaySeconds", leeway.toSeconds())
      .put("jwks", new JsonArray(List.copyOf(jwks)));
  }
}
