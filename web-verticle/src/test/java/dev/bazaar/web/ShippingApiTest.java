package dev.bazaar.web;

import dev.bazaar.contracts.Address;
import dev.bazaar.contracts.shipping.Shipment;
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

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The shipping endpoints over real HTTP: a public quote, and an order's shipment for admins only. */
@ExtendWith(VertxExtension.class)
class ShippingApiTest {

  private static TestShop shop;

  @BeforeAll
  static void start(Vertx vertx) {
    shop = TestShop.start(vertx);
  }

  @AfterAll
  static void stop() {
    shop.close();
  }

  @Test
  void anyoneMayAskWhatAParcelCosts() {
    HttpResponse<Buffer> response = shop.http.get("/api/v1/shipping/quote?country=FR&weightGrams=1200").send().await();

    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
    assertThat(response.getHeader("Content-Type")).startsWith("application/json");
    assertThat(response.bodyAsJsonObject()).isEqualTo(new JsonObject()
      .put("country", "FR")
      .put("zone", "EU")
      .put("weightGrams", 1200)
      .put("price", new JsonObject().put("value", 1599).put("currency", "EUR")));
    assertThat(quote("DE", 1000).getString("zone")).isEqualTo("DOMESTIC");
    assertThat(quote("US", 31500).getString("zone")).isEqualTo("REST_OF_WORLD");
  }

  @Test
  void aBadCountryOrWeightIs400() {
    JsonObject unknown = Problems.assertProblem(get("/api/v1/shipping/quote?country=XX&weightGrams=1000"), 400);
    assertThat(unknown.getString("detail")).isEqualTo("There is no country XX.");
    Problems.assertProblem(get("/api/v1/shipping/quote?country=fr&weightGrams=1000"), 400);
    Problems.assertProblem(get("/api/v1/shipping/quote?country=FRA&weightGrams=1000"), 400);
    Problems.assertProblem(get("/api/v1/shipping/quote?country=F%00&weightGrams=1000"), 400);
    Problems.assertProblem(get("/api/v1/shipping/quote?weightGrams=1000"), 400);
    Problems.assertProblem(get("/api/v1/shipping/quote?country=FR"), 400);
    Problems.assertProblem(get("/api/v1/shipping/quote?country=FR&weightGrams=0"), 400);
    Problems.assertProblem(get("/api/v1/shipping/quote?country=FR&weightGrams=31501"), 400);
    Problems.assertProblem(get("/api/v1/shipping/quote?country=FR&weightGrams=heavy"), 400);
  }

  @Test
  void anAdminSeesAShipmentWithItsHistory() {
    String order = "order-" + UUID.randomUUID();
    Shipment created = shop.shipping.createShipment(order, address(), 2500).await();

    HttpResponse<Buffer> response = shop.admin.get("/api/v1/shipments/" + order).send().await();

    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
    JsonObject shipment = response.bodyAsJsonObject();
    assertThat(shipment).isEqualTo(created.toJson());
    assertThat(shipment.getString("trackingNumber")).isNotBlank();
    assertThat(shipment.getString("status")).isEqualTo("LABEL_CREATED");
    JsonArray history = shipment.getJsonArray("history");
    assertThat(history).hasSize(1);
    assertThat(history.getJsonObject(0).fieldNames()).containsExactlyInAnyOrder("status", "at", "place");
  }

  @Test
  void onlyAnAdminMaySeeAShipment() {
    String order = "order-" + UUID.randomUUID();
    shop.shipping.createShipment(order, address(), 2500).await();
    String path = "/api/v1/shipments/" + order;

    HttpResponse<Buffer> anonymous = get(path);
    Problems.assertProblem(anonymous, 401);
    assertThat(anonymous.getHeader("WWW-Authenticate")).startsWith("Bearer");
    Problems.assertProblem(shop.customer.get(path).send().await(), 403);
  }

  @Test
  void anUnknownOrderIs404AndABadOrderIdIs400() {
    Problems.assertProblem(shop.admin.get("/api/v1/shipments/order-" + UUID.randomUUID()).send().await(), 404);
    Problems.assertProblem(shop.admin.get("/api/v1/shipments/" + "x".repeat(101)).send().await(), 400);
    Problems.assertProblem(shop.admin.get("/api/v1/shipments/a%07b").send().await(), 400);
    Problems.assertProblem(shop.admin.get("/api/v1/shipments/%20%20").send().await(), 400);
  }

  private static JsonObject quote(String country, int grams) {
    HttpResponse<Buffer> response = get("/api/v1/shipping/quote?country=" + country + "&weightGrams=" + grams);
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
    return response.bodyAsJsonObject();
  }

  private static HttpResponse<Buffer> get(String uri) {
    return shop.http.get(uri).send().await();
  }

  private static Address address() {
    return new Address().setName("Grace Hopper").setLine1("1 Navy Way").setCity("Arlington").setPostalCode("22201")
      .setCountry("US");
  }
}
