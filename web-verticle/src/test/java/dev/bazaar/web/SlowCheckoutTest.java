package dev.bazaar.web;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.time.Year;
import java.util.UUID;

import static dev.bazaar.web.TestShop.draft;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A checkout is a saga of calls, so it may take longer than any one call between services may: here each call may
 * take 1 s, and the processor takes 600 ms to answer each call: to take the card, to authorize and to capture.
 */
@ExtendWith(VertxExtension.class)
class SlowCheckoutTest {

  private static TestShop shop;

  @BeforeAll
  static void start(Vertx vertx) {
    shop = TestShop.start(vertx, new JsonObject().put("serviceTimeoutMillis", 1000), Duration.ofMillis(600));
  }

  @AfterAll
  static void stop() {
    shop.close();
  }

  @Test
  void aCheckoutLongerThanOneServiceCallIsStillAnswered201() {
    JsonObject mug = shop.createProduct(draft("cat-" + UUID.randomUUID(), "Mug", 1490));
    shop.admin.put("/api/v1/products/" + mug.getString("id") + "/stock").sendJsonObject(new JsonObject().put("onHand", 5))
      .await();
    JsonObject body = new JsonObject()
      .put("lines", new JsonArray().add(new JsonObject().put("productId", mug.getString("id")).put("quantity", 1)))
      .put("shippingAddress", new JsonObject().put("name", "Ada Lovelace").put("line1", "12 St James's Square")
        .put("city", "Berlin").put("postalCode", "10117").put("country", "DE"))
      .put("payment", new JsonObject().put("card", new JsonObject().put("number", "4242424242424242").put("expMonth", 12)
        .put("expYear", Year.now().getValue() + 2).put("cvc", "123")));

    long started = System.nanoTime();
    HttpResponse<Buffer> placed = shop.customer.post("/api/v1/orders").putHeader("Idempotency-Key", UUID.randomUUID().toString())
      .sendJsonObject(body).await();
    Duration took = Duration.ofNanos(System.nanoTime() - started);

    assertThat(took).as("the checkout outlasts one call's 1 s").isGreaterThan(Duration.ofMillis(1000));
    assertThat(placed.statusCode()).as(placed.bodyAsString()).isEqualTo(201);
    assertThat(placed.bodyAsJsonObject().getString("status")).isEqualTo("CONFIRMED");
  }
}
