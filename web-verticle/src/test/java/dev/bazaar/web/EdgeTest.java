package dev.bazaar.web;

import dev.bazaar.contracts.catalog.CatalogEvents;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import io.vertx.pgclient.PgConnection;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.UUID;

import static dev.bazaar.web.TestShop.draft;
import static org.assertj.core.api.Assertions.assertThat;

/** The edge: body limit, rate limit, request timeout, security headers, CORS and the read cache. */
@ExtendWith(VertxExtension.class)
class EdgeTest {

  private static final String ALLOWED_ORIGIN = "https://shop.example";

  private static Vertx vertx;
  private static TestShop shop;

  @BeforeAll
  static void start(Vertx v) {
    vertx = v;
    shop = TestShop.start(vertx, new JsonObject()
      .put("rateLimit", new JsonObject().put("perSecond", 1).put("burst", 50))
      .put("requestTimeoutMillis", 1_000)
      .put("readCacheMillis", 3_000)
      .put("corsOrigins", new JsonArray().add(ALLOWED_ORIGIN)));
  }

  @AfterAll
  static void stop() {
    shop.close();
  }

  @Test
  void aBodyOf65KiBIs413() {
    String category = "cat-" + UUID.randomUUID();
    JsonObject huge = draft(category, "Huge", 100).put("description", "x".repeat(65 * 1024));

    Problems.assertProblem(shop.admin.post("/api/v1/products").sendJsonObject(huge).await(), 413);
  }

  @Test
  void aBurstOverTheRateIs429WithRetryAfterAndOnlyForThatClient() {
    String caller = "burst-" + UUID.randomUUID();
    String token = shop.token(caller, "customer");
    HttpResponse<Buffer> last = null;
    for (int i = 0; i < 60 && (last == null || last.statusCode() != 429); i++) {
      last = shop.http.get("/api/v1/products?size=1").putHeader("Authorization", "Bearer " + token).send().await();
    }

    Problems.assertProblem(last, 429);
    assertThat(Long.parseLong(last.getHeader("Retry-After"))).isBetween(1L, 60L);
    String otherToken = shop.token("other-" + UUID.randomUUID(), "customer");
    assertThat(shop.http.get("/api/v1/products?size=1").putHeader("Authorization", "Bearer " + otherToken).send().await()
      .statusCode()).isEqualTo(200);
  }

  @Test
  void aRequestThatRunsPastTheTimeoutIs503() {
    JsonObject product = shop.createProduct(draft("cat-" + UUID.randomUUID(), "Locked", 100));
    PgConnection blocker = PgConnection.connect(vertx, shop.postgres.uri()).await();
    try {
      // A real slow request: another transaction holds the stock row, so the update waits past the timeout.
      blocker.query("BEGIN").execute().await();
      blocker.preparedQuery("SELECT on_hand FROM catalog.stock WHERE product_id = $1 FOR UPDATE")
        .execute(Tuple.of(UUID.fromString(product.getString("id")))).await();

      HttpResponse<Buffer> response = shop.admin.put("/api/v1/products/" + product.getString("id") + "/stock")
        .sendJsonObject(new JsonObject().put("onHand", 5)).await();

      JsonObject problem = Problems.assertProblem(response, 503);
      assertThat(problem.getString("detail")).contains("longer");
    } finally {
      blocker.query("ROLLBACK").execute().compose(v -> blocker.close()).await();
    }
  }

  @Test
  void readsAreCachedBrieflyAndWritesThroughTheApiShowAtOnce() {
    JsonObject product = shop.createProduct(draft("cat-" + UUID.randomUUID(), "Cached", 100));
    shop.awaitCatalogEvent(product.getString("id"), CatalogEvents.PRODUCT_CREATED);
    String path = "/api/v1/products/" + product.getString("id");
    String reader = "Bearer " + shop.token("reader-" + UUID.randomUUID(), "customer");
    assertThat(onHand(path, reader)).isZero();

    // A change the API did not see, as another node's would be: this node keeps its answer until it expires.
    PgConnection.connect(vertx, shop.postgres.uri())
      .compose(sql -> sql.preparedQuery("UPDATE catalog.stock SET on_hand = 7 WHERE product_id = $1")
        .execute(Tuple.of(UUID.fromString(product.getString("id")))).compose(done -> sql.close()))
      .await();
    HttpResponse<Buffer> cached = shop.http.get(path).putHeader("Authorization", reader).send().await();
    assertThat(cached.bodyAsJsonObject().getJsonObject("stock").getInteger("onHand")).isZero();
    assertThat(cached.getHeader("Cache-Control")).isEqualTo("public, max-age=3");

    java.time.Instant deadline = java.time.Instant.now().plusSeconds(10);
    while (onHand(path, reader) != 7) {
      assertThat(java.time.Instant.now()).as("the cached read expires").isBefore(deadline);
      vertx.timer(200).await();
    }

    shop.admin.put(path + "/stock").sendJsonObject(new JsonObject().put("onHand", 9)).await();
    assertThat(onHand(path, reader)).as("a write through this node shows at once").isEqualTo(9);
  }

