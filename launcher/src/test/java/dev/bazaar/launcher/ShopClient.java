package dev.bazaar.launcher;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Year;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.bazaar.launcher.ShopProcess.HTTP;
import static org.assertj.core.api.Assertions.assertThat;

/** The shop's REST API on a port, as the tests that run a whole shop use it: products, payment methods, orders. */
final class ShopClient {

  final int httpPort;

  ShopClient(int httpPort) {
    this.httpPort = httpPort;
  }

  /** A product with plenty of stock, and its id. */
  String stockedProduct(String admin, int onHand) throws Exception {
    String draft = new JsonObject().put("sku", "CLUSTER-" + UUID.randomUUID()).put("name", "Cluster test")
      .put("category", "cluster").put("price", new JsonObject().put("value", 1000).put("currency", "EUR")).encode();
    HttpResponse<String> created = ShopProcess.postJson(httpPort, "/api/v1/products", admin, draft);
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    String id = new JsonObject(created.body()).getString("id");
    HttpResponse<String> stocked = HTTP.send(HttpRequest.newBuilder(uri("/api/v1/products/" + id + "/stock"))
      .header("Content-Type", "application/json").header("Authorization", "Bearer " + admin)
      .PUT(HttpRequest.BodyPublishers.ofString("{\"onHand\": " + onHand + "}")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(stocked.statusCode()).as(stocked.body()).isEqualTo(200);
    return id;
  }

  /** A payment method of the customer, from a card that pays. */
  String paymentMethod(String customer) throws Exception {
    String card = new JsonObject().put("number", "4242424242424242").put("expMonth", 12)
      .put("expYear", Year.now().getValue() + 2).put("cvc", "123").encode();
    HttpResponse<String> created = ShopProcess.postJson(httpPort, "/api/v1/payment-methods", customer, card);
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    return new JsonObject(created.body()).getString("id");
  }

  /**
   * Places {@code count} orders, {@code concurrency} at a time, each under its own key, and answers each order's
   * status code by key (0 when the request failed without an answer). {@code progress} counts the answers as they
   * come, for a test that acts midway.
   */
  CompletableFuture<Map<String, Integer>> placeOrders(int count, int concurrency, String customer, String productId,
                                                      String method, AtomicInteger progress) {
    Map<String, Integer> answers = new ConcurrentHashMap<>();
    Semaphore slots = new Semaphore(concurrency);
    return CompletableFuture.supplyAsync(() -> {
      List<CompletableFuture<?>> sent = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        slots.acquireUninterruptibly();
        String key = UUID.randomUUID().toString();
        sent.add(HTTP.sendAsync(order(customer, key, productId, method), HttpResponse.BodyHandlers.ofString())
          .orTimeout(60, TimeUnit.SECONDS)
          .whenComplete((response, failure) -> {
            answers.put(key, response == null ? 0 : response.statusCode());
            progress.incrementAndGet();
            slots.release();
          }));
      }
      CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).handle((done, failure) -> null).join();
      return answers;
    });
  }

  private HttpRequest order(String customer, String key, String productId, String method) {
    JsonObject body = new JsonObject()
      .put("lines", new JsonArray().add(new JsonObject().put("productId", productId).put("quantity", 1)))
      .put("shippingAddress", new JsonObject().put("name", "Cluster Test").put("line1", "1 Main St").put("city", "Berlin")
        .put("postalCode", "10115").put("country", "DE"))
      .put("payment", new JsonObject().put("paymentMethod", method));
    return HttpRequest.newBuilder(uri("/api/v1/orders"))
      .header("Content-Type", "application/json").header("Authorization", "Bearer " + customer)
      .header("Idempotency-Key", key)
      .POST(HttpRequest.BodyPublishers.ofString(body.encode())).build();
  }

  /** Sets where the customer's emails go. */
  void emailTo(String customer, String address) throws Exception {
    HttpResponse<String> set = HTTP.send(HttpRequest.newBuilder(uri("/api/v1/me/notification-preferences"))
      .header("Content-Type", "application/json").header("Authorization", "Bearer " + customer)
      .PUT(HttpRequest.BodyPublishers.ofString(new JsonObject().put("email", address).put("optedOut", new JsonArray())
        .encode())).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(set.statusCode()).as(set.body()).isEqualTo(200);
  }

  HttpResponse<String> get(String path) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(uri(path)).timeout(java.time.Duration.ofSeconds(20)).build(),
      HttpResponse.BodyHandlers.ofString());
  }

  private URI uri(String path) {
    return URI.create("http://localhost:" + httpPort + path);
  }
}
