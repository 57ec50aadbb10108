package dev.bazaar.web.auth;

import dev.bazaar.contracts.Roles;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Checks a bearer token and says who sent it. vertx-auth-jwt checks the signature, issuer, audience and times; this
 * class adds what it leaves out: only RS256 and ES256, a key id we know, an {@code exp} that must be there, and a
 * lifetime no longer than configured.
 */
public final class TokenVerifier {

  private static final Base64.Decoder BASE64URL = Base64.getUrlDecoder();

  private final JWTAuth jwt;
  private final AuthConfig config;
  private final Set<String> keyIds;
  private final boolean someKeyHasNoId;

  public TokenVerifier(Vertx vertx, AuthConfig config) {
    JWTAuthOptions options = new JWTAuthOptions().setJWTOptions(new JWTOptions()
      .setIssuer(config.issuer())
      .setAudience(List.of(config.audience()))
      .setLeeway(Math.toIntExact(config.leeway().toSeconds())));
    config.jwks().forEach(options::addJwk);
    this.jwt = JWTAuth.create(vertx, options);
    this.config = config;
    this.keyIds = config.jwks().stream()
      .map(key -> key.getString("kid"))
      .filter(Objects::nonNull)
      .collect(Collectors.toSet());
    this.someKeyHasNoId = config.jwks().stream().anyMatch(key -> key.getString("kid") == null);
  }

  /** The caller the token speaks for; fails with a {@link InvalidToken} saying why it is not accepted. */
  public Future<Caller> verify(String token) {
    JsonObject header;
    try {
      header = segment(token, 0);
    } catch (RuntimeException malformed) {
      return Future.failedFuture(new InvalidToken("The token is not a JWT."));
    }
    String alg = header.getString("alg");
    if (alg == null || !Jwks.ACCEPTED_ALGORITHMS.contains(alg)) {
      return Future.failedFuture(new InvalidToken("Tokens must be signed with RS256 or ES256."));
    }
    String kid = header.getString("kid");
    // A key configured without an id (a bare PEM key) may have signed a token under any id.
    if (kid != null && !keyIds.contains(kid) && !someKeyHasNoId) {
      return Future.failedFuture(new InvalidToken("The token was signed with an unknown key."));
    }
    // The library can throw rather than fail on odd claim types; a throw inside compose becomes a failed future.
    return Future.<Void>succeededFuture()
      .compose(start -> jwt.authenticate(new TokenCredentials(token)))
      .recover(rejected -> Future.failedFuture(new InvalidToken("The token is invalid or has expired.")))
      .compose(user -> caller(segment(token, 1)));
  }

  /**
   * When a token that {@link #verify} accepted stops being valid: its {@code exp}. For what outlives one request on the
   * token, such as a bridge registration, which must end then.
   */
  public static Instant expiryOf(String verifiedToken) {
    return Instant.ofEpochSecond(segment(verifiedToken, 1).getLong("exp"));
  }

  private Future<Caller> caller(JsonObject claims) {
    if (!(claims.getValue("exp") instanceof Number exp)) {
      return Future.failedFuture(new InvalidToken("The token has no expiry (exp)."));
    }
    long issuedAt = claims.getValue("iat") instanceof Number iat ? iat.longValue() : Instant.now().getEpochSecond();
    if (exp.longValue() - issuedAt > config.maxLifetime().plus(config.leeway()).toSeconds()) {
      return Future.failedFuture(new InvalidToken("The token lives longer than " + config.maxLifetime().toHours() + " hours."));
    }
    String subject = claims.getValue("sub") instanceof String sub && !sub.isBlank() ? sub : null;
    if (subject == null) {
      return Future.failedFuture(new InvalidToken("The token names no subject (sub)."));
    }
    return Future.succeededFuture(new Caller(subject, roles(claims.getValue(Roles.CLAIM)),
      Instant.ofEpochSecond(exp.longValue())));
  }

  private static Set<String> roles(Object claim) {
    if (!(claim instanceof JsonArray array)) {
      return Set.of();
    }
    return array.stream().filter(String.class::isInstance).map(String.class::cast)
      .collect(Collectors.toCollection(LinkedHashSet::new));
  }

  private static JsonObject segment(String token, int index) {
    String[] parts = token.split("\\.", -1);
    if (parts.length != 3) {
      throw new IllegalArgumentException("a JWT has three parts");
    }
    return new JsonObject(new String(BASE64URL.decode(parts[index]), StandardCharsets.UTF_8));
  }

  /** Why a token was refused, worded for the client. */
  public static final class InvalidToken extends RuntimeException {
    InvalidToken(String message) {
      super(message, null, false, false);
    }
  }
}