  private static int onHand(String path, String authorization) {
    HttpResponse<Buffer> response = shop.http.get(path).putHeader("Authorization", authorization).send().await();
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
    return response.bodyAsJsonObject().getJsonObject("stock").getInteger("onHand");
  }

  @Test
  void responsesCarrySecurityHeadersAndAStrictPolicyOutsideTheApi() {
    HttpResponse<Buffer> api = shop.http.get("/api/v1/products?size=1").send().await();
    HttpResponse<Buffer> health = shop.http.get("/health").send().await();

    for (HttpResponse<Buffer> response : java.util.List.of(api, health)) {
      assertThat(response.getHeader("X-Content-Type-Options")).isEqualTo("nosniff");
      assertThat(response.getHeader("X-Frame-Options")).isEqualTo("DENY");
      assertThat(response.getHeader("Strict-Transport-Security")).as("no HSTS over plain HTTP").isNull();
    }
    assertThat(api.getHeader("Content-Security-Policy")).isNull();
    assertThat(health.getHeader("Content-Security-Policy")).contains("default-src 'none'");
  }

  @Test
  void theStorefrontIsServedWithAPolicyThatAllowsOnlyItsOwnScriptStyleAndOrigin() {
    HttpResponse<Buffer> page = shop.http.get("/").send().await();
    HttpResponse<Buffer> script = shop.http.get("/storefront/storefront.js").send().await();
    HttpResponse<Buffer> sockJs = shop.http.get("/storefront/vendor/sockjs.min.js").send().await();

    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.getHeader("Content-Type")).startsWith("text/html");
    assertThat(page.bodyAsString()).contains("<script src=\"/storefront/storefront.js\"");
    assertThat(script.statusCode()).isEqualTo(200);
    assertThat(sockJs.statusCode()).isEqualTo(200);
    assertThat(sockJs.bodyAsString()).startsWith("/* sockjs-client v1.6.1");
    for (HttpResponse<Buffer> response : java.util.List.of(page, script, sockJs)) {
      assertThat(response.getHeader("Content-Security-Policy")).isEqualTo("default-src 'none'; script-src 'self'; "
        + "style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; "
        + "frame-ancestors 'none'");
      assertThat(response.getHeader("X-Content-Type-Options")).isEqualTo("nosniff");
      assertThat(response.getHeader("X-Frame-Options")).isEqualTo("DENY");
    }
    assertThat(page.getHeader("Cache-Control")).as("a new release's page is fetched at once").isEqualTo("no-cache");
    assertThat(shop.http.get("/storefront/").send().await().bodyAsString()).isEqualTo(page.bodyAsString());
    HttpResponse<Buffer> vendorDirectory = shop.http.get("/storefront/vendor/").send().await();
    assertThat(vendorDirectory.statusCode()).as("no directory listing").isEqualTo(404);
    assertThat(vendorDirectory.getHeader("Content-Type")).isEqualTo("application/problem+json");
    assertThat(shop.http.get("/storefront/../openapi.yaml").send().await().getHeader("Content-Security-Policy"))
      .as("a path that leaves the storefront is not the storefront").doesNotContain("script-src");
  }

  @Test
  void corsAllowsOnlyTheConfiguredOrigins() {
    HttpResponse<Buffer> allowed = shop.http.get("/api/v1/products?size=1").putHeader("Origin", ALLOWED_ORIGIN).send().await();
    HttpResponse<Buffer> other = shop.http.get("/api/v1/products?size=1").putHeader("Origin", "https://evil.example").send().await();

    assertThat(allowed.statusCode()).isEqualTo(200);
    assertThat(allowed.getHeader("Access-Control-Allow-Origin")).isEqualTo(ALLOWED_ORIGIN);
    assertThat(other.getHeader("Access-Control-Allow-Origin")).isNull();
    assertThat(other.statusCode()).isLessThan(500);
  }
}
