package dev.bazaar.web.auth;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keys read from the issuer's JWKS URL, served here by a real HTTP server whose document the test changes: read at
 * start, again for a key id not seen yet (at most once a minute) and on the refresh interval; a document over 1 MiB or
 * an RSA key under 2048 bits is refused.
 */
@ExtendWith(VertxExtension.class)
class JwksRefreshTest {

  private static final Duration HOURLY = Duration.ofHours(1);
  private static final String UNKNOWN_KEY = "The token was signed with an unknown key.";

  private final AtomicInteger reads = new AtomicInteger();
  private final List<JsonObject> published = new ArrayList<>();
  private HttpServer issuer;

  @AfterEach
  void stop() {
    issuer.close().await();
  }

  @Test
  void aKeyPublishedAfterStartIsReadWhenATokenNamesIt(Vertx vertx) {
    KeyPair first = Jws.ec("secp256r1");
    KeyPair rotated = Jws.ec("secp256r1");
    TokenVerifier verifier = started(vertx, HOURLY, jwk(first, "k1"));
    assertThat(verifier.verify(Jws.es256(first, "k1", Jws.claims("alice"))).await().subject()).isEqualTo("alice");
    assertThat(reads).hasValue(1);

    publish(jwk(first, "k1"), jwk(rotated, "k2"));

    assertThat(verifier.verify(Jws.es256(rotated, "k2", Jws.claims("bob"))).await().subject()).isEqualTo("bob");
    assertThat(reads).hasValue(2);
  }

  @Test
  void aSecondUnknownKeyWithinAMinuteDoesNotReadTheKeysAgain(Vertx vertx) {
    KeyPair first = Jws.ec("secp256r1");
    TokenVerifier verifier = started(vertx, HOURLY, jwk(first, "k1"));
    assertThat(refusal(verifier, Jws.es256(Jws.ec("secp256r1"), "made-up-1", Jws.claims("mallory")))).isEqualTo(UNKNOWN_KEY);
    assertThat(reads).hasValue(2);

    KeyPair late = Jws.ec("secp256r1");
    publish(jwk(first, "k1"), jwk(late, "k3"));

    assertThat(refusal(verifier, Jws.es256(late, "k3", Jws.claims("carol")))).as("not read again yet").isEqualTo(UNKNOWN_KEY);
    assertThat(reads).hasValue(2);
  }

  @Test
  void theKeysAreReadAgainOnTheRefreshIntervalAndAKeyTakenBackStopsWorking(Vertx vertx) {
    KeyPair first = Jws.ec("secp256r1");
    KeyPair next = Jws.ec("secp256r1");
    TokenVerifier verifier = started(vertx, Duration.ofMillis(200), jwk(first, "k1"));
    String signedByFirst = Jws.es256(first, "k1", Jws.claims("alice"));
    assertThat(verifier.verify(signedByFirst).await().subject()).isEqualTo("alice");

    int before = reads.get();
    publish(jwk(next, "k2"));
    // Reads are made one at a time, so once a second one has begun, the first that saw the new key has been applied.
    awaitReads(before + 2);

    assertThat(refusal(verifier, signedByFirst)).as("neither its key nor its remembered verdict survive").isEqualTo(UNKNOWN_KEY);
    assertThat(verifier.verify(Jws.es256(next, "k2", Jws.claims("dave"))).await().subject()).isEqualTo("dave");
  }

  @Test
  void aJwksOfTwoMebibytesIsRefused(Vertx vertx) {
    String url = serve(vertx, response -> {
      response.setChunked(true);
      writeUpTo(response, 2 * 1024 * 1024, new AtomicLong());
    });

    Throwable refused = failureOf(new TokenVerifier(vertx, AuthConfig.fromUrl(Jws.ISSUER, Jws.AUDIENCE, HOURLY,
      Duration.ZERO, url, HOURLY)));

    assertThat(refused).isInstanceOf(TokenVerifier.KeysUnavailable.class)
      .hasMessage("the JWKS at " + url + " is larger than 1024 KiB; refused");
  }

  @Test
  void aJwksThatSaysItIsTwoMebibytesIsRefusedBeforeItsBodyIsRead(Vertx vertx) {
    String url = serve(vertx, response -> response.putHeader("Content-Length", Integer.toString(2 * 1024 * 1024))
      .write(Buffer.buffer("{\"keys\": [")));

    Throwable refused = failureOf(new TokenVerifier(vertx, AuthConfig.fromUrl(Jws.ISSUER, Jws.AUDIENCE, HOURLY,
      Duration.ZERO, url, HOURLY)));

    assertThat(refused).hasMessage("the JWKS at " + url + " is larger than 1024 KiB; refused");
  }

