package dev.bazaar.web.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import dev.bazaar.contracts.Roles;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
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
 *
 * <p>Keys published at a URL are read at start, every refresh interval, and when a token names a key id not seen
 * yet, since an issuer that rotates its keys signs with the new one at once; such a read is made at most once a
 * {@link #UNKNOWN_KEY_REFETCH}, so that tokens with made-up key ids cannot make us hammer the issuer.
 *
 * <p>Tokens that verified are remembered until they expire, by their SHA-256 and never as themselves, so that a caller
 * presenting the same token again is known without another signature check; the rate limit relies on that to let a
 * known good token through from an address that forged ones have run out of turns.
 */
public final class TokenVerifier {

  static final Duration UNKNOWN_KEY_REFETCH = Duration.ofMinutes(1);
  /** A few requests' worth of memory each; enough for every caller active within a token's lifetime on one node. */
  static final long MOST_REMEMBERED = 10_000;

  private static final Logger LOG = LoggerFactory.getLogger(TokenVerifier.class);
  private static final Base64.Decoder BASE64URL = Base64.getUrlDecoder();

  private final Vertx vertx;
  private final AuthConfig config;
  private final JwksEndpoint endpoint;
  private final Cache<String, Verified> verified = Caffeine.newBuilder()
    .maximumSize(MOST_REMEMBERED)
    .expireAfter(new UntilExpiry())
    .build();
  private volatile Keys keys;
  private volatile Future<Void> reading = Future.succeededFuture();
  private volatile long nextUnknownKeyRead = System.nanoTime();
  private final Future<Void> ready;

  /** With keys published at a URL, the first read starts here; {@link #ready()} says when it is done. */
  public TokenVerifier(Vertx vertx, AuthConfig config) {
    this.vertx = vertx;
    this.config = config;
    this.keys = new Keys(vertx, config, config.jwks());
    if (config.jwksUrl() == null) {
      this.endpoint = null;
      this.ready = Future.succeededFuture();
    } else {
      this.endpoint = new JwksEndpoint(vertx, config.jwksUrl());
      this.ready = readKeys();
      vertx.setPeriodic(config.jwksRefresh().toMillis(), tick -> readKeys());
    }
  }

  /** Succeeds once there are keys to check tokens with; fails with {@link KeysUnavailable} when the first read did. */
  public Future<Void> ready() {
    return ready;
  }

  /** The caller the token speaks for; fails with a {@link InvalidToken} saying why it is not accepted. */
  public Future<Caller> verify(String token) {
    String fingerprint = fingerprint(token);
    Verified seen = verified.getIfPresent(fingerprint);
    if (seen != null) {
      return Future.succeededFuture(seen.caller());
    }
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
    String kid = header.getValue("kid") instanceof String id ? id : null;
    return keysFor(kid).compose(current -> {
      if (!current.mayHaveSigned(kid)) {
        return Future.failedFuture(new InvalidToken("The token was signed with an unknown key."));
      }
      // The library can throw rather than fail on odd claim types; a throw inside compose becomes a failed future.
      return Future.<Void>succeededFuture()
        .compose(start -> current.jwt().authenticate(new TokenCredentials(token)))
        .recover(rejected -> Future.failedFuture(new InvalidToken("The token is invalid or has expired.")))
        .compose(user -> verified(segment(token, 1)))
        .onSuccess(good -> verified.put(fingerprint, good))
        .map(Verified::caller);
    });
  }

  /** Whether this token verified and has not expired since: it can be let through without looking at it again. */
  public boolean isKnownGood(String token) {
    return token != null && verified.getIfPresent(fingerprint(token)) != null;
  }

  /**
   * The keys to check a token signed with {@code kid} against: after the read in progress, if there is one; after
   * reading them again, if they lack {@code kid} and no unknown key made us read them in the last minute.
   */
  private Future<Keys> keysFor(String kid) {
    if (keys.mayHaveSigned(kid) || endpoint == null) {
      return Future.succeededFuture(keys);
    }
    if (!reading.isComplete()) {
      return reading.transform(done -> Future.succeededFuture(keys));
    }
    long now = System.nanoTime();
    if (now - nextUnknownKeyRead < 0) {
      return Future.succeededFuture(keys);
    }
    nextUnknownKeyRead = now + UNKNOWN_KEY_REFETCH.toNanos();
    return readKeys().transform(done -> Future.succeededFuture(keys));
  }

  /** Reads the published keys, one read at a time; a failed read keeps the keys there were, and says why in the log. */
  private Future<Void> readKeys() {
    if (!reading.isComplete()) {
      return reading;
    }
    reading = endpoint.signingKeys()
      .onSuccess(read -> {
        keys = new Keys(vertx, config, read);
        // A key taken back takes the tokens it signed with it.
        verified.invalidateAll();
      })
      .onFailure(failure -> LOG.warn("{}; the keys read before stay in use", failure.getMessage()))
      .mapEmpty();
    return reading;
  }

  private Future<Verified> verified(JsonObject claims) {
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
    Instant expiry = Instant.ofEpochSecond(exp.longValue());
    return Future.succeededFuture(new Verified(new Caller(subject, roles(claims.getValue(Roles.CLAIM)), expiry), expiry));
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

  private static String fingerprint(String token) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
      return Base64.getEncoder().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  /** The keys in use, and the ids they go by. */
  private record Keys(JWTAuth jwt, Set<String> ids, boolean someKeyHasNoId) {

    Keys(Vertx vertx, AuthConfig config, List<JsonObject> jwks) {
      this(jwtAuth(vertx, config, jwks),
        jwks.stream().map(key -> key.getString("kid")).filter(Objects::nonNull).collect(Collectors.toSet()),
        jwks.stream().anyMatch(key -> key.getString("kid") == null));
    }

    /** A key configured without an id (a bare PEM key) may have signed a token under any id. */
    boolean mayHaveSigned(String kid) {
      return someKeyHasNoId || (kid == null ? !ids.isEmpty() : ids.contains(kid));
    }

    private static JWTAuth jwtAuth(Vertx vertx, AuthConfig config, List<JsonObject> jwks) {
      JWTAuthOptions options = new JWTAuthOptions().setJWTOptions(new JWTOptions()
        .setIssuer(config.issuer())
        .setAudience(List.of(config.audience()))
        .setLeeway(Math.toIntExact(config.leeway().toSeconds())));
      jwks.forEach(options::addJwk);
      return JWTAuth.create(vertx, options);
    }
  }

  /** A token that verified: whom it speaks for, and until when. */
  private record Verified(Caller caller, Instant expiry) {
  }

  /** A verified token is forgotten when it expires. */
  private static final class UntilExpiry implements Expiry<String, Verified> {
    @Override
    public long expireAfterCreate(String key, Verified value, long currentTime) {
      return Math.max(0, Duration.between(Instant.now(), value.expiry()).toNanos());
    }

    @Override
    public long expireAfterUpdate(String key, Verified value, long currentTime, long currentDuration) {
      return expireAfterCreate(key, value, currentTime);
    }

    @Override
    public long expireAfterRead(String key, Verified value, long currentTime, long currentDuration) {
      return currentDuration;
    }
  }

  /** Why a token was refused, worded for the client. */
  public static final class InvalidToken extends RuntimeException {
    InvalidToken(String message) {
      super(message, null, false, false);
    }
  }

  /** Why the published keys could not be read, worded for the operator. */
  public static final class KeysUnavailable extends RuntimeException {
    KeysUnavailable(String message) {
      super(message, null, false, false);
    }
  }
}
