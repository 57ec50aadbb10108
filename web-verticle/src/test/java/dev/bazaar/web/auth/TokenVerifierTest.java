package dev.bazaar.web.auth;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Every reason a token is refused, told apart by the reason the client is given, and what a good token yields. */
@ExtendWith(VertxExtension.class)
class TokenVerifierTest {

  private static final Duration MAX_LIFETIME = Duration.ofHours(24);
  private static final long LEEWAY = 30;
  private static final long LONGEST = MAX_LIFETIME.toSeconds() + LEEWAY;

  private static final String UNKNOWN_KEY = "The token was signed with an unknown key.";
  private static final String INVALID = "The token is invalid or has expired.";
  private static final String TOO_LONG = "The token lives longer than 24 hours.";
  private static final String NO_SUBJECT = "The token names no subject (sub).";
  private static final String NO_EXPIRY = "The token has no expiry (exp).";
  private static final String ALGORITHM = "Tokens must be signed with RS256 or ES256.";
  private static final String NOT_A_JWT = "The token is not a JWT.";

  private static KeyPair ec;
  private static KeyPair rsa;
  private static KeyPair bare;
  private static KeyPair stranger;

  /** Knows the EC key as "ec-1" and the RSA key as "rsa-1": every configured key has an id. */
  private TokenVerifier verifier;
  /** Knows the EC key as "ec-1" and one more key without an id, as a bare PEM key is configured. */
  private TokenVerifier withKeyWithoutId;

  @BeforeAll
  static void keys() {
    ec = Jws.ec("secp256r1");
    rsa = Jws.rsa(2048);
    bare = Jws.ec("secp256r1");
    stranger = Jws.ec("secp256r1");
  }

  /** Built for each test rather than once, so that mutation testing sees which test runs the constructor. */
  @BeforeEach
  void verifiers(Vertx vertx) {
    verifier = new TokenVerifier(vertx, config(
      Jwks.fromPem(Jws.pem(ec.getPublic()), "ec-1"),
      Jwks.fromPem(Jws.pem(rsa.getPublic()), "rsa-1")));
    withKeyWithoutId = new TokenVerifier(vertx, config(
      Jwks.fromPem(Jws.pem(ec.getPublic()), "ec-1"),
      Jwks.fromPem(Jws.pem(bare.getPublic()), null)));
  }

  private static AuthConfig config(JsonObject... jwks) {
    return new AuthConfig(Jws.ISSUER, Jws.AUDIENCE, MAX_LIFETIME, Duration.ofSeconds(LEEWAY), List.of(jwks));
  }

  // ---- good tokens

  @Test
  void anEs256TokenGivesItsSubjectRolesAndExpiry() {
    JsonObject claims = Jws.claims("alice", "customer", "admin");
    Caller caller = accepted(verifier, Jws.es256(ec, "ec-1", claims));

    assertThat(caller).isEqualTo(new Caller("alice", Set.of("customer", "admin"),
      Instant.ofEpochSecond(claims.getLong("exp"))));
    assertThat(caller.isAnonymous()).isFalse();
  }

  @Test
  void anRs256TokenIsAcceptedToo() {
    assertThat(accepted(verifier, Jws.rs256(rsa, "rsa-1", Jws.claims("bob", "admin"))).subject()).isEqualTo("bob");
  }

  @Test
  void aTokenWithoutAKeyIdIsCheckedAgainstTheKeys() {
    assertThat(accepted(verifier, Jws.es256(ec, null, Jws.claims("alice"))).subject()).isEqualTo("alice");
    assertThat(refusal(verifier, Jws.es256(stranger, null, Jws.claims("alice")))).isEqualTo(INVALID);
  }

  // ---- key ids

  @Test
  void anUnknownKeyIdIsRefusedByOurOwnCheckWhenEveryKeyHasAnId() {
    assertThat(refusal(verifier, Jws.es256(ec, "not-ours", Jws.claims("alice")))).isEqualTo(UNKNOWN_KEY);
    assertThat(refusal(verifier, Jws.es256(stranger, "not-ours", Jws.claims("alice")))).isEqualTo(UNKNOWN_KEY);
  }

