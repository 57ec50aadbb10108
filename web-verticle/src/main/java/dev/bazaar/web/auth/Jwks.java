package dev.bazaar.web.auth;

import io.vertx.core.json.JsonObject;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Public keys as JSON Web Keys, the one form the web verticle takes them in. Only signing keys for RS256 and ES256
 * are kept: every other algorithm, HMAC above all, is refused so a public key can never double as a shared secret;
 * so is an RSA key under {@value #MIN_RSA_BITS} bits, whether it comes as a JWK or a PEM key.
 */
public final class Jwks {

  public static final Set<String> ACCEPTED_ALGORITHMS = Set.of("RS256", "ES256");
  /** RSA moduli below this are within reach of factoring; NIST has disallowed them for signatures since 2013. */
  static final int MIN_RSA_BITS = 2048;

  private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

  private Jwks() {
  }

  /** The signing keys of a JWKS document ({"keys": [...]}) that Bazaar accepts, each with its "alg" filled in. */
  public static List<JsonObject> signingKeys(JsonObject jwks) {
    return jwks.getJsonArray("keys", new io.vertx.core.json.JsonArray()).stream()
      .filter(JsonObject.class::isInstance)
      .map(JsonObject.class::cast)
      .filter(key -> !"enc".equals(key.getString("use")))
      .filter(key -> !"RSA".equals(key.getString("kty")) || isStrongEnough(modulusOf(key)))
      .flatMap(key -> algorithmOf(key).map(alg -> key.copy().put("alg", alg)).stream())
      .toList();
  }

  /** A PEM public key ("-----BEGIN PUBLIC KEY-----", RSA or EC P-256) as a JWK, with the key id if there is one. */
  public static JsonObject fromPem(String pem, String keyId) {
    byte[] der = Base64.getMimeDecoder().decode(pem
      .replaceAll("-----(BEGIN|END) PUBLIC KEY-----", "")
      .replaceAll("\\s", ""));
    PublicKey key = decodePublicKey(der);
    JsonObject jwk = new JsonObject().put("use", "sig");
    if (keyId != null) {
      jwk.put("kid", keyId);
    }
    if (key instanceof ECPublicKey ec && ec.getParams().getCurve().getField().getFieldSize() == 256) {
      return jwk.put("kty", "EC").put("crv", "P-256").put("alg", "ES256")
        .put("x", base64url(ec.getW().getAffineX(), 32))
        .put("y", base64url(ec.getW().getAffineY(), 32));
    }
    if (key instanceof RSAPublicKey rsa && isStrongEnough(rsa.getModulus())) {
      return jwk.put("kty", "RSA").put("alg", "RS256")
        .put("n", base64url(rsa.getModulus(), 0))
        .put("e", base64url(rsa.getPublicExponent(), 0));
    }
    throw new IllegalArgumentException("the public key must be EC P-256 (ES256) or RSA of at least 2048 bits (RS256)");
  }

  private static boolean isStrongEnough(BigInteger rsaModulus) {
    return rsaModulus != null && rsaModulus.bitLength() >= MIN_RSA_BITS;
  }

  /** An RSA JWK's modulus; null when it has none that can be read. */
  private static BigInteger modulusOf(JsonObject jwk) {
    try {
      return jwk.getValue("n") instanceof String n ? new BigInteger(1, Base64.getUrlDecoder().decode(n)) : null;
    } catch (IllegalArgumentException notBase64url) {
      return null;
    }
  }

  static Optional<String> algorithmOf(JsonObject jwk) {
    String alg = jwk.getString("alg");
    if (alg != null) {
      return ACCEPTED_ALGORITHMS.contains(alg) ? Optional.of(alg) : Optional.empty();
    }
    if ("RSA".equals(jwk.getString("kty"))) {
      return Optional.of("RS256");
    }
    if ("EC".equals(jwk.getString("kty")) && "P-256".equals(jwk.getString("crv"))) {
      return Optional.of("ES256");
    }
    return Optional.empty();
  }

  private static PublicKey decodePublicKey(byte[] der) {
    for (String type : List.of("EC", "RSA")) {
      try {
        return KeyFactory.getInstance(type).generatePublic(new X509EncodedKeySpec(der));
      } catch (GeneralSecurityException notThisType) {
        // try the next key type
      }
    }
    throw new IllegalArgumentException("not a PEM public key (-----BEGIN PUBLIC KEY-----)");
  }

  /** Unsigned big-endian bytes, left-padded to {@code length} when it is not 0, as base64url without padding. */
  private static String base64url(BigInteger value, int length) {
    byte[] bytes = value.toByteArray();
    if (bytes.length > 1 && bytes[0] == 0) {
      bytes = Arrays.copyOfRange(bytes, 1, bytes.length);
    }
    if (length > bytes.length) {
      byte[] padded = new byte[length];
      System.arraycopy(bytes, 0, padded, length - bytes.length, bytes.length);
      bytes = padded;
    }
    return BASE64URL.encodeToString(bytes);
  }
}