  @Test
  void anRsaKeyOf1024BitsInAJwksIsRefused(Vertx vertx) {
    KeyPair weak = Jws.rsa(1024);
    KeyPair strong = Jws.rsa(2048);
    JsonObject weakKey = rsaJwk(weak, "weak");

    TokenVerifier withTheStrongToo = started(vertx, HOURLY, weakKey, rsaJwk(strong, "strong"));

    assertThat(withTheStrongToo.verify(Jws.rs256(strong, "strong", Jws.claims("erin"))).await().subject()).isEqualTo("erin");
    assertThat(refusal(withTheStrongToo, Jws.rs256(weak, "weak", Jws.claims("mallory")))).isEqualTo(UNKNOWN_KEY);
    publish(weakKey);
    Throwable alone = failureOf(new TokenVerifier(vertx, AuthConfig.fromUrl(Jws.ISSUER, Jws.AUDIENCE, HOURLY,
      Duration.ZERO, url(), HOURLY)));
    assertThat(alone).isInstanceOf(TokenVerifier.KeysUnavailable.class)
      .hasMessage("the JWKS at " + url() + " holds no RS256 or ES256 signing key (RSA keys need at least 2048 bits)");
  }

  // ---- the issuer

  private TokenVerifier started(Vertx vertx, Duration refresh, JsonObject... keys) {
    publish(keys);
    serve(vertx, response -> response.putHeader("Content-Type", "application/json")
      .end(new JsonObject().put("keys", new JsonArray(new ArrayList<>(published))).encode()));
    TokenVerifier verifier = new TokenVerifier(vertx, AuthConfig.fromUrl(Jws.ISSUER, Jws.AUDIENCE, HOURLY, Duration.ZERO,
      url(), refresh));
    verifier.ready().await();
    return verifier;
  }

  private synchronized void publish(JsonObject... keys) {
    published.clear();
    published.addAll(Arrays.asList(keys));
  }

  private String serve(Vertx vertx, java.util.function.Consumer<HttpServerResponse> answer) {
    issuer = vertx.createHttpServer().requestHandler(request -> {
      reads.incrementAndGet();
      synchronized (this) {
        answer.accept(request.response());
      }
    }).listen(0, "127.0.0.1").await();
    return url();
  }

  private String url() {
    return "http://127.0.0.1:" + issuer.actualPort() + "/jwks.json";
  }

  /** Writes 64 KiB chunks as fast as the client takes them, up to {@code limit} bytes. */
  private static void writeUpTo(HttpServerResponse response, long limit, AtomicLong written) {
    Buffer chunk = Buffer.buffer("{\"keys\": [" + " ".repeat(64 * 1024 - 10));
    while (written.get() < limit && !response.writeQueueFull()) {
      response.write(chunk);
      written.addAndGet(chunk.length());
    }
    if (written.get() < limit) {
      response.drainHandler(drained -> writeUpTo(response, limit, written));
    } else {
      response.end("]}");
    }
  }

  private void awaitReads(int count) {
    Instant deadline = Instant.now().plusSeconds(10);
    while (reads.get() < count) {
      assertThat(Instant.now()).as("%d reads of the keys in time", count).isBefore(deadline);
      LockSupport.parkNanos(10_000_000);
    }
  }

  private static Throwable failureOf(TokenVerifier verifier) {
    return verifier.ready().transform(done -> io.vertx.core.Future.succeededFuture(done.cause())).await();
  }

  private static String refusal(TokenVerifier verifier, String token) {
    return verifier.verify(token).transform(done -> io.vertx.core.Future.succeededFuture(
      done.succeeded() ? "accepted" : done.cause().getMessage())).await();
  }

  private static JsonObject jwk(KeyPair pair, String kid) {
    return Jwks.fromPem(Jws.pem(pair.getPublic()), kid);
  }

  /** An RSA key as a JWK, built by hand, since {@link Jwks#fromPem} refuses the weak ones this test needs. */
  private static JsonObject rsaJwk(KeyPair pair, String kid) {
    RSAPublicKey key = (RSAPublicKey) pair.getPublic();
    return new JsonObject().put("kty", "RSA").put("kid", kid).put("use", "sig")
      .put("n", unsigned(key.getModulus())).put("e", unsigned(key.getPublicExponent()));
  }

  private static String unsigned(BigInteger value) {
    byte[] bytes = value.toByteArray();
    if (bytes[0] == 0) {
      bytes = Arrays.copyOfRange(bytes, 1, bytes.length);
    }
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
