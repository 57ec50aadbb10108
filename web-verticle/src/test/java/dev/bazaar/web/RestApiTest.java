package dev.bazaar.web;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.UUID;

import static dev.bazaar.web.TestShop.draft;
import static org.assertj.core.api.Assertions.assertThat;

/** Every catalog endpoint over real HTTP: the happy paths and each kind of bad input with its own status. */
@ExtendWith(VertxExtension.class)
class RestApiTest {

  private static TestShop shop;

  @BeforeAll
  static void start(Vertx vertx) {
    shop = TestShop.start(vertx);
  }

  @AfterAll
  static void stop() {
    shop.close();
  }

  // ---- happy paths

  @Test
  void createReturns201WithLocationAndTheProduct() {
    JsonObject draft = draft(category(), "Kettle", 3999);

    HttpResponse<Buffer> response = shop.admin.post("/api/v1/products").sendJsonObject(draft).await();

    assertThat(response.statusCode()).isEqualTo(201);
    JsonObject product = response.bodyAsJsonObject();
    assertThat(response.getHeader("Location")).isEqualTo("/api/v1/products/" + product.getString("id"));
    assertThat(product.getString("sku")).isEqualTo(draft.getString("sku"));
    assertThat(product.getJsonObject("price")).isEqualTo(new JsonObject().put("value", 3999).put("currency", "EUR"));
    assertThat(product.getBoolean("active")).isTrue();
    assertThat(product.getJsonObject("stock")).isEqualTo(new JsonObject().put("onHand", 0).put("reserved", 0).put("available", 0));
    assertThat(product.fieldNames()).contains("createdAt", "updatedAt", "description", "category", "name");
  }

