package dev.bazaar.web;

import dev.bazaar.contracts.Roles;
import dev.bazaar.devkit.CapturedOutput;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClientSession;
import io.vertx.junit5.VertxExtension;
import io.vertx.pgclient.PgConnection;
import io.vertx.sqlclient.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Year;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

import static dev.bazaar.web.TestShop.draft;
import static org.assertj.core.api.Assertions.assertThat;

/** Orders over HTTP: placing one with a card or a payment method, idempotently, and what customers and admins see. */
@ExtendWith(VertxExtension.class)
class OrderApiTest {

  private static final String ORDERS = "/api/v1/orders";
  private static final String CARD = "4242424242424242";

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

  @Test
  void anOrderPaidByCardIsConfirmedAt201AndItsTotalIsPricesTimesQuantitiesPlusShipping() {
    JsonObject mug = product(1490, 10, 350);
    JsonObject lamp = product(3900, 10, 1200);
    JsonObject body = order(card(CARD), line(mug, 2), line(lamp, 1));

    HttpResponse<Buffer> placed = place(shop.customer, UUID.randomUUID().toString(), body);

    assertThat(placed.statusCode()).as(placed.bodyAsString()).isEqualTo(201);
    JsonObject order = placed.bodyAsJsonObject();
    long shipping = shop.http.get("/api/v1/shipping/quote?country=DE&weightGrams=1900").send().await().bodyAsJsonObject()
      .getJsonObject("price").getLong("value");
    assertThat(order.getString("status")).isEqualTo("CONFIRMED");
    assertThat(order.getJsonObject("itemsSubtotal")).isEqualTo(money(2 * 1490 + 3900));
    assertThat(order.getJsonObject("shipping")).isEqualTo(money(shipping));
    assertThat(order.getJsonObject("total")).isEqualTo(money(2 * 1490 + 3900 + shipping));
    assertThat(order.getJsonObject("payment").getString("brand")).isEqualTo("visa");
    assertThat(order.getJsonObject("payment").getString("last4")).isEqualTo("4242");
    assertThat(order.getString("trackingNumber")).isNotBlank();
    assertThat(placed.getHeader("Location")).isEqualTo(ORDERS + "/" + order.getString("id"));
    assertThat(shop.customer.get(placed.getHeader("Location")).send().await().bodyAsJsonObject().getString("status"))
      .isEqualTo("CONFIRMED");
  }

  @Test
  void theSameKeyAndBodyReplayTheFirstAnswerAndAnotherBodyIs422() {
    JsonObject mug = product(1490, 10, 350);
    String key = UUID.randomUUID().toString();
    JsonObject body = order(card(CARD), line(mug, 1));

    HttpResponse<Buffer> first = place(shop.customer, key, body);
    HttpResponse<Buffer> replay = place(shop.customer, key, body);
    HttpResponse<Buffer> other = place(shop.customer, key, order(card(CARD), line(mug, 2)));

    assertThat(first.statusCode()).isEqualTo(201);
    assertThat(replay.statusCode()).isEqualTo(201);
    assertThat(replay.bodyAsString()).isEqualTo(first.bodyAsString());
    Problems.assertProblem(other, 422);
    assertThat(stockOf(mug).getInteger("onHand")).as("placed once").isEqualTo(9);
    assertThat(shop.customer.get(ORDERS).send().await().bodyAsJsonObject().getJsonArray("items").stream()
      .filter(item -> ((JsonObject) item).getString("id").equals(first.bodyAsJsonObject().getString("id")))).hasSize(1);
  }

  @Test
  void twentyConcurrentRequestsWithOneKeyPlaceOneOrder() {
    JsonObject mug = product(1490, 50, 350);
    String key = UUID.randomUUID().toString();
    JsonObject body = order(card(CARD), line(mug, 1));

    List<Future<HttpResponse<Buffer>>> racing = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      racing.add(shop.customer.post(ORDERS).putHeader("Idempotency-Key", key).sendJsonObject(body));
    }
    Future.join(racing).otherwiseEmpty().await();

