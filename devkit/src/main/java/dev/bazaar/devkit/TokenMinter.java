package dev.bazaar.devkit;

import dev.bazaar.contracts.Roles;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;

import java.time.Duration;
import java.util.Collection;
import java.util.List;

/** Signs ES256 tokens with a local private key: for a developer's shop and for tests, never for production. */
public final class TokenMinter {

  private final JWTAuth jwt;
  private final String keyId;
  private final String issuer;
  private final String audience;

  public TokenMinter(Vertx vertx, SigningKey key, String keyId, String issuer, String audience) {
    this.jwt = JWTAuth.create(vertx, new JWTAuthOptions()
      .addPubSecKey(new PubSecKeyOptions().setAlgorithm("ES256").setBuffer(key.privatePem()).setId(keyId)));
    this.keyId = keyId;
    this.issuer = issuer;
    this.audience = audience;
  }

  public String mint(String subject, Collection<String> roles, Duration ttl) {
    return jwt.generateToken(
      new JsonObject().put(Roles.CLAIM, new JsonArray(List.copyOf(roles))),
      new JWTOptions()
        .setAlgorithm("ES256")
        .setHeader(new JsonObject().put("kid", keyId))
        .setSubject(subject)
        .setIssuer(issuer)
        .addAudience(audience)
        .setExpiresInSeconds(Math.toIntExact(ttl.toSeconds())));
  }
}
