package dev.bazaar.web;

import dev.bazaar.devkit.SigningKey;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Instant;
import java.util.UUID;

import static dev.bazaar.web.TestShop.draft;
import static org.assertj.core.api.Assertions.assertThat;

/** Bearer tokens and roles: every kind of bad token is a 401, a missing role a 403, and only admins change the catalog. */
@ExtendWith(VertxExtension.class)
class AccessControlTest {

  private static Vertx vertx;
  private static TestShop shop;

  @BeforeAll
  static void start(Vertx v) {
    vertx = v;
    shop = TestShop.start(vertx);
  }

  @AfterAll
  static void stop() {
    shop.close();
  }

  // ---- tokens: each kind of bad token gets 401

  @Test
  void aValidAdminTokenIsAccepted() {
    String token = Tokens.es256(vertx, shop.key, TestShop.KEY_ID, Tokens.claims("root", "admin"));
    assertThat(createWith(token).statusCode()).isEqualTo(201);
  }

  @Test
  void anExpiredTokenIs401() {
    long past = Instant.now().getEpochSecond() - 3600;
    JsonObject claims = Tokens.claims("root", "admin").put("iat", past - 600).put("exp", past);
    assertRejected(Tokens.es256(vertx, shop.key, TestShop.KEY_ID, claims));
  }

  @Test
  void aTokenWithoutExpiryIs401() {
    JsonObject claims = Tokens.claims("root", "admin");
    claims.remove("exp");
    assertRejected(Tokens.es256(vertx, shop.key, TestShop.KEY_ID, claims));
  }

  @Test
  void anUnsignedTokenWithAlgNoneIs401() {
    assertRejected(Tokens.unsigned(Tokens.claims("root", "admin")));
  }

  @Test
  void anHs256TokenSignedWithThePublicKeyIs401() throws Exception {
    assertRejected(Tokens.hs256WithPublicKey(shop.key.publicPem(), TestShop.KEY_ID, Tokens.claims("root", "admin")));
  }

  @Test
  void aTokenFromAnotherIssuerIs401() {
    assertRejected(Tokens.es256(vertx, shop.key, TestShop.KEY_ID, Tokens.claims("root", "admin").put("iss", "evil")));
  }

  @Test
  void aTokenForAnotherAudienceIs401() {
    assertRejected(Tokens.es256(vertx, shop.key, TestShop.KEY_ID, Tokens.claims("root", "admin").put("aud", "other-api")));
  }

  @Test
  void aTamperedPayloadIs401() {
    String customer = Tokens.es256(vertx, shop.key, TestShop.KEY_ID, Tokens.claims("alice", "customer"));
    assertRejected(Tokens.withPayload(customer, Tokens.claims("alice", "admin")));
  }

  @Test
  void aTokenSignedWithAnUnknownKeyIs401() {
    assertRejected(Tokens.es256(vertx, SigningKey.generate(), "someone-elses-key", Tokens.claims("root", "admin")));
  }

  @Test
  void aTokenNamingAnUnknownKeyIdIs401EvenWithTheRightSignature() {
    assertRejected(Tokens.es256(vertx, shop.key, "not-our-key-id", Tokens.claims("root", "admin")));
  }

  @Test
  void aTokenThatLivesLongerThan24HoursIs401() {
    long now = Instant.now().getEpochSecond();
    assertRejected(Tokens.es256(vertx, shop.key, TestShop.KEY_ID,
      Tokens.claims("root", "admin").put("iat", now).put("exp", now + 48 * 3600)));
  }

  @Test
  void garbageAndOtherSchemesAre401() {
    assertRejected("not-a-jwt");
    HttpResponse<Buffer> basic = shop.http.post("/api/v1/products")
      .putHeader("Authorization", "Basic YWRtaW46YWRtaW4=")
      .sendJsonObject(draft(category(), "Basic", 1)).await();
    Problems.assertProblem(basic, 401);
    assertThat(basic.getHeader("WWW-Authenticate")).startsWith("Bearer");
  }

  @Test
  void aBadTokenIsRefusedOnPublicReadsToo() {
    HttpResponse<Buffer> response = shop.http.get("/api/v1/products")
      .putHeader("Authorization", "Bearer " + Tokens.unsigned(Tokens.claims("x", "admin"))).send().await();
    Problems.assertProblem(response, 401);
  }

  // ---- roles

  @Test
  void anonymousCatalogReadsAre200() {
    JsonObject product = shop.createProduct(draft(category(), "Public", 100));
    assertThat(shop.http.get("/api/v1/products").send().await().statusCode()).isEqualTo(200);
    assertThat(shop.http.get("/api/v1/products/" + product.getString("id")).send().await().statusCode()).isEqualTo(200);
    assertThat(shop.customer.get("/api/v1/products").send().await().statusCode()).isEqualTo(200);
  }

