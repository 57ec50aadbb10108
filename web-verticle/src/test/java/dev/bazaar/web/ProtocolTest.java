package dev.bazaar.web;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
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

/** HTTP itself, as RFC 9110 and clients expect it: limits answered as problems, HEAD like GET, and 405 with Allow. */
@ExtendWith(VertxExtension.class)
class ProtocolTest {

  private static TestShop shop;
  private static String productPath;

  @BeforeAll
  static void start(Vertx vertx) {
    shop = TestShop.start(vertx);
    productPath = "/api/v1/products/" + shop.createProduct(draft("cat-" + UUID.randomUUID(), "Protocol", 100)).getString("id");
  }

  @AfterAll
  static void stop() {
    shop.close();
  }

  @Test
  void aRequestLineOverTheLimitIs414Problem() {
    HttpResponse<Buffer> response = shop.http.get("/api/v1/products/" + "x".repeat(5_000)).send().await();

    JsonObject problem = Problems.assertProblem(response, 414);
    assertThat(problem.getString("detail")).contains("4096");
    assertThat(response.getHeader("X-Content-Type-Options")).isEqualTo("nosniff");
  }

  @Test
  void aHeaderBlockOverTheLimitIs431Problem() {
    HttpResponse<Buffer> response = shop.http.get("/api/v1/products").putHeader("X-Padding", "y".repeat(9_000)).send().await();

    JsonObject problem = Problems.assertProblem(response, 431);
    assertThat(problem.getString("detail")).contains("8192");
  }

  @Test
  void aRequestJustUnderTheLimitsIsServed() {
    String query = "?q=" + "z".repeat(150);
    HttpResponse<Buffer> response = shop.http.get("/api/v1/products" + query).putHeader("X-Padding", "y".repeat(7_000)).send().await();

    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
  }

  @Test
  void aMethodTheResourceDoesNotHaveIs405WithAllow() {
    HttpResponse<Buffer> onProduct = shop.admin.post(productPath).sendJsonObject(new JsonObject()).await();
    HttpResponse<Buffer> onList = shop.http.request(HttpMethod.PATCH, "/api/v1/products").send().await();
    HttpResponse<Buffer> onStock = shop.http.get(productPath + "/stock").send().await();

    Problems.assertProblem(onProduct, 405);
    assertThat(onProduct.getHeader("Allow")).isEqualTo("DELETE, GET, HEAD, PUT");
    Problems.assertProblem(onList, 405);
    assertThat(onList.getHeader("Allow")).isEqualTo("GET, HEAD, POST");
    Problems.assertProblem(onStock, 405);
    assertThat(onStock.getHeader("Allow")).isEqualTo("PUT");
  }

  @Test
  void headAnswersLikeGetWithoutTheBody() {
    for (String path : new String[] {productPath, "/api/v1/products?size=2", "/health", "/openapi.yaml"}) {
      HttpResponse<Buffer> get = shop.http.get(path).send().await();
      HttpResponse<Buffer> head = shop.http.head(path).send().await();

      assertThat(head.statusCode()).as("HEAD %s", path).isEqualTo(200);
      assertThat(head.body()).as("HEAD %s has no body", path).isNull();
      assertThat(head.getHeader("Content-Type")).isEqualTo(get.getHeader("Content-Type"));
      assertThat(head.getHeader("Content-Length")).isEqualTo(Integer.toString(get.body().length()));
    }
  }

  @Test
  void headOnAnUnknownProductIs404WithoutABody() {
    HttpResponse<Buffer> head = shop.http.head("/api/v1/products/" + UUID.randomUUID()).send().await();

    assertThat(head.statusCode()).isEqualTo(404);
    assertThat(head.body()).isNull();
  }
}
