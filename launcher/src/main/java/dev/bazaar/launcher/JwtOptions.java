package dev.bazaar.launcher;

import dev.bazaar.web.auth.AuthConfig;
import dev.bazaar.web.auth.Jwks;
import io.vertx.core.json.JsonObject;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * How bearer tokens are checked. With neither --jwt-public-key nor --jwt-jwks the shop uses its local key, made on
 * first start, and `bazaar token` can mint tokens for it; with either, it only checks tokens issued elsewhere.
 */
final class JwtOptions {

  @Option(names = "--jwt-public-key", paramLabel = "FILE",
    defaultValue = "${env:BAZAAR_JWT_PUBLIC_KEY}",
    description = "PEM public key (RSA for RS256 or EC P-256 for ES256) that signs accepted tokens. Env: BAZAAR_JWT_PUBLIC_KEY.")
  Path publicKey;

  @Option(names = "--jwt-jwks", paramLabel = "FILE|URL",
    defaultValue = "${env:BAZAAR_JWT_JWKS}",
    description = "JWKS file or https URL with the keys that sign accepted tokens. Env: BAZAAR_JWT_JWKS.")
  String jwks;

  @Option(names = "--jwt-jwks-refresh", paramLabel = "DURATION", converter = DurationConverter.class,
    defaultValue = "${env:BAZAAR_JWT_JWKS_REFRESH:-10m}",
    description = "How often keys at a --jwt-jwks URL are read again; a token with a key id not seen yet also has them "
      + "read, at most once a minute. Default: ${DEFAULT-VALUE}. Env: BAZAAR_JWT_JWKS_REFRESH.")
  Duration jwksRefresh;

  @Option(names = "--jwt-issuer", paramLabel = "ISS",
    defaultValue = "${env:BAZAAR_JWT_ISSUER:-bazaar}",
    description = "Required iss of tokens. Default: ${DEFAULT-VALUE}. Env: BAZAAR_JWT_ISSUER.")
  String issuer;

  @Option(names = "--jwt-audience", paramLabel = "AUD",
    defaultValue = "${env:BAZAAR_JWT_AUDIENCE:-bazaar-api}",
    description = "Required aud of tokens. Default: ${DEFAULT-VALUE}. Env: BAZAAR_JWT_AUDIENCE.")
  String audience;

  @Option(names = "--jwt-max-lifetime", paramLabel = "DURATION", converter = DurationConverter.class,
    defaultValue = "${env:BAZAAR_JWT_MAX_LIFETIME:-24h}",
    description = "Longest accepted token lifetime, exp minus iat. Default: ${DEFAULT-VALUE}. Env: BAZAAR_JWT_MAX_LIFETIME.")
  Duration maxLifetime;

  @Option(names = "--jwt-leeway", paramLabel = "DURATION", converter = DurationConverter.class,
    defaultValue = "${env:BAZAAR_JWT_LEEWAY:-30s}",
    description = "Clock skew allowed on exp, nbf and iat. Default: ${DEFAULT-VALUE}. Env: BAZAAR_JWT_LEEWAY.")
  Duration leeway;

  boolean usesExternalKeys() {
    return publicKey != null || (jwks != null && !jwks.isBlank());
  }

  /**
   * The web verticle's token rules, with the keys read from wherever they were configured; keys at a URL are read by
   * the web verticle itself, at start and again while it runs.
   */
  AuthConfig authConfig(Path dataDir) {
    if (isUrl(jwks)) {
      return AuthConfig.fromUrl(issuer, audience, maxLifetime, leeway, checkedUrl(jwks.trim()), jwksRefresh);
    }
    return new AuthConfig(issuer, audience, maxLifetime, leeway, publicKeys(dataDir));
  }

  private static boolean isUrl(String location) {
    return location != null && (location.trim().startsWith("http://") || location.trim().startsWith("https://"));
  }

  private List<JsonObject> publicKeys(Path dataDir) {
    if (jwks != null && !jwks.isBlank()) {
      List<JsonObject> keys = Jwks.signingKeys(new JsonObject(readJwks(jwks.trim())));
      if (keys.isEmpty()) {
        throw new StartupException("--jwt-jwks " + jwks + " holds no RS256 or ES256 signing key");
      }
      return keys;
    }
    if (publicKey != null) {
      try {
        return List.of(Jwks.fromPem(Files.readString(publicKey), null));
      } catch (IOException | IllegalArgumentException e) {
        throw new StartupException("cannot use --jwt-public-key " + publicKey + " (" + e.getMessage() + ")");
      }
    }
    LocalSigningKey local = LocalSigningKey.loadOrCreate(dataDir);
    return List.of(Jwks.fromPem(local.key().publicPem(), local.keyId()));
  }

  private static boolean isLoopback(String host) {
    return "localhost".equals(host) || "127.0.0.1".equals(host) || "[::1]".equals(host);
  }

  private static String checkedUrl(String url) {
    try {
      if (url.startsWith("http://") && !isLoopback(URI.create(url).getHost())) {
        throw new StartupException("--jwt-jwks must be an https URL (plain http is accepted on localhost only): "
          + "whoever can change the keys in transit can mint any token");
      }
      return url;
    } catch (IllegalArgumentException e) {
      throw new StartupException("--jwt-jwks is not a URL: " + url);
    }
  }

  private static String readJwks(String file) {
    try {
      return Files.readString(Path.of(file));
    } catch (IOException | RuntimeException e) {
      throw new StartupException("cannot read --jwt-jwks " + file + " (" + e.getMessage() + ")");
    }
  }
}
