package dev.bazaar.web;

import dev.bazaar.contracts.Roles;
import dev.bazaar.devkit.SigningKey;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

/** Tokens good and bad, signed exactly as an attacker or a careless issuer would sign them. */
final class Tokens {

  private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

  private Tokens() {
  }

  /** Claims a valid customer token carries: subject, roles, issuer, audience, issued now, expiring in an hour. */
  static JsonObject claims(String subject, String role) {
    long now = Instant.now().getEpochSecond();
    return new JsonObject()
      .put("sub", subject)
      .put(Roles.CLAIM, new JsonArray().add(role))
      .put("iss", TestShop.ISSUER)
      .put("aud", TestShop.AUDIENCE)
      .put("iat", now)
      .put("exp", now + 3600);
  }

  /** Signs exactly the given claims (nothing added) with ES256 under the given key id. */
  static String es256(Vertx vertx, SigningKey key, String keyId, JsonObject claims) {
    JWTAuth jwt = JWTAuth.create(vertx, new JWTAuthOptions()
      .addPubSecKey(new PubSecKeyOptions().setAlgorithm("ES256").setBuffer(key.privatePem()).setId(keyId)));
    return jwt.generateToken(claims, new JWTOptions()
      .setAlgorithm("ES256")
      .setNoTimestamp(true)
      .setHeader(new JsonObject().put("kid", keyId)));
  }

  static String unsigned(JsonObject claims) {
    return segment(new JsonObject().put("alg", "none").put("typ", "JWT")) + "." + segment(claims) + ".";
  }

  /** The classic key-confusion attack: HS256 with the server's public key as the shared secret. */
  static String hs256WithPublicKey(String publicPem, String keyId, JsonObject claims) throws Exception {
    String signingInput = segment(new JsonObject().put("alg", "HS256").put("typ", "JWT").put("kid", keyId))
      + "." + segment(claims);
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(publicPem.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return signingInput + "." + BASE64URL.encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));
  }

  /** The token with its payload replaced and its original signature kept. */
  static String withPayload(String token, JsonObject claims) {
    String[] parts = token.split("\\.");
    return parts[0] + "." + segment(claims) + "." + parts[2];
  }

  private static String segment(JsonObject json) {
    return BASE64URL.encodeToString(json.encode().getBytes(StandardCharsets.UTF_8));
  }
}