  @Test
  void anUnknownKeyIdIsLeftToTheSignatureWhenSomeKeyHasNoId() {
    assertThat(accepted(withKeyWithoutId, Jws.es256(bare, "rotated-7", Jws.claims("alice"))).subject()).isEqualTo("alice");
    assertThat(refusal(withKeyWithoutId, Jws.es256(stranger, "rotated-7", Jws.claims("alice")))).isEqualTo(INVALID);
    assertThat(accepted(withKeyWithoutId, Jws.es256(ec, "ec-1", Jws.claims("carol"))).subject()).isEqualTo("carol");
  }

  // ---- algorithms and shape

  @Test
  void algorithmsOtherThanRs256AndEs256AreRefused() {
    JsonObject claims = Jws.claims("alice", "admin");
    for (String alg : List.of("none", "HS256", "ES384", "PS256", "RS512")) {
      String token = Jws.sign(ec, Jws.header(alg, "ec-1"), claims);
      assertThat(refusal(verifier, token)).as(alg).isEqualTo(ALGORITHM);
    }
    String unsigned = Jws.segment(Jws.header("none", null)) + "." + Jws.segment(claims) + ".";
    assertThat(refusal(verifier, unsigned)).isEqualTo(ALGORITHM);
  }

  @Test
  void aHeaderWithoutAnAlgorithmIsRefusedLikeAnyOtherAlgorithm() {
    String token = Jws.sign(ec, new JsonObject().put("typ", "JWT").put("kid", "ec-1"), Jws.claims("alice"));

    assertThat(refusal(verifier, token)).isEqualTo(ALGORITHM);
  }

  @Test
  void aTokenThatIsNotThreeSegmentsIsNotAJwt() {
    String good = Jws.es256(ec, "ec-1", Jws.claims("alice"));
    String[] parts = good.split("\\.");
    for (String token : List.of("", "not-a-jwt", parts[0] + "." + parts[1], good + ".", good + "." + parts[2],
      "%%%." + parts[1] + "." + parts[2], base64url("not json") + "." + parts[1] + "." + parts[2],
      base64url("[\"ES256\"]") + "." + parts[1] + "." + parts[2])) {
      assertThat(refusal(verifier, token)).as(token).isEqualTo(NOT_A_JWT);
    }
  }

  @Test
  void aTokenWithABadSignatureIssuerAudienceOrExpiryIsInvalid() {
    String good = Jws.es256(ec, "ec-1", Jws.claims("alice", "customer"));
    String[] parts = good.split("\\.");
    String promoted = parts[0] + "." + Jws.segment(Jws.claims("alice", "admin")) + "." + parts[2];
    long now = Instant.now().getEpochSecond();

    assertThat(refusal(verifier, promoted)).isEqualTo(INVALID);
    assertThat(refusal(verifier, Jws.es256(ec, "ec-1", Jws.claims("alice").put("iss", "other")))).isEqualTo(INVALID);
    assertThat(refusal(verifier, Jws.es256(ec, "ec-1", Jws.claims("alice").put("aud", "other")))).isEqualTo(INVALID);
    assertThat(refusal(verifier, Jws.es256(ec, "ec-1", Jws.claims("alice").put("iat", now - 600).put("exp", now - 60))))
      .isEqualTo(INVALID);
    assertThat(accepted(verifier, Jws.es256(ec, "ec-1", Jws.claims("alice").put("iat", now - 600).put("exp", now - 1))))
      .as("expired within the leeway").isNotNull();
  }

  // ---- expiry and lifetime

  @Test
  void aTokenWithoutExpiryIsRefused() {
    JsonObject claims = Jws.claims("alice");
    claims.remove("exp");

    assertThat(refusal(verifier, Jws.es256(ec, "ec-1", claims))).isEqualTo(NO_EXPIRY);
  }

  @Test
  void anExpiryThatIsNotANumberIsRefused() {
    String token = Jws.es256(ec, "ec-1", Jws.claims("alice").put("exp", "tomorrow"));

    assertThat(refusal(verifier, token)).as("vertx-auth-jwt refuses it before our own check").isEqualTo(INVALID);
  }

  @Test
  void theLifetimeIsMeasuredFromIssuedAtNotFromNow() {
    long now = Instant.now().getEpochSecond();
    JsonObject claims = Jws.claims("alice").put("iat", now - MAX_LIFETIME.toSeconds()).put("exp", now + 600);

    assertThat(refusal(verifier, Jws.es256(ec, "ec-1", claims))).isEqualTo(TOO_LONG);
  }

