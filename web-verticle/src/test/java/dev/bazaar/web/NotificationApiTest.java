package dev.bazaar.web;

import dev.bazaar.contracts.Roles;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClientSession;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;

/** A customer's notification preferences and notifications over HTTP, and what readiness makes of the service. */
@ExtendWith(VertxExtension.class)
class NotificationApiTest {

  private static final String PREFERENCES = "/api/v1/me/notification-preferences";
  private static final String NOTIFICATIONS = "/api/v1/me/notifications";

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
  void aCustomerWhoNeverSetPreferencesHasNoEmailAndOptedOutOfNothing() {
    HttpResponse<Buffer> got = newCustomer().get(PREFERENCES).send().await();

    assertThat(got.statusCode()).as(got.bodyAsString()).isEqualTo(200);
    assertThat(got.bodyAsJsonObject()).isEqualTo(new JsonObject().putNull("email").put("optedOut", new JsonArray()));
  }

  @Test
  void putPreferencesAreAnsweredAsStoredAndReadBack() {
    WebClientSession customer = newCustomer();
    JsonObject wanted = new JsonObject().put("email", "ada@example.org").put("optedOut", new JsonArray().add("SHIPPED"));

    HttpResponse<Buffer> put = customer.put(PREFERENCES).sendJsonObject(wanted).await();
    HttpResponse<Buffer> again = customer.put(PREFERENCES).sendJsonObject(put.bodyAsJsonObject()).await();

    assertThat(put.statusCode()).as(put.bodyAsString()).isEqualTo(200);
    assertThat(put.bodyAsJsonObject()).isEqualTo(wanted);
    assertThat(again.bodyAsJsonObject()).as("the answer can be put back as it is").isEqualTo(wanted);
    assertThat(customer.get(PREFERENCES).send().await().bodyAsJsonObject()).isEqualTo(wanted);
    assertThat(newCustomer().get(PREFERENCES).send().await().bodyAsJsonObject().getValue("email"))
      .as("another customer's").isNull();

    JsonObject cleared = new JsonObject().putNull("email").put("optedOut", new JsonArray());
    assertThat(customer.put(PREFERENCES).sendJsonObject(cleared).await().bodyAsJsonObject()).isEqualTo(cleared);
    assertThat(customer.get(PREFERENCES).send().await().bodyAsJsonObject()).isEqualTo(cleared);
  }

  @Test
  void badPreferencesAre400ProblemsAndChangeNothing() {
    WebClientSession customer = newCustomer();
    JsonObject stored = new JsonObject().put("email", "grace@example.org").put("optedOut", new JsonArray().add("DELIVERED"));
    assertThat(customer.put(PREFERENCES).sendJsonObject(stored).await().statusCode()).isEqualTo(200);

    List<JsonObject> bad = List.of(
      preferences("not-an-email"),
      preferences("two words@example.org"),
      preferences("line@break\n.org"),
      preferences("x".repeat(250) + "@example.org"),
      preferences("ada@example.org").put("optedOut", new JsonArray().add("BIRTHDAY")),
      preferences("ada@example.org").put("optedOut", new JsonArray().add("SHIPPED").add("SHIPPED")),
      preferences("ada@example.org").put("phone", "+4930123456"),
      new JsonObject().put("email", "ada@example.org"));
    for (JsonObject body : bad) {
      Problems.assertProblem(customer.put(PREFERENCES).sendJsonObject(body).await(), 400);
    }
    Problems.assertProblem(customer.put(PREFERENCES).putHeader("Content-Type", "application/json")
      .sendBuffer(Buffer.buffer("{\"email\": ")).await(), 400);
    Problems.assertProblem(customer.put(PREFERENCES).putHeader("Content-Type", "text/plain")
      .sendBuffer(Buffer.buffer(stored.encode())).await(), 415);

    assertThat(customer.get(PREFERENCES).send().await().bodyAsJsonObject()).isEqualTo(stored);
  }

