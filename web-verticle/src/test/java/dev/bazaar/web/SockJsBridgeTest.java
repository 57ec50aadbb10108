package dev.bazaar.web;

import dev.bazaar.contracts.CustomerEvents;
import dev.bazaar.contracts.Event;
import dev.bazaar.contracts.Roles;
import dev.bazaar.contracts.notification.NotificationEvents;
import dev.bazaar.contracts.order.OrderEvents;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.LockSupport;

import static dev.bazaar.web.BridgeClient.assertRefused;
import static dev.bazaar.web.TcpBridgeTest.aboutOrder;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The SockJS event bus bridge at /eventbus, as a storefront page uses it: a customer's browser follows that customer's
 * own orders and notifications, and nobody else's, under the same guard as the TCP bridge.
 */
@ExtendWith(VertxExtension.class)
class SockJsBridgeTest {

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
  void aCustomersBrowserFollowsTheirOwnOrdersAndNotifications() {
    String alice = "alice-" + UUID.randomUUID();
    String token = shop.token(alice, Roles.CUSTOMER);
    JsonObject product = shop.stockedProduct(1500, 10);
    try (BridgeClient browser = connect()) {
      assertThat(browser.register(CustomerEvents.orders(alice), token).getString("type")).isEqualTo("rec");
      assertThat(browser.register(CustomerEvents.notifications(alice), token).getString("type")).isEqualTo("rec");

      String order = TestShop.placeCardOrder(shop.session(alice, Roles.CUSTOMER), product).await().bodyAsJsonObject()
        .getString("id");

      List<JsonObject> orderEvents = browser.awaitAll(aboutOrder(order), 2, "the order's events");
      assertThat(orderEvents).extracting(frame -> frame.getJsonObject("body").getString("type"))
        .startsWith(OrderEvents.PLACED, OrderEvents.CONFIRMED);
      assertThat(orderEvents).allSatisfy(frame -> assertThat(frame.getString("address")).isEqualTo(CustomerEvents.orders(alice)));

      List<JsonObject> feed = browser.awaitAll(frame -> CustomerEvents.notifications(alice).equals(frame.getString("address"))
        && NotificationEvents.ORDER_STATUS.equals(frame.getJsonObject("body").getString("type"))
        && "CONFIRMED".equals(frame.getJsonObject("body").getJsonObject("data").getString("status")), 1, "the confirmation in the feed");
      assertThat(feed.get(0).getJsonObject("body").getString("aggregateId")).isEqualTo(alice);
    }
  }

  @Test
  void nobodyFollowsAnotherCustomersEventsOverSockJs() {
    String a = "a-" + UUID.randomUUID();
    String b = "b-" + UUID.randomUUID();
    JsonObject product = shop.stockedProduct(700, 10);
    try (BridgeClient aBrowser = connect(); BridgeClient bBrowser = connect()) {
      String aToken = shop.token(a, Roles.CUSTOMER);
      assertRefused(aBrowser.register(CustomerEvents.orders(b), aToken), 403);
      assertRefused(aBrowser.register(CustomerEvents.notifications(b), aToken), 403);
      assertRefused(aBrowser.register(CustomerEvents.orders(b), null), 401);
      assertRefused(aBrowser.register(Event.address("order"), aToken), 403);
      assertRefused(aBrowser.register(CustomerEvents.orders(b), Tokens.withPayload(aToken, Tokens.claims(b, Roles.CUSTOMER))), 401);
      assertThat(aBrowser.register(CustomerEvents.orders(a), aToken).getString("type")).isEqualTo("rec");
      assertThat(bBrowser.register(CustomerEvents.orders(b), shop.token(b, Roles.CUSTOMER)).getString("type")).isEqualTo("rec");

      String bOrder = TestShop.placeCardOrder(shop.session(b, Roles.CUSTOMER), product).await().bodyAsJsonObject().getString("id");
      bBrowser.awaitAll(aboutOrder(bOrder), 2, "b's order events, to b");
      aBrowser.call("bazaar.catalog", "search", new JsonObject().put("query", new JsonObject()), null);
      assertThat(aBrowser.received().toString()).as("a saw nothing of b's order").doesNotContain(bOrder);
    }
  }

  @Test
  void anAdminsBrowserFollowsEveryOrder() {
    JsonObject product = shop.stockedProduct(800, 10);
    try (BridgeClient admin = connect()) {
      assertThat(admin.register(Event.address("order"), shop.token("admin-1", Roles.ADMIN)).getString("type")).isEqualTo("rec");
      String order = TestShop.placeCardOrder(shop.session("erin-" + UUID.randomUUID(), Roles.CUSTOMER), product).await()
        .bodyAsJsonObject().getString("id");
      admin.awaitAll(aboutOrder(order), 2, "a customer's order events, to an admin");
    }
  }