  @Test
  void theLongestLifetimeIsTheMaximumPlusTheLeewayToTheSecond() {
    long issued = Instant.now().getEpochSecond() - 60;

    JsonObject longest = Jws.claims("alice").put("iat", issued).put("exp", issued + LONGEST);
    assertThat(accepted(verifier, Jws.es256(ec, "ec-1", longest)).subject()).isEqualTo("alice");
    JsonObject oneSecondMore = Jws.claims("alice").put("iat", issued).put("exp", issued + LONGEST + 1);
    assertThat(refusal(verifier, Jws.es256(ec, "ec-1", oneSecondMore))).isEqualTo(TOO_LONG);
  }

  @Test
  void aTokenWithoutIssuedAtIsMeasuredFromNow() {
    long now = Instant.now().getEpochSecond();
    JsonObject shortEnough = Jws.claims("alice").put("exp", now + LONGEST - 60);
    shortEnough.remove("iat");
    JsonObject tooLong = Jws.claims("alice").put("exp", now + LONGEST + 60);
    tooLong.remove("iat");

    assertThat(accepted(verifier, Jws.es256(ec, "ec-1", shortEnough)).subject()).isEqualTo("alice");
    assertThat(refusal(verifier, Jws.es256(ec, "ec-1", tooLong))).isEqualTo(TOO_LONG);
  }

  // ---- subject and roles

  @Test
  void aTokenMustNameASubjectAsANonBlankString() {
    JsonObject none = Jws.claims("alice");
    none.remove("sub");

    assertThat(refusal(verifier, Jws.es256(ec, "ec-1", none))).isEqualTo(NO_SUBJECT);
    assertThat(refusal(verifier, Jws.es256(ec, "ec-1", Jws.claims(" \t ")))).isEqualTo(NO_SUBJECT);
    assertThat(refusal(verifier, Jws.es256(ec, "ec-1", Jws.claims("alice").put("sub", "")))).isEqualTo(NO_SUBJECT);
    assertThat(refusal(verifier, Jws.es256(ec, "ec-1", Jws.claims("alice").put("sub", 42)))).isEqualTo(NO_SUBJECT);
  }

  @Test
  void rolesAreTheStringsOfTheRolesArrayAndNothingElse() {
    JsonObject missing = Jws.claims("alice");
    missing.remove("roles");
    JsonObject notAnArray = Jws.claims("alice").put("roles", "admin");
    JsonObject mixed = Jws.claims("alice").put("roles",
      new JsonArray().add("customer").add(7).addNull().add(new JsonObject().put("admin", true)).add("admin"));

    assertThat(accepted(verifier, Jws.es256(ec, "ec-1", missing)).roles()).isEmpty();
    assertThat(accepted(verifier, Jws.es256(ec, "ec-1", notAnArray)).roles()).isEmpty();
    assertThat(accepted(verifier, Jws.es256(ec, "ec-1", mixed)).roles()).containsExactly("customer", "admin");
  }

  // ---- Caller

  @Test
  void aCallerHasAnyRoleOnlyWhenItHoldsOneOfThem() {
    Caller caller = new Caller("alice", Set.of("customer", "auditor"));

    assertThat(caller.hasAnyRole(List.of("admin", "auditor"))).isTrue();
    assertThat(caller.hasAnyRole(List.of("admin"))).isFalse();
    assertThat(caller.hasAnyRole(List.of())).isFalse();
    assertThat(Caller.ANONYMOUS.isAnonymous()).isTrue();
    assertThat(Caller.ANONYMOUS.hasAnyRole(List.of("customer"))).isFalse();
  }

  private static String base64url(String text) {
    return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  private static Caller accepted(TokenVerifier verifier, String token) {
    return verifier.verify(token).await();
  }

  private static String refusal(TokenVerifier verifier, String token) {
    Throwable failure = verifier.verify(token).map(caller -> (Throwable) null).otherwise(refused -> refused).await();
    assertThat(failure).as("the token is refused").isInstanceOf(TokenVerifier.InvalidToken.class);
    return failure.getMessage();
  }
}