    List<Integer> statuses = racing.stream().map(response -> response.result().statusCode()).toList();
    assertThat(statuses).containsOnly(201, 409).contains(201);
    assertThat(racing.stream().filter(response -> response.result().statusCode() == 201)
      .map(response -> response.result().bodyAsJsonObject().getString("id")).distinct()).hasSize(1);
    assertThat(stockOf(mug).getInteger("onHand")).isEqualTo(49);
  }

  @Test
  void eachWayAnOrderCanFailHasItsStatusAndItsReason() {
    JsonObject scarce = product(1000, 1, 100);
    Problems.assertProblem(place(shop.customer, UUID.randomUUID().toString(), order(card(CARD), line(scarce, 2))), 409);

    JsonObject product = product(1000, 5, 100);
    JsonObject declined = Problems.assertProblem(
      place(shop.customer, UUID.randomUUID().toString(), order(card("4000000000009995"), line(product, 1))), 402);
    assertThat(declined.getString("detail")).contains("insufficient_funds");
    Problems.assertProblem(place(shop.customer, UUID.randomUUID().toString(), order(card("4000000000000119"), line(product, 1))), 502);
    JsonObject luhn = Problems.assertProblem(
      place(shop.customer, UUID.randomUUID().toString(), order(card("4242424242424241"), line(product, 1))), 400);
    assertThat(luhn.getString("detail")).contains("Luhn");
    JsonObject expired = order(card(CARD), line(product, 1));
    expired.getJsonObject("payment").getJsonObject("card").put("expYear", Year.now().getValue() - 1);
    Problems.assertProblem(place(shop.customer, UUID.randomUUID().toString(), expired), 400);
    Problems.assertProblem(shop.customer.post(ORDERS).sendJsonObject(order(card(CARD), line(product, 1))).await(), 400);

    assertThat(stockOf(product)).isEqualTo(new JsonObject().put("onHand", 5).put("reserved", 0).put("available", 5));
    assertThat(stockOf(scarce).getInteger("onHand")).isEqualTo(1);
  }

  @Test
  void aCustomerSeesOnlyTheirOwnOrdersAndAnAdminSeesEveryone() {
    JsonObject product = product(1000, 5, 100);
    String alice = "alice-" + UUID.randomUUID();
    var aliceSession = io.vertx.ext.web.client.WebClientSession.create(shop.http)
      .addHeader("Authorization", "Bearer " + shop.token(alice, Roles.CUSTOMER));
    String id = place(aliceSession, UUID.randomUUID().toString(), order(card(CARD), line(product, 1))).bodyAsJsonObject().getString("id");

    Problems.assertProblem(shop.customer.get(ORDERS + "/" + id).send().await(), 404);
    Problems.assertProblem(shop.customer.post(ORDERS + "/" + id + "/cancel").send().await(), 404);
    Problems.assertProblem(aliceSession.get(ORDERS + "/not-a-uuid").send().await(), 400);
    assertThat(aliceSession.get(ORDERS).send().await().bodyAsJsonObject().getLong("total")).isEqualTo(1);
    JsonObject found = shop.admin.get("/api/v1/admin/orders?customer=" + alice).send().await().bodyAsJsonObject();
    assertThat(found.getJsonArray("items").getJsonObject(0).getString("id")).isEqualTo(id);
    Problems.assertProblem(shop.customer.get("/api/v1/admin/orders").send().await(), 403);

    assertThat(aliceSession.get(ORDERS + "/" + id + "/shipment").send().await().bodyAsJsonObject().getString("status"))
      .isEqualTo("LABEL_CREATED");
    HttpResponse<Buffer> cancelled = aliceSession.post(ORDERS + "/" + id + "/cancel").send().await();
    assertThat(cancelled.bodyAsJsonObject().getString("status")).isEqualTo("CANCELLED");
    assertThat(stockOf(product).getInteger("onHand")).isEqualTo(5);
    Problems.assertProblem(shop.admin.post("/api/v1/admin/orders/" + id + "/refund").putHeader("Idempotency-Key", "r1")
      .sendJsonObject(new JsonObject()).await(), 409);
  }

  @Test
  void aQuotePricesItemsAndShippingWithoutReservingAnything() {
    JsonObject product = product(2500, 3, 700);

    HttpResponse<Buffer> quote = shop.http.post(ORDERS + "/quote")
      .sendJsonObject(new JsonObject().put("lines", new JsonArray().add(line(product, 2))).put("country", "FR")).await();

    assertThat(quote.statusCode()).as(quote.bodyAsString()).isEqualTo(200);
    long shipping = shop.http.get("/api/v1/shipping/quote?country=FR&weightGrams=1400").send().await().bodyAsJsonObject()
      .getJsonObject("price").getLong("value");
    assertThat(quote.bodyAsJsonObject().getJsonObject("total")).isEqualTo(money(5000 + shipping));
    assertThat(stockOf(product).getInteger("reserved")).isZero();
    Problems.assertProblem(shop.http.post(ORDERS + "/quote")
      .sendJsonObject(new JsonObject().put("lines", new JsonArray().add(line(product, 2))).put("country", "XX")).await(), 400);
  }

  @Test
  void noCardNumberNorCvcIsInAnySchemaOrLog() {
    String number = "4111111111111111";
    String cvc = "9731";
    JsonObject product = product(1000, 5, 100);
    String logged = CapturedOutput.of(() -> {
      JsonObject paid = order(card(number), line(product, 1));
      paid.getJsonObject("payment").getJsonObject("card").put("cvc", cvc);
      assertThat(place(shop.customer, UUID.randomUUID().toString(), paid).statusCode()).isEqualTo(201);
      JsonObject bad = order(card("4111111111111112"), line(product, 1));
      bad.getJsonObject("payment").getJsonObject("card").put("cvc", cvc);
      place(shop.customer, UUID.randomUUID().toString(), bad);
    });

    String dump = dumpEverySchema();
    assertThat(dump).contains("CONFIRMED", "1111");
    for (String place : new String[] {dump, logged}) {
      assertThat(place).doesNotContain(number).doesNotContain("4111111111111112");
      assertThat(Pattern.compile("(?<![0-9a-f-])" + cvc + "(?![0-9a-f-])").matcher(place).find()).as("the CVC").isFalse();
    }
  }

  @Test
  void afterFiveDeclinedCardsTheSixthAttemptIs429WithRetryAfterAndAnotherCustomerStillPays() {
    JsonObject product = product(1000, 20, 100);
    WebClientSession tester = shop.session("tester-" + UUID.randomUUID(), Roles.CUSTOMER);
    for (int i = 0; i < 5; i++) {
      Problems.assertProblem(place(tester, UUID.randomUUID().toString(), order(card("4000000000000002"), line(product, 1))), 402);
    }

    HttpResponse<Buffer> sixth = place(tester, UUID.randomUUID().toString(), order(card(CARD), line(product, 1)));
    HttpResponse<Buffer> newMethod = tester.post("/api/v1/payment-methods")
      .sendJsonObject(card(CARD).getJsonObject("card")).await();

    JsonObject refused = Problems.assertProblem(sixth, 429);
    assertThat(refused.getString("detail")).contains("taken again from");
    assertThat(Integer.parseInt(sixth.getHeader("Retry-After"))).isBetween(1, 15 * 60);
    Problems.assertProblem(newMethod, 429);
    assertThat(newMethod.getHeader("Retry-After")).isNotNull();
    assertThat(stockOf(product).getInteger("onHand")).isEqualTo(20);
    assertThat(stockOf(product).getInteger("reserved")).isZero();
    WebClientSession someoneElse = shop.session("payer-" + UUID.randomUUID(), Roles.CUSTOMER);
    HttpResponse<Buffer> paid = place(someoneElse, UUID.randomUUID().toString(), order(card(CARD), line(product, 1)));
    assertThat(paid.statusCode()).as(paid.bodyAsString()).isEqualTo(201);
  }

  // ---- helpers

  private static HttpResponse<Buffer> place(WebClientSession session, String key, JsonObject body) {
    return session.post(ORDERS).putHeader("Idempotency-Key", key).sendJsonObject(body).await();
  }

  private static JsonObject product(long price, int onHand, int weightGrams) {
    JsonObject created = shop.createProduct(draft("cat-" + UUID.randomUUID(), "Orderable", price).put("weightGrams", weightGrams));
    shop.admin.put("/api/v1/products/" + created.getString("id") + "/stock").sendJsonObject(new JsonObject().put("onHand", onHand))
      .await();
    return created;
  }

  private static JsonObject stockOf(JsonObject product) {
    return shop.http.get("/api/v1/products/" + product.getString("id")).putHeader("Cache-Control", "no-cache").send().await()
      .bodyAsJsonObject().getJsonObject("stock");
  }

  private static JsonObject line(JsonObject product, int quantity) {
    return new JsonObject().put("productId", product.getString("id")).put("quantity", quantity);
  }

  private static JsonObject card(String number) {
    return new JsonObject().put("card", new JsonObject().put("number", number).put("expMonth", 12)
      .put("expYear", Year.now().getValue() + 2).put("cvc", "123"));
  }

  private static JsonObject order(JsonObject payment, JsonObject... lines) {
    return new JsonObject()
      .put("lines", new JsonArray(List.of((Object[]) lines)))
      .put("shippingAddress", new JsonObject().put("name", "Ada Lovelace").put("line1", "12 St James's Square")
        .put("city", "Berlin").put("postalCode", "10117").put("country", "DE"))
      .put("payment", payment);
  }

  private static JsonObject money(long value) {
    return new JsonObject().put("value", value).put("currency", "EUR");
  }

  /** Every row of every table of every schema the shop's services own, as PostgreSQL prints it. */
  private static String dumpEverySchema() {
    PgConnection sql = PgConnection.connect(vertx, shop.postgres.uri()).await();
    try {
      List<String> rows = new ArrayList<>();
      for (Row table : sql.query("SELECT table_schema || '.' || table_name FROM information_schema.tables"
        + " WHERE table_schema IN ('catalog', 'payment', 'shipping', 'orders')").execute().await()) {
        for (Row row : sql.query("SELECT t::text FROM " + table.getString(0) + " t").execute().await()) {
          rows.add(table.getString(0) + ": " + row.getString(0));
        }
      }
      return String.join("\n", rows);
    } finally {
      sql.close().await();
    }
  }
}