  @Test
  void theNotificationOperationsNeedACustomerToken() {
    WebClientSession admin = shop.session("admin-" + UUID.randomUUID(), Roles.ADMIN);
    for (String path : List.of(PREFERENCES, NOTIFICATIONS, "/api/v1/me/events")) {
      HttpResponse<Buffer> anonymous = shop.http.get(path).send().await();
      Problems.assertProblem(anonymous, 401);
      assertThat(anonymous.getHeader("WWW-Authenticate")).startsWith("Bearer");
      Problems.assertProblem(admin.get(path).send().await(), 403);
    }
    Problems.assertProblem(shop.http.put(PREFERENCES).sendJsonObject(preferences("ada@example.org")).await(), 401);
    Problems.assertProblem(admin.put(PREFERENCES).sendJsonObject(preferences("ada@example.org")).await(), 403);
  }

  @Test
  void aCustomerListsTheNotificationsOfTheirOrderAndNoOneElses() {
    WebClientSession customer = newCustomer();
    WebClientSession other = newCustomer();
    HttpResponse<Buffer> placed = TestShop.placeCardOrder(customer, shop.stockedProduct(1200, 5)).await();
    assertThat(placed.statusCode()).as(placed.bodyAsString()).isEqualTo(201);
    String orderId = placed.bodyAsJsonObject().getString("id");

    JsonObject page = awaitNotifications(customer, 1);

    JsonObject confirmed = page.getJsonArray("items").getJsonObject(0);
    assertThat(confirmed.getString("orderId")).isEqualTo(orderId);
    assertThat(confirmed.getString("kind")).isEqualTo("ORDER_CONFIRMED");
    assertThat(confirmed.getString("status")).as("no address, no mail server").isEqualTo("NOT_SENT");
    assertThat(confirmed.getString("reason")).isNotBlank();
    assertThat(page.getLong("total")).isEqualTo(1);
    assertThat(page.getInteger("page")).isEqualTo(1);
    assertThat(page.getInteger("size")).isEqualTo(20);
    JsonObject others = other.get(NOTIFICATIONS).send().await().bodyAsJsonObject();
    assertThat(others.getLong("total")).isZero();
    assertThat(others.getJsonArray("items")).isEmpty();
    Problems.assertProblem(customer.get(NOTIFICATIONS + "?size=0").send().await(), 400);
  }

  @Test
  void readinessReportsNotificationButStaysReadyWithoutIt() {
    JsonObject up = shop.http.get("/ready").send().await().bodyAsJsonObject();
    assertThat(up.getJsonObject("checks").getString("notification")).isEqualTo("UP");

    shop.stopNotifications();
    try {
      HttpResponse<Buffer> ready = shop.http.get("/ready").send().await();

      assertThat(ready.statusCode()).as(ready.bodyAsString()).isEqualTo(200);
      assertThat(ready.bodyAsJsonObject().getString("status")).isEqualTo("UP");
      assertThat(ready.bodyAsJsonObject().getJsonObject("checks")).isEqualTo(new JsonObject()
        .put("catalog", "UP").put("notification", "DOWN").put("order", "UP").put("payment", "UP").put("shipping", "UP"));
      Problems.assertProblem(newCustomer().get(PREFERENCES).send().await(), 503);
      HttpResponse<Buffer> placed = TestShop.placeCardOrder(newCustomer(), shop.stockedProduct(900, 1)).await();
      assertThat(placed.statusCode()).as("checkout works on: " + placed.bodyAsString()).isEqualTo(201);
    } finally {
      shop.startNotifications();
    }
  }

  // ---- helpers

  private static WebClientSession newCustomer() {
    return shop.session("customer-" + UUID.randomUUID(), Roles.CUSTOMER);
  }

  private static JsonObject preferences(String email) {
    return new JsonObject().put("email", email).put("optedOut", new JsonArray());
  }

  /** The customer's first page once it lists {@code count} notifications. */
  private static JsonObject awaitNotifications(WebClientSession customer, int count) {
    Instant deadline = Instant.now().plus(FeedClient.PATIENCE);
    while (true) {
      HttpResponse<Buffer> listed = customer.get(NOTIFICATIONS).send().await();
      assertThat(listed.statusCode()).as(listed.bodyAsString()).isEqualTo(200);
      // Waits on the items, not the total: the service counts after it lists, so a total can run ahead of its page.
      if (listed.bodyAsJsonObject().getJsonArray("items").size() >= count) {
        return listed.bodyAsJsonObject();
      }
      assertThat(Instant.now()).as("%d notifications listed in time", count).isBefore(deadline);
      LockSupport.parkNanos(50_000_000);
    }
  }
}
