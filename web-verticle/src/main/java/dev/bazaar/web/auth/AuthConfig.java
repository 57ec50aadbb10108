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
 * "jwks": [{"kty": "EC", "crv": "P-256", "kid": "...", "x": "...", "y": "..."}]}}, or, instead of {@code jwks},
 * {@code "jwksUrl": "https://issuer.example/jwks.json", "jwksRefreshMillis": 600000}. Keys are public JWKs only:
 * the web verticle can check tokens but never mint them.
 *
 * @param maxLifetime the longest {@code exp - iat} accepted
 * @param leeway      the clock skew allowed on every time claim
 * @param jwksUrl     where the issuer publishes its keys, read at start and every {@code jwksRefresh}; null when the
 *                    keys are {@code jwks}
 */
public record AuthConfig(String issuer, String audience, Duration maxLifetime, Duration leeway, List<JsonObject> jwks,
                         String jwksUrl, Duration jwksRefresh) {

  public static final Duration DEFAULT_MAX_LIFETIME = Duration.ofHours(24);
  public static final Duration DEFAULT_LEEWAY = Duration.ofSeconds(30);
  public static final Duration DEFAULT_JWKS_REFRESH = Duration.ofMinutes(10);

  private static final Set<String> KEYS = Set.of("issuer", "audience", "maxLifetimeMillis", "leewayMillis", "jwks",
    "jwksUrl", "jwksRefreshMillis");

  public AuthConfig {
    if (jwks.isEmpty() && jwksUrl == null) {
      throw new IllegalArgumentException("auth configuration: jwks must hold at least one public key");
    }
    if (!jwks.isEmpty() && jwksUrl != null) {
      throw new IllegalArgumentException("auth configuration: jwks and jwksUrl cannot be given together");
    }
    if (maxLifetime.isNegative() || maxLifetime.isZero() || leeway.isNegative()) {
      throw new IllegalArgumentException("auth configuration: maxLifetimeMillis must be positive and leewayMillis not negative");
    }
    if (jwksRefresh.isNegative() || jwksRefresh.isZero()) {
      throw new IllegalArgumentException("auth configuration: jwksRefreshMillis must be positive");
    }
    jwks = List.copyOf(jwks);
  }

  /** With keys of its own. */
  public AuthConfig(String issuer, String audience, Duration maxLifetime, Duration leeway, List<JsonObject> jwks) {
    this(issuer, audience, maxLifetime, leeway, jwks, null, DEFAULT_JWKS_REFRESH);
  }

  /** With the keys the issuer publishes at {@code jwksUrl}, read again every {@code jwksRefresh}. */
  public static AuthConfig fromUrl(String issuer, String audience, Duration maxLifetime, Duration leeway,
                                   String jwksUrl, Duration jwksRefresh) {
    return new AuthConfig(issuer, audience, maxLifetime, leeway, List.of(), jwksUrl, jwksRefresh);
  }

  public static AuthConfig from(JsonObject json) {
    ConfigReader config = ConfigReader.of("auth", json, KEYS);
    return new AuthConfig(
      config.string("issuer", "bazaar"),
      config.string("audience", "bazaar-api"),
      config.millis("maxLifetimeMillis", DEFAULT_MAX_LIFETIME),
      config.millis("leewayMillis", DEFAULT_LEEWAY),
      config.objects("jwks"),
      config.string("jwksUrl", null),
      config.millis("jwksRefreshMillis", DEFAULT_JWKS_REFRESH));
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject()
      .put("issuer", issuer)
      .put("audience", audience)
      .put("maxLifetimeMillis", maxLifetime.toMillis())
      .put("leewayMillis", leeway.toMillis())
      .put("jwks", new JsonArray(List.copyOf(jwks)));
    if (jwksUrl != null) {
      json.put("jwksUrl", jwksUrl).put("jwksRefreshMillis", jwksRefresh.toMillis());
    }
    return json;
  }
}
