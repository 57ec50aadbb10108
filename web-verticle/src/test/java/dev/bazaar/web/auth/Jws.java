package dev.bazaar.web.auth;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Base64;

/**
 * Signs tokens with the JDK alone, header and claims exactly as given, so a test controls every byte the verifier
 * sees (a missing {@code kid}, a missing {@code alg}, odd claim types) independently of the library that checks them.
 */
final class Jws {

  static final String ISSUER = "unit-issuer";
  static final String AUDIENCE = "unit-audience";

  private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

  private Jws() {
  }

  static KeyPair ec(String curve) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec(curve));
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  static KeyPair rsa(int bits) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(bits);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  static String pem(PublicKey key) {
    return "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
      .encodeToString(key.getEncoded()) + "\n-----END PUBLIC KEY-----\n";
  }

  /** Claims of a valid token: subject, roles, the test issuer and audience, issued now, expiring in an hour. */
  static JsonObject claims(String subject, String... roles) {
    long now = Instant.now().getEpochSecond();
    return new JsonObject()
      .put("sub", subject)
      .put("roles", new JsonArray(java.util.List.of(roles)))
      .put("iss", ISSUER)
      .put("aud", AUDIENCE)
      .put("iat", now)
      .put("exp", now + 3600);
  }

  static JsonObject header(String alg, String kid) {
    JsonObject header = new JsonObject().put("typ", "JWT").put("alg", alg);
    return kid == null ? header : header.put("kid", kid);
  }

  static String es256(KeyPair key, String kid, JsonObject claims) {
    return sign(key, header("ES256", kid), claims);
  }

  static String rs256(KeyPair key, String kid, JsonObject claims) {
    return sign(key, header("RS256", kid), claims);
  }

  /** Signs with ES256 for an EC key and RS256 for an RSA key, whatever the header says. */
  static String sign(KeyPair key, JsonObject header, JsonObject claims) {
    String signingInput = segment(header) + "." + segment(claims);
    try {
      Signature signature = Signature.getInstance(
        "EC".equals(key.getPrivate().getAlgorithm()) ? "SHA256withECDSAinP1363Format" : "SHA256withRSA");
      signature.initSign(key.getPrivate());
      signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
      return signingInput + "." + BASE64URL.encodeToString(signature.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  static String segment(JsonObject json) {
    return BASE64URL.encodeToString(json.encode().getBytes(StandardCharsets.UTF_8));
  }
}