  @Test
  void anAnonymousBrowserSeesAnOrdersStockChangeButNotTheOrderNorTheReservedCount() {
    JsonObject product = shop.stockedProduct(1300, 10);
    try (BridgeClient browser = connect()) {
      assertRefused(browser.register(Event.address("catalog"), null), 401);
      assertThat(browser.register("bazaar.public.catalog", null).getString("type")).isEqualTo("rec");

      TestShop.placeCardOrder(shop.session("fay-" + UUID.randomUUID(), Roles.CUSTOMER), product).await();
      JsonObject change = browser.await(frame -> "bazaar.public.catalog".equals(frame.getString("address"))
        && product.getString("id").equals(frame.getJsonObject("body").getString("productId"))
        && Integer.valueOf(9).equals(frame.getJsonObject("body").getInteger("available")), "the sale's stock change");
      assertThat(change.getJsonObject("body").fieldNames()).as("%s", change)
        .containsExactlyInAnyOrder("type", "productId", "available");
      assertThat(browser.received()).filteredOn(frame -> "bazaar.public.catalog".equals(frame.getString("address")))
        .as("no event says which order, or how many are on hand or reserved").isNotEmpty()
        .noneSatisfy(frame -> assertThat(frame.encode()).containsAnyOf("orderId", "reserved", "onHand"));
    }
  }

  @Test
  void aSocketFollowingWithATokenIsClosedWhenTheTokenExpires() {
    String gil = "gil-" + UUID.randomUUID();
    String address = CustomerEvents.orders(gil);
    try (BridgeClient browser = connect()) {
      assertThat(browser.register(address, shop.tokens.mint(gil, List.of(Roles.CUSTOMER), Duration.ofSeconds(2)))
        .getString("type")).isEqualTo("rec");
      vertx.eventBus().publish(address, new JsonObject().put("n", "before"));
      browser.await(frame -> address.equals(frame.getString("address")) && frame.encode().contains("before"), "the event");

      JsonObject expired = browser.await(frame -> "err".equals(frame.getString("type")), "the end of the registration");
      assertRefused(expired, 401);
      assertThat(expired.getString("address")).isEqualTo(address);
      Instant deadline = Instant.now().plusSeconds(5);
      while (!browser.isClosed() && Instant.now().isBefore(deadline)) {
        LockSupport.parkNanos(5_000_000);
      }
      assertThat(browser.isClosed()).as("the socket is closed, for the page to connect again").isTrue();
      vertx.eventBus().publish(address, new JsonObject().put("n", "after"));
      assertThat(browser.received().toString()).doesNotContain("after");
    }
  }

  @Test
  void aThousandMalformedMessagesLeaveTheSocketAndTheNodeServing() {
    try (BridgeClient browser = connect()) {
      for (int i = 0; i < 250; i++) {
        browser.sendRaw(Buffer.buffer("{not json " + i));
        browser.sendRaw(Buffer.buffer("{\"type\": \"zap\", \"address\": \"x\"}"));
        browser.sendRaw(Buffer.buffer("{\"address\": \"x\"}"));
        browser.send(new JsonObject().put("type", "send").put("address", "bazaar.order").put("replyAddress", "r" + i)
          .put("headers", new JsonObject().put("action", "place")).put("body", "x"));
      }
      JsonObject search = browser.call("bazaar.catalog", "search", new JsonObject().put("query", new JsonObject()), null);
      assertThat(search.getString("type")).as("the same socket still answers").isEqualTo("rec");
      assertThat(browser.received()).filteredOn(frame -> "err".equals(frame.getString("type"))).hasSize(1000);
    }
    assertThat(shop.http.get("/health").send().await().statusCode()).isEqualTo(200);
  }

  @Test
  void aWebSocketUpgradeThatSaysItsEmptyBodyIsOneStillUpgrades() {
    // Java's HttpClient sends Content-Length: 0 with an upgrade; a body read before SockJS would make it a 500.
    WebSocketConnectOptions options = new WebSocketConnectOptions().setPort(shop.port).setHost("localhost")
      .setURI("/eventbus/websocket").addHeader("Content-Length", "0");
    WebSocket socket = vertx.createWebSocketClient().connect(options).await();
    List<JsonObject> received = new CopyOnWriteArrayList<>();
    socket.binaryMessageHandler(bytes -> received.add(new JsonObject(bytes)));
    socket.writeTextMessage(new JsonObject().put("type", "register").put("address", Event.address("order")).encode());
    Instant deadline = Instant.now().plusSeconds(10);
    while (received.isEmpty() && Instant.now().isBefore(deadline)) {
      LockSupport.parkNanos(5_000_000);
    }
    assertThat(received).as("the bridge answered over the upgraded socket").hasSize(1);
    assertRefused(received.get(0), 401);
    socket.close().await();
  }

  private static BridgeClient connect() {
    return BridgeClient.sockJs(vertx, shop.port);
  }
}