  @Test
  void getReturnsTheProductWithItsAvailableStock() {
    JsonObject created = shop.createProduct(draft(category(), "Teapot", 2500));

    HttpResponse<Buffer> response = shop.http.get("/api/v1/products/" + created.getString("id")).send().await();

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.getHeader("Content-Type")).startsWith("application/json");
    assertThat(response.bodyAsJsonObject()).isEqualTo(created);
  }

  @Test
  void listFiltersSortsAndPages() {
    String category = category();
    shop.createProduct(draft(category, "Green tea", 500));
    shop.createProduct(draft(category, "Black tea", 700));
    shop.createProduct(draft(category, "Coffee", 900));

    JsonObject page = shop.http.get("/api/v1/products")
      .addQueryParam("category", category)
      .addQueryParam("q", "TEA")
      .addQueryParam("sort", "-price")
      .addQueryParam("size", "1")
      .send().await().bodyAsJsonObject();

    assertThat(page.getInteger("total")).isEqualTo(2);
    assertThat(page.getInteger("page")).isEqualTo(1);
    assertThat(page.getInteger("size")).isEqualTo(1);
    assertThat(page.getJsonArray("items")).hasSize(1);
    assertThat(page.getJsonArray("items").getJsonObject(0).getString("name")).isEqualTo("Black tea");

    JsonObject cheap = shop.http.get("/api/v1/products?category=" + category + "&minPrice=600&maxPrice=900&page=2&size=1")
      .send().await().bodyAsJsonObject();
    assertThat(cheap.getInteger("total")).isEqualTo(2);
    assertThat(cheap.getJsonArray("items").getJsonObject(0).getString("name")).isEqualTo("Coffee");
  }

  @Test
  void listCapsThePageSizeAt100() {
    JsonObject page = shop.http.get("/api/v1/products?size=500").send().await().bodyAsJsonObject();
    assertThat(page.getInteger("size")).isEqualTo(100);
  }

  @Test
  void putReplacesTheProduct() {
    JsonObject created = shop.createProduct(draft(category(), "Lamp", 1000));
    JsonObject change = draft(category(), "Floor lamp", 4500);

    HttpResponse<Buffer> response = shop.admin.put("/api/v1/products/" + created.getString("id")).sendJsonObject(change).await();

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.bodyAsJsonObject().getString("name")).isEqualTo("Floor lamp");
    assertThat(response.bodyAsJsonObject().getJsonObject("price").getLong("value")).isEqualTo(4500);
  }

  @Test
  void deleteDeactivatesTheProduct() {
    JsonObject created = shop.createProduct(draft(category(), "Old stock", 100));
    String path = "/api/v1/products/" + created.getString("id");

    assertThat(shop.admin.delete(path).send().await().statusCode()).isEqualTo(204);
    assertThat(shop.admin.delete(path).send().await().statusCode()).isEqualTo(204);

    assertThat(shop.http.get(path).send().await().bodyAsJsonObject().getBoolean("active")).isFalse();
    JsonObject listed = shop.http.get("/api/v1/products?category=" + created.getString("category")).send().await().bodyAsJsonObject();
    assertThat(listed.getInteger("total")).isZero();
  }

  @Test
  void putStockSetsTheUnitsOnHand() {
    JsonObject created = shop.createProduct(draft(category(), "Candle", 800));

    HttpResponse<Buffer> response = shop.admin.put("/api/v1/products/" + created.getString("id") + "/stock")
      .sendJsonObject(new JsonObject().put("onHand", 25)).await();

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.bodyAsJsonObject().getJsonObject("stock"))
      .isEqualTo(new JsonObject().put("onHand", 25).put("reserved", 0).put("available", 25));
  }

  @Test
  void healthReadyAndTheContractAreServed() {
    HttpResponse<Buffer> health = shop.http.get("/health").send().await();
    HttpResponse<Buffer> ready = shop.http.get("/ready").send().await();
    HttpResponse<Buffer> contract = shop.http.get("/openapi.yaml").send().await();

    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(health.bodyAsJsonObject().getString("status")).isEqualTo("UP");
    assertThat(ready.statusCode()).isEqualTo(200);
    assertThat(ready.bodyAsJsonObject().getJsonObject("checks").getString("catalog")).isEqualTo("UP");
    assertThat(contract.statusCode()).isEqualTo(200);
    assertThat(contract.bodyAsString()).startsWith("openapi: 3.1");
  }

  // ---- bad input: each kind has its own status, a problem body, and changes nothing

  @Test
  void malformedJsonIs400() {
    String category = category();
    HttpResponse<Buffer> response = shop.admin.post("/api/v1/products")
      .putHeader("Content-Type", "application/json")
      .sendBuffer(Buffer.buffer("{\"sku\": \"A-1\", \"name\": ")).await();

    Problems.assertProblem(response, 400);
    assertNothingIn(category);
  }

  @Test
  void aBrokenPercentEscapeInTheQueryIs400() {
    Problems.assertProblem(shop.http.get("/api/v1/products?q=%").send().await(), 400);
    Problems.assertProblem(shop.http.get("/api/v1/products?zz=%G1").send().await(), 400);
  }

  @Test
  void unknownFieldsAre400() {
    String category = category();
    JsonObject draft = draft(category, "Sneaky", 100).put("active", false).put("id", UUID.randomUUID().toString());

    Problems.assertProblem(shop.admin.post("/api/v1/products").sendJsonObject(draft).await(), 400);
    assertNothingIn(category);
  }

  @Test
  void wrongTypesAre400() {
    String category = category();
    JsonObject draft = draft(category, "Typo", 100);
    draft.getJsonObject("price").put("value", "12.99");

    JsonObject problem = Problems.assertProblem(shop.admin.post("/api/v1/products").sendJsonObject(draft).await(), 400);
    assertThat(problem.getString("detail")).contains("/price/value").contains("Expected integer");
    Problems.assertProblem(shop.http.get("/api/v1/products?page=first").send().await(), 400);
    assertNothingIn(category);
  }

  @Test
  void outOfRangeNumbersAre400() {
    String category = category();
    JsonObject negative = draft(category, "Negative", -1);
    JsonObject created = shop.createProduct(draft(category(), "In range", 100));

    Problems.assertProblem(shop.admin.post("/api/v1/products").sendJsonObject(negative).await(), 400);
    Problems.assertProblem(shop.admin.put("/api/v1/products/" + created.getString("id") + "/stock")
      .sendJsonObject(new JsonObject().put("onHand", -5)).await(), 400);
    Problems.assertProblem(shop.http.get("/api/v1/products?page=0").send().await(), 400);
    Problems.assertProblem(shop.http.get("/api/v1/products?size=0").send().await(), 400);
    Problems.assertProblem(shop.http.get("/api/v1/products?minPrice=-1").send().await(), 400);
    Problems.assertProblem(shop.http.get("/api/v1/products?minPrice=9&maxPrice=1").send().await(), 400);
    assertNothingIn(category);
  }

  @Test
  void controlCharactersAre400() {
    String category = category();
    Problems.assertProblem(shop.admin.post("/api/v1/products").sendJsonObject(draft(category, "Nul\u0000name", 100)).await(), 400);
    Problems.assertProblem(shop.http.get("/api/v1/products?q=%00").send().await(), 400);
    Problems.assertProblem(shop.http.get("/api/v1/products?category=a%07b").send().await(), 400);
    assertNothingIn(category);
  }

  @Test
  void anUnknownCurrencyIs400() {
    String category = category();
    JsonObject draft = draft(category, "Doubloons", 100);
    draft.getJsonObject("price").put("currency", "XYZ");

    Problems.assertProblem(shop.admin.post("/api/v1/products").sendJsonObject(draft).await(), 400);
    assertNothingIn(category);
  }

  /** Issue 19: a price in GBP, a currency the shop trades in but does not sell in, was stored and later summed as EUR. */
  @Test
  void aPriceInAnotherCurrencyThanTheShopSellsInIs400NamingTheShopsCurrencyAndChangesNothing() {
    String category = category();
    JsonObject pounds = draft(category, "Tea caddy", 10000);
    pounds.getJsonObject("price").put("currency", "GBP");

    JsonObject created = Problems.assertProblem(shop.admin.post("/api/v1/products").sendJsonObject(pounds).await(), 400);
    assertThat(created.getString("detail")).isEqualTo("This shop sells in EUR; the price is in GBP.");
    assertNothingIn(category);

    JsonObject existing = shop.createProduct(draft(category(), "Tea tin", 1000));
    String path = "/api/v1/products/" + existing.getString("id");
    JsonObject updated = Problems.assertProblem(shop.admin.put(path).sendJsonObject(pounds).await(), 400);
    assertThat(updated.getString("detail")).isEqualTo("This shop sells in EUR; the price is in GBP.");
    assertThat(shop.http.get(path).send().await().bodyAsJsonObject()).isEqualTo(existing);
  }

  @Test
  void unknownIdsAndPathsAre404() {
    String unknown = "/api/v1/products/" + UUID.randomUUID();
    Problems.assertProblem(shop.http.get(unknown).send().await(), 404);
    Problems.assertProblem(shop.admin.put(unknown).sendJsonObject(draft(category(), "Ghost", 1)).await(), 404);
    Problems.assertProblem(shop.admin.delete(unknown).send().await(), 404);
    Problems.assertProblem(shop.admin.put(unknown + "/stock").sendJsonObject(new JsonObject().put("onHand", 1)).await(), 404);
    Problems.assertProblem(shop.http.get("/api/v1/nothing-here").send().await(), 404);
  }

  @Test
  void aDuplicateSkuIs409AndKeepsTheFirstProduct() {
    JsonObject first = shop.createProduct(draft(category(), "Original", 100));
    JsonObject copy = draft(category(), "Copy", 200).put("sku", first.getString("sku"));

    Problems.assertProblem(shop.admin.post("/api/v1/products").sendJsonObject(copy).await(), 409);
    JsonObject still = shop.http.get("/api/v1/products/" + first.getString("id")).send().await().bodyAsJsonObject();
    assertThat(still).isEqualTo(first);
    assertNothingIn(copy.getString("category"));
  }

  @Test
  void aBodyOver64KiBIs413() {
    String category = category();
    JsonObject huge = draft(category, "Huge", 100).put("description", "x".repeat(65 * 1024));

    Problems.assertProblem(shop.admin.post("/api/v1/products").sendJsonObject(huge).await(), 413);
    assertNothingIn(category);
  }

  @Test
  void aBodyThatIsNotJsonIs415() {
    String category = category();
    HttpResponse<Buffer> response = shop.admin.post("/api/v1/products")
      .putHeader("Content-Type", "text/plain")
      .sendBuffer(Buffer.buffer(draft(category, "Text", 100).encode())).await();

    Problems.assertProblem(response, 415);
    assertNothingIn(category);
  }

  private static String category() {
    return "cat-" + UUID.randomUUID();
  }

  private static void assertNothingIn(String category) {
    JsonObject page = shop.http.get("/api/v1/products?category=" + category).send().await().bodyAsJsonObject();
    assertThat(page.getInteger("total")).as("products in " + category).isZero();
  }
}
