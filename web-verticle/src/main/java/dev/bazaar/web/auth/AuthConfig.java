package dev.bazaar.web.auth;

import dev.bazaar.platform.ConfigReader;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * How bearer tokens are checked, the {@code auth} section of the web verticle's configuration:
 * {@code {"issuer": "bazaar", "audience": "bazaar-api", "maxLifetimeMillis": 86400000, "leewayMillis": 30000,
 * "jwks": [{"kty": "EC", "crv": "P-256", "kid": "...", "x": "...", "y": "..."}]}}. Keys are public JWKs only:
 * the web verticle can check tokens but never mint them.
 *
 * @param maxLifetime the longest {@code exp - iat} accepted
 * @param leeway      the clock skew allowed on every time claim
 */
public record AuthConfig(String issuer, String audience, Duration maxLifetime, Duration leeway, List<JsonObject> jwks) {

  public static final Duration DEFAULT_MAX_LIFETIME = Duration.ofHours(24);
  public static final Duration DEFAULT_LEEWAY = Duration.ofSeconds(30);

  private static final Set<String> KEYS = Set.of("issuer", "audience", "maxLifetimeMillis", "leewayMillis", "jwks");

  public AuthConfig {
    if (jwks.isEmpty()) {
      throw new IllegalArgumentException("auth configuration: jwks must hold at least one public key");
    }
    if (maxLifetime.isNegative() || maxLifetime.isZero() || leeway.isNegative()) {
      throw new IllegalArgumentException("auth configuration: maxLifetimeMillis must be positive and leewayMillis not negative");
    }
    jwks = List.copyOf(jwks);
  }

  public static AuthConfig from(JsonObject json) {
    ConfigReader config = ConfigReader.of("auth", json, KEYS);
    return new AuthConfig(
      config.string("issuer", "bazaar"),
      config.string("audience", "bazaar-api"),
      config.millis("maxLifetimeMillis", DEFAULT_MAX_LIFETIME),
      config.millis("leewayMillis", DEFAULT_LEEWAY),
      config.objects("jwks"));
  }

  public JsonObject toJson() {
    return new JsonObject()
      .put("issuer", issuer)
      .put("audience", audience)
      .put("maxLifetimeMillis", maxLifetime.toMillis())
      .put("leewayMillis", leeway.toMillis())
      .put("jwks", new JsonArray(List.copyOf(jwks)));
  }
}
