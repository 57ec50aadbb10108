package dev.bazaar.web.auth;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Which keys of a JWKS document are kept, and how a PEM public key becomes a JWK. */
@ExtendWith(VertxExtension.class)
class JwksTest {

  private static final String WRONG_KIND = "the public key must be EC P-256 (ES256) or RSA of at least 2048 bits (RS256)";

  // ---- signingKeys

  @Test
  void onlySigningKeysForRs256AndEs256AreKeptEachWithItsAlgorithm() {
    String modulus = Jwks.fromPem(Jws.pem(Jws.rsa(2048).getPublic()), null).getString("n");
    JsonObject rsa = new JsonObject().put("kty", "RSA").put("kid", "rsa").put("n", modulus).put("e", "AQAB");
    JsonObject ec = new JsonObject().put("kty", "EC").put("crv", "P-256").put("kid", "ec").put("x", "AA").put("y", "AA");
    JsonObject rsaForSigning = new JsonObject().put("kty", "RSA").put("use", "sig").put("alg", "RS256").put("kid", "rsa-sig")
      .put("n", modulus).put("e", "AQAB");
    JsonObject rsaTooShort = new JsonObject().put("kty", "RSA").put("kid", "rsa-short").put("n", modulus.substring(2))
      .put("e", "AQAB");
    JsonObject rsaWithoutModulus = new JsonObject().put("kty", "RSA").put("kid", "rsa-none").put("e", "AQAB");
    JsonObject rsaUnreadable = new JsonObject().put("kty", "RSA").put("kid", "rsa-bad").put("n", "!!").put("e", "AQAB");
    JsonObject ecNamed = new JsonObject().put("kty", "EC").put("crv", "P-256").put("alg", "ES256").put("kid", "ec-named");
    JsonObject rsaForEncryption = new JsonObject().put("kty", "RSA").put("use", "enc").put("kid", "rsa-enc");
    JsonObject ecForEncryption = new JsonObject().put("kty", "EC").put("crv", "P-256").put("use", "enc").put("alg", "ES256");
    JsonObject hmac = new JsonObject().put("kty", "oct").put("alg", "HS256").put("k", "c2VjcmV0").put("kid", "hmac");
    JsonObject secret = new JsonObject().put("kty", "oct").put("k", "c2VjcmV0").put("kid", "secret");
    JsonObject ps256 = new JsonObject().put("kty", "RSA").put("alg", "PS256").put("kid", "pss");
    JsonObject p384 = new JsonObject().put("kty", "EC").put("crv", "P-384").put("kid", "p384");
    JsonObject p384Named = new JsonObject().put("kty", "EC").put("crv", "P-384").put("alg", "ES384").put("kid", "p384-named");
    JsonObject ecWithoutCurve = new JsonObject().put("kty", "EC").put("kid", "no-curve");
    JsonObject okp = new JsonObject().put("kty", "OKP").put("crv", "Ed25519").put("kid", "ed");
    JsonArray keys = new JsonArray().add(rsa).add(rsaForEncryption).add(hmac).add("not a key").add(ec).add(secret)
      .add(ps256).add(rsaForSigning).add(p384).add(ecForEncryption).add(p384Named).add(ecWithoutCurve).add(okp).add(ecNamed)
      .add(42).add(rsaTooShort).add(rsaWithoutModulus).add(rsaUnreadable);

    List<JsonObject> kept = Jwks.signingKeys(new JsonObject().put("keys", keys));

    assertThat(kept).containsExactly(rsa.copy().put("alg", "RS256"), ec.copy().put("alg", "ES256"), rsaForSigning, ecNamed);
    assertThat(rsa.containsKey("alg")).as("the document itself is left alone").isFalse();
    assertThat(ec.containsKey("alg")).isFalse();
  }

  @Test
  void aDocumentWithoutKeysHasNoSigningKeys() {
    assertThat(Jwks.signingKeys(new JsonObject())).isEmpty();
    assertThat(Jwks.signingKeys(new JsonObject().put("keys", new JsonArray()))).isEmpty();
  }

  // ---- fromPem

  @Test
  void anEcP256PemKeyBecomesAnEs256Jwk() {
    ECPublicKey key = (ECPublicKey) Jws.ec("secp256r1").getPublic();

    JsonObject jwk = Jwks.fromPem(Jws.pem(key), "ec-1");

    assertThat(jwk.fieldNames()).containsExactlyInAnyOrder("use", "kid", "kty", "crv", "alg", "x", "y");
    assertThat(jwk.getString("use")).isEqualTo("sig");
    assertThat(jwk.getString("kid")).isEqualTo("ec-1");
    assertThat(jwk.getString("kty")).isEqualTo("EC");
    assertThat(jwk.getString("crv")).isEqualTo("P-256");
    assertThat(jwk.getString("alg")).isEqualTo("ES256");
    assertCoordinate(jwk.getString("x"), key.getW().getAffineX());
    assertCoordinate(jwk.getString("y"), key.getW().getAffineY());
  }

