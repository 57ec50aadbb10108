package dev.bazaar.launcher;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.time.Year;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import static dev.bazaar.launcher.ShopProcess.HTTP;
import static dev.bazaar.launcher.ShopProcess.freePort;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole shop killed with SIGKILL in the middle of a burst of orders, and started again at once: every order that
 * was answered 201 is CONFIRMED, and every order, answered or not, ends in a final state.
 */
class OrderCrashIT {

  private static final Set<String> UNFINISHED =
    Set.of("PENDING", "STOCK_RESERVED", "PRICED", "PAYMENT_AUTHORIZED", "SHIPMENT_CREATED", "CANCELLING");

  @TempDir
  Path workDir;

  @Test
  void everyAcknowledgedOrderSurvivesAKillAndEveryOrderEndsFinal() throws Exception {
    int port = freePort();
    String[] options = {"--http-port=" + port, "--rate-limit=0", "--order-lease=2s", "--order-recovery=500ms",
      "--payment-latency=20ms"};
    Map<String, String> acknowledged = new ConcurrentHashMap<>();
    String customer;
    String admin;

    try (ShopProcess first = ShopProcess.start(workDir, options)) {
      first.awaitReady(port);
      admin = ShopProcess.runToCompletion(workDir, "token", "--sub", "root", "--role", "admin");
      customer = ShopProcess.runToCompletion(workDir, "token", "--sub", "crash-customer", "--role", "customer");
      String productId = stockedProduct(port, admin);

      List<CompletableFuture<HttpResponse<String>>> burst = new ArrayList<>();
      for (int i = 0; i < 80; i++) {
        burst.add(HTTP.sendAsync(order(port, customer, UUID.randomUUID().toString(), productId), HttpResponse.BodyHandlers.ofString())
          .whenComplete((response, failure) -> {
            if (response != null && response.statusCode() == 201) {
              acknowledged.put(new JsonObject(response.body()).getString("id"), "201");
            }
          }));
      }
      Instant deadline = Instant.now().plusSeconds(60);
      while (acknowledged.size() < 10) {
        assertThat(Instant.now()).as("some orders confirmed before the kill").isBefore(deadline);
        TimeUnit.MILLISECONDS.sleep(10);
      }
      first.kill();
      CompletableFuture.allOf(burst.toArray(CompletableFuture[]::new)).handle((done, failure) -> null).get(30, TimeUnit.SECONDS);
    }

    try (ShopProcess second = ShopProcess.start(workDir, options)) {
      second.awaitReady(port);
      for (String orderId : acknowledged.keySet()) {
        JsonObject order = new JsonObject(get(port, "/api/v1/orders/" + orderId, customer).body());
        assertThat(order.getString("status")).as("acknowledged order %s", orderId).isEqualTo("CONFIRMED");
      }
      Instant deadline = Instant.now().plusSeconds(60);
      while (unfinished(port, admin) > 0) {
        assertThat(Instant.now()).as("every interrupted order ends").isBefore(deadline);
        TimeUnit.MILLISECONDS.sleep(200);
      }
      JsonObject all = new JsonObject(get(port, "/api/v1/admin/orders?size=100", admin).body());
      assertThat(all.getLong("total")).isGreaterThanOrEqualTo(acknowledged.size());
      assertThat(second.terminate()).isZero();
    }
  }

  private static long unfinished(int port, String admin) throws Exception {
    long count = 0;
    for (String status : UNFINISHED) {
      count += new JsonObject(get(port, "/api/v1/admin/orders?status=" + status, admin).body()).getLong("total");
    }
    return count;
  }

  private static String stockedProduct(int port, String admin) throws Exception {
    String draft = new JsonObject().put("sku", "CRASH-" + UUID.randomUUID()).put("name", "Crash test dummy")
      .put("category", "crash").put("price", new JsonObject().put("value", 1000).put("currency", "EUR")).encode();
    JsonObject product = new JsonObject(ShopProcess.postJson(port, "/api/v1/products", admin, draft).body());
    HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/products/" + product.getString("id") + "/stock"))
      .header("Content-Type", "application/json").header("Authorization", "Bearer " + admin)
      .PUT(HttpRequest.BodyPublishers.ofString("{\"onHand\": 100000}")).build(), HttpResponse.BodyHandlers.ofString());
    return product.getString("id");
  }

  private static HttpRequest order(int port, String customer, String key, String productId) {
    JsonObject body = new JsonObject()
      .put("lines", new JsonArray().add(new JsonObject().put("productId", productId).put("quantity", 1)))
      .put("shippingAddress", new JsonObject().put("name", "Crash Test").put("line1", "1 Main St").put("city", "Berlin")
        .put("postalCode", "10115").put("country", "DE"))
      .put("payment", new JsonObject().put("card", new JsonObject().put("number", "4242424242424242").put("expMonth", 12)
        .put("expYear", Year.now().getValue() + 2).put("cvc", "123")));
    return HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/orders"))
      .header("Content-Type", "application/json").header("Authorization", "Bearer " + customer)
      .header("Idempotency-Key", key)
      .POST(HttpRequest.BodyPublishers.ofString(body.encode())).build();
  }

  private static HttpResponse<String> get(int port, String path, String token) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
      .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
  }
}