  @Test
  void anonymousWritesAre401WithABearerChallenge() {
    String category = category();
    HttpResponse<Buffer> response = shop.http.post("/api/v1/products").sendJsonObject(draft(category, "Anon", 1)).await();

    Problems.assertProblem(response, 401);
    assertThat(response.getHeader("WWW-Authenticate")).isEqualTo("Bearer realm=\"bazaar\"");
    assertNothingIn(category);
  }

  @Test
  void aCustomerOnEveryAdminEndpointIs403AndChangesNothing() {
    JsonObject product = shop.createProduct(draft(category(), "Guarded", 100));
    String path = "/api/v1/products/" + product.getString("id");
    String category = category();

    Problems.assertProblem(shop.customer.post("/api/v1/products").sendJsonObject(draft(category, "Mine", 1)).await(), 403);
    Problems.assertProblem(shop.customer.put(path).sendJsonObject(draft(category, "Mine", 1)).await(), 403);
    Problems.assertProblem(shop.customer.put(path + "/stock").sendJsonObject(new JsonObject().put("onHand", 9)).await(), 403);
    Problems.assertProblem(shop.customer.delete(path).send().await(), 403);

    assertThat(shop.http.get(path).send().await().bodyAsJsonObject()).isEqualTo(product);
    assertNothingIn(category);
  }

  @Test
  void otherSpellingsOfAnAdminPathAreGuardedToo() {
    JsonObject product = shop.createProduct(draft(category(), "Spelled", 100));
    String category = category();
    JsonObject draft = draft(category, "Sneaky", 1);

    for (String path : java.util.List.of("/api/v1/products/", "//api/v1/products", "/api/v1//products", "/api/v1/./products",
      "/api/v1/%70roducts", "/api/v1/x/../products")) {
      HttpResponse<Buffer> response = shop.http.post(path).sendJsonObject(draft).await();
      assertThat(response.statusCode()).as("anonymous POST %s", path).isIn(401, 404);
    }
    String stock = "/api/v1/products/" + product.getString("id") + "/stock";
    for (String path : java.util.List.of(stock + "/", "/" + stock, stock.replace("/stock", "//stock"),
      stock.replace("/products/", "/%70roducts/"), stock.replace("/stock", "/%73tock"))) {
      HttpResponse<Buffer> response = shop.customer.put(path).sendJsonObject(new JsonObject().put("onHand", 1)).await();
      assertThat(response.statusCode()).as("customer PUT %s", path).isIn(403, 404);
    }

    assertNothingIn(category);
    assertThat(shop.http.get("/api/v1/products/" + product.getString("id")).send().await().bodyAsJsonObject()).isEqualTo(product);
  }

  @Test
  void anonymousCallersGet401BeforeTheContentTypeOrBodyIsLookedAt() {
    HttpResponse<Buffer> response = shop.http.post("/api/v1/products")
      .putHeader("Content-Type", "text/plain").sendBuffer(Buffer.buffer("junk")).await();
    Problems.assertProblem(response, 401);
  }

  @Test
  void aCustomerIsRefusedBeforeTheBodyIsEvenValidated() {
    Problems.assertProblem(shop.customer.post("/api/v1/products").sendJsonObject(new JsonObject().put("junk", true)).await(), 403);
  }

  @Test
  void adminWritesSucceed() {
    JsonObject product = shop.createProduct(draft(category(), "Admin made", 100));
    String path = "/api/v1/products/" + product.getString("id");

    assertThat(shop.admin.put(path).sendJsonObject(draft(category(), "Admin changed", 200)).await().statusCode()).isEqualTo(200);
    assertThat(shop.admin.put(path + "/stock").sendJsonObject(new JsonObject().put("onHand", 3)).await().statusCode()).isEqualTo(200);
    assertThat(shop.admin.delete(path).send().await().statusCode()).isEqualTo(204);
  }

  private static HttpResponse<Buffer> createWith(String token) {
    return shop.http.post("/api/v1/products")
      .putHeader("Authorization", "Bearer " + token)
      .sendJsonObject(draft(category(), "Token test", 100)).await();
  }

  private static void assertRejected(String token) {
    String category = category();
    HttpResponse<Buffer> response = shop.http.post("/api/v1/products")
      .putHeader("Authorization", "Bearer " + token)
      .sendJsonObject(draft(category, "Should not exist", 100)).await();
    Problems.assertProblem(response, 401);
    assertThat(response.getHeader("WWW-Authenticate")).startsWith("Bearer realm=\"bazaar\"").contains("invalid_token");
    assertNothingIn(category);
  }

  private static void assertNothingIn(String category) {
    JsonObject page = shop.http.get("/api/v1/products?category=" + category).send().await().bodyAsJsonObject();
    assertThat(page.getInteger("total")).isZero();
  }

  private static String category() {
    return "cat-" + UUID.randomUUID();
  }
}