  @Test
  void aCoordinateWithLeadingZeroBytesIsPaddedTo32BytesAndStillVerifies(Vertx vertx) {
    KeyPair pair = keyWithAShortCoordinate();
    ECPublicKey key = (ECPublicKey) pair.getPublic();

    JsonObject jwk = Jwks.fromPem(Jws.pem(key), "short");

    assertCoordinate(jwk.getString("x"), key.getW().getAffineX());
    assertCoordinate(jwk.getString("y"), key.getW().getAffineY());
    TokenVerifier verifier = new TokenVerifier(vertx, new AuthConfig(Jws.ISSUER, Jws.AUDIENCE, Duration.ofHours(1),
      Duration.ZERO, List.of(jwk)));
    assertThat(verifier.verify(Jws.es256(pair, "short", Jws.claims("alice"))).await().subject()).isEqualTo("alice");
  }

  @Test
  void aKeyWithoutAnIdGetsNoKid() {
    JsonObject jwk = Jwks.fromPem(Jws.pem(Jws.ec("secp256r1").getPublic()), null);

    assertThat(jwk.containsKey("kid")).isFalse();
    assertThat(jwk.getString("alg")).isEqualTo("ES256");
  }

  @Test
  void anRsaPemKeyOf2048BitsBecomesAnRs256Jwk() {
    RSAPublicKey key = (RSAPublicKey) Jws.rsa(2048).getPublic();

    JsonObject jwk = Jwks.fromPem(Jws.pem(key).replace("\n", "\r\n"), "rsa-1");

    assertThat(jwk.fieldNames()).containsExactlyInAnyOrder("use", "kid", "kty", "alg", "n", "e");
    assertThat(jwk.getString("use")).isEqualTo("sig");
    assertThat(jwk.getString("kid")).isEqualTo("rsa-1");
    assertThat(jwk.getString("kty")).isEqualTo("RSA");
    assertThat(jwk.getString("alg")).isEqualTo("RS256");
    byte[] modulus = Base64.getUrlDecoder().decode(jwk.getString("n"));
    assertThat(modulus).as("no leading zero byte").hasSize(256);
    assertThat(new BigInteger(1, modulus)).isEqualTo(key.getModulus());
    assertThat(jwk.getString("e")).isEqualTo("AQAB");
  }

  @Test
  void weakOrOtherKeysAreRefused() {
    assertThatThrownBy(() -> Jwks.fromPem(Jws.pem(Jws.rsa(1024).getPublic()), "weak"))
      .isInstanceOf(IllegalArgumentException.class).hasMessage(WRONG_KIND);
    assertThatThrownBy(() -> Jwks.fromPem(Jws.pem(Jws.ec("secp384r1").getPublic()), "p384"))
      .isInstanceOf(IllegalArgumentException.class).hasMessage(WRONG_KIND);
  }

  @Test
  void somethingThatIsNotAPublicKeyIsRefused() {
    for (String pem : List.of("garbage", "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n", "")) {
      assertThatThrownBy(() -> Jwks.fromPem(pem, "k")).as(pem)
        .isInstanceOf(IllegalArgumentException.class).hasMessage("not a PEM public key (-----BEGIN PUBLIC KEY-----)");
    }
  }

  private static void assertCoordinate(String encoded, BigInteger expected) {
    byte[] bytes = Base64.getUrlDecoder().decode(encoded);
    assertThat(bytes).as("a P-256 coordinate is exactly 32 bytes").hasSize(32);
    assertThat(new BigInteger(1, bytes)).isEqualTo(expected);
  }

  /** A key one of whose coordinates is below 2^248, so that its big-endian form needs padding; about 1 in 128. */
  private static KeyPair keyWithAShortCoordinate() {
    for (int i = 0; i < 20_000; i++) {
      KeyPair pair = Jws.ec("secp256r1");
      ECPublicKey key = (ECPublicKey) pair.getPublic();
      if (Math.min(key.getW().getAffineX().bitLength(), key.getW().getAffineY().bitLength()) <= 248) {
        return pair;
      }
    }
    throw new AssertionError("no key with a short coordinate in 20000 tries");
  }
}
