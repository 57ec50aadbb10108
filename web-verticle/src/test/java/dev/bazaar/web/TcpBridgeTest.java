package dev.bazaar.web;

import dev.bazaar.contracts.CustomerEvents;
import dev.bazaar.contracts.Event;
import dev.bazaar.contracts.Roles;
import dev.bazaar.contracts.order.OrderEvents;
import dev.bazaar.devkit.SigningKey;
import dev.bazaar.devkit.TokenMinter;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.time.Year;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static dev.bazaar.web.BridgeClient.assertRefused;
import static dev.bazaar.web.BridgeClient.tcpFrame;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The TCP event bus bridge, as a client in another language meets it: what anyone, a customer and an admin may do over
 * it, what each is refused and why, and that no frame, however bad, takes the node down or a refusal the connection.
 */
@ExtendWith(VertxExtension.class)
class TcpBridgeTest {

  private static Vertx vertx;
  private static TestShop shop;
  private static int bridgePort;

  @BeforeAll
  static void start(Vertx v) {
    vertx = v;
    bridgePort = TestShop.freePort();
    shop = TestShop.start(vertx, new JsonObject().put("bridgePort", bridgePort));
  }

  @AfterAll
  static void stop() {
    shop.close();
  }

  @Test
  void anyoneMaySearchAndReadTheCatalog() {
    String name = "Bridge kettle " + UUID.randomUUID();
    JsonObject product = shop.createProduct(TestShop.draft("bridge", name, 2500));
    try (BridgeClient bridge = connect()) {
      JsonObject found = bridge.call("bazaar.catalog", "search", new JsonObject().put("query",
        new JsonObject().put("text", name).put("page", 1).put("size", 5)), null);
      assertThat(found.getString("type")).as("%s", found).isEqualTo("message");
      assertThat(found.getJsonObject("body").getJsonArray("items")).extracting(item -> ((JsonObject) item).getString("name"))
        .containsExactly(name);

      JsonObject got = bridge.call("bazaar.catalog", "get", new JsonObject().put("productId", product.getString("id")), null);
      assertThat(got.getJsonObject("body").getString("name")).isEqualTo(name);
    }
  }

  @Test
  void anAnonymousFrameToAnOrderActionIsRefusedAndTheConnectionStaysUsable() {
    try (BridgeClient bridge = connect()) {
      for (String action : List.of("place", "list", "get", "cancel")) {
        JsonObject refused = bridge.call("bazaar.order", action, new JsonObject().put("customerId", "alice")
          .put("orderId", "x").put("idempotencyKey", "k"), null);
        assertRefused(refused, 401);
        assertThat(refused.getString("message")).contains("bearer token");
      }
      JsonObject search = bridge.call("bazaar.catalog", "search", new JsonObject().put("query", new JsonObject()), null);
      assertThat(search.getString("type")).as("the same connection still answers: %s", search).isEqualTo("message");
    }
  }

  @Test
  void aForgedTokenIsRefusedWhateverItClaims() {
    SigningKey otherKey = SigningKey.generate();
    String signedElsewhere = new TokenMinter(vertx, otherKey, TestShop.KEY_ID, TestShop.ISSUER, TestShop.AUDIENCE)
      .mint("alice", List.of(Roles.ADMIN), Duration.ofHours(1));
    String realButRewritten = Tokens.withPayload(shop.token("mallory", Roles.CUSTOMER), Tokens.claims("alice", Roles.ADMIN));
    String unsigned = Tokens.unsigned(Tokens.claims("alice", Roles.ADMIN));
    try (BridgeClient bridge = connect()) {
      for (String forged : List.of(signedElsewhere, realButRewritten, unsigned, "not-a-jwt")) {
        assertRefused(bridge.call("bazaar.order", "list", new JsonObject(), forged), 401);
        assertRefused(bridge.call("bazaar.catalog", "search", new JsonObject().put("query", new JsonObject()), forged), 401);
        assertRefused(bridge.register(Event.address("order"), forged), 401);
      }
      JsonObject basic = bridge.call("bazaar.catalog", "search", new JsonObject().put("query", new JsonObject()), null);
      assertThat(basic.getString("type")).isEqualTo("message");
    }
  }

  @Test
  void aCustomerPlacesAnOrderAsThemselvesAndFollowsItsEvents() {
    String alice = "alice-" + UUID.randomUUID();
    String token = shop.token(alice, Roles.CUSTOMER);
    JsonObject product = shop.stockedProduct(1200, 10);
    try (BridgeClient bridge = connect(); BridgeClient admin = connect()) {
      assertThat(bridge.register(CustomerEvents.orders(alice), token).getString("type")).isEqualTo("pong");
      assertThat(admin.register(Event.address("order"), shop.token("admin-1", Roles.ADMIN)).getString("type")).isEqualTo("pong");

      JsonObject method = bridge.call("bazaar.payment", "tokenize", new JsonObject().put("customerId", "mallory")
        .put("card", card("4242424242424242")), token);
      assertThat(method.getString("type")).as("%s", method).isEqualTo("message");
      JsonObject placed = bridge.call("bazaar.order", "place", new JsonObject()
        .put("customerId", "mallory")
        .put("idempotencyKey", UUID.randomUUID().toString())
        .put("request", orderOf(product, method.getJsonObject("body").getString("id"))), token);

      assertThat(placed.getString("type")).as("%s", placed).isEqualTo("message");
      JsonObject order = placed.getJsonObject("body");
      assertThat(order.getString("status")).isEqualTo("CONFIRMED");
      assertThat(order.getString("customerId")).as("the token's subject, not what the frame said").isEqualTo(alice);

      List<JsonObject> events = bridge.awaitAll(aboutOrder(order.getString("id")), 2, "the order's events");
      assertThat(events).extracting(frame -> frame.getJsonObject("body").getString("type"))
        .startsWith(OrderEvents.PLACED, OrderEvents.CONFIRMED);
      assertThat(events).allSatisfy(frame -> assertThat(frame.getString("address")).isEqualTo(CustomerEvents.orders(alice)));
      admin.awaitAll(aboutOrder(order.getString("id")), 2, "the order's events, to an admin");

      JsonObject read = bridge.call("bazaar.order", "get", new JsonObject().put("orderId", order.getString("id")), token);
      assertThat(read.getJsonObject("body").getString("id")).isEqualTo(order.getString("id"));
      JsonObject listed = bridge.call("bazaar.order", "list", new JsonObject().put("customerId", "mallory"), token);
      assertThat(listed.getJsonObject("body").getJsonArray("items")).hasSize(1);
    }
  }

  @Test
  void customerACannotFollowCustomerBsEventsNorReadBsOrders() {
    String a = "a-" + UUID.randomUUID();
    String b = "b-" + UUID.randomUUID();
    JsonObject product = shop.stockedProduct(900, 10);
    try (BridgeClient aBridge = connect(); BridgeClient bBridge = connect()) {
      String aToken = shop.token(a, Roles.CUSTOMER);
      assertRefused(aBridge.register(CustomerEvents.orders(b), aToken), 403);
      assertRefused(aBridge.register(CustomerEvents.notifications(b), aToken), 403);
      assertRefused(aBridge.register(CustomerEvents.orders(b), null), 401);
      assertRefused(aBridge.register(Event.address("order"), aToken), 403);
      assertRefused(aBridge.register(Event.address("payment"), aToken), 403);
      assertRefused(aBridge.register("bazaar.order", aToken), 403);
      assertThat(aBridge.register(CustomerEvents.orders(a), aToken).getString("type")).isEqualTo("pong");
      assertThat(bBridge.register(CustomerEvents.orders(b), shop.token(b, Roles.CUSTOMER)).getString("type")).isEqualTo("pong");

      String bOrder = TestShop.placeCardOrder(shop.session(b, Roles.CUSTOMER), product).await().bodyAsJsonObject().getString("id");
      bBridge.awaitAll(aboutOrder(bOrder), 2, "b's order events, to b");
      aBridge.ping();
      assertThat(aBridge.received().toString()).as("a saw nothing of b's order").doesNotContain(bOrder);

      JsonObject read = aBridge.call("bazaar.order", "get", new JsonObject().put("orderId", bOrder), aToken);
      assertThat(read.getString("type")).isEqualTo("err");
      assertThat(read.getInteger("failureCode")).as("not found, as another customer's order is over REST").isEqualTo(4040);
    }
  }

  @Test
  void aRegistrationEndsWhenItsTokenExpires() {
    String alice = "alice-" + UUID.randomUUID();
    String shortLived = shop.tokens.mint(alice, List.of(Roles.CUSTOMER), Duration.ofSeconds(2));
    String address = CustomerEvents.orders(alice);
    try (BridgeClient bridge = connect()) {
      assertThat(bridge.register(address, shortLived).getString("type")).isEqualTo("pong");
      vertx.eventBus().publish(address, new JsonObject().put("n", "before"));
      bridge.await(frame -> BridgeClient.isMessage(frame) && "before".equals(frame.getJsonObject("body").getString("n")),
        "the event before the token expired");

      JsonObject expired = bridge.await(frame -> "err".equals(frame.getString("type")), "the registration's end");
      assertRefused(expired, 401);
      assertThat(expired.getString("address")).isEqualTo(address);
      assertThat(expired.getString("message")).contains("expired");

      vertx.eventBus().publish(address, new JsonObject().put("n", "after"));
      bridge.ping();
      assertThat(bridge.received().toString()).as("nothing after the expiry").doesNotContain("after");
      assertRefused(bridge.register(address, shortLived), 401);
      assertThat(bridge.register(address, shop.token(alice, Roles.CUSTOMER)).getString("type"))
        .as("a fresh token follows again on the same connection").isEqualTo("pong");
    }
  }

  @Test
  void anAnonymousClientFollowsThePublicCatalogButNotTheCatalogsOwnEvents() {
    try (BridgeClient bridge = connect()) {
      assertRefused(bridge.register(Event.address("catalog"), null), 401);
      assertRefused(bridge.register(Event.address("catalog"), shop.token("eve-" + UUID.randomUUID(), Roles.CUSTOMER)), 403);
      assertThat(bridge.register("bazaar.public.catalog", null).getString("type")).isEqualTo("pong");
      JsonObject product = shop.stockedProduct(1100, 5);
      JsonObject event = bridge.await(frame -> BridgeClient.isMessage(frame)
        && product.getString("id").equals(frame.getJsonObject("body").getString("productId"))
        && Integer.valueOf(5).equals(frame.getJsonObject("body").getInteger("available")), "the stock set to 5");
      assertThat(event.getJsonObject("body").fieldNames()).containsExactlyInAnyOrder("type", "productId", "available");
    }
  }

  @Test
  void whatNoClientMayDoIsRefusedWithAReason() {
    String customer = shop.token("carol-" + UUID.randomUUID(), Roles.CUSTOMER);
    try (BridgeClient bridge = connect()) {
      assertRefused(bridge.call("bazaar.catalog", "create", new JsonObject(), shop.token("admin-1", Roles.ADMIN)), 403);
      assertRefused(bridge.call("bazaar.payment", "authorize", new JsonObject(), customer), 403);
      assertRefused(bridge.call("bazaar.catalog-internal", "search", new JsonObject(), null), 403);
      assertRefused(bridge.call("bazaar.order", "search", new JsonObject().put("search", new JsonObject()), customer), 403);
      assertRefused(bridge.call("bazaar.order", "refund", new JsonObject(), customer), 403);
      assertRefused(bridge.call("bazaar.catalog", null, new JsonObject(), null), 403);

      bridge.send(new JsonObject().put("type", "publish").put("address", "bazaar.events.order").put("body", new JsonObject()));
      assertRefused(bridge.await(frame -> "bazaar.events.order".equals(frame.getString("address")), "the publish's refusal"), 403);
      assertThat(bridge.ping().getString("type")).isEqualTo("pong");
    }
  }

  @Test
  void argumentsOfTheWrongShapeAreRefusedBeforeAnyServiceSeesThem() {
    String customer = shop.token("dave-" + UUID.randomUUID(), Roles.CUSTOMER);
    try (BridgeClient bridge = connect()) {
      assertRefused(bridge.call("bazaar.catalog", "search", new JsonObject().put("query", new JsonObject().put("text", 5)), null), 400);
      assertRefused(bridge.call("bazaar.catalog", "search", new JsonObject().put("query", "tea"), null), 400);
      assertRefused(bridge.call("bazaar.catalog", "search", new JsonObject().put("query", new JsonObject().put("colour", "red")), null), 400);
      assertRefused(bridge.call("bazaar.catalog", "get", new JsonObject(), null), 400);
      assertRefused(bridge.call("bazaar.catalog", "products", new JsonObject().put("productIds", new JsonArray().add(1)), null), 400);
      assertRefused(bridge.call("bazaar.order", "list", new JsonObject().put("size", 0), customer), 400);
      assertRefused(bridge.call("bazaar.order", "list", new JsonObject().put("page", 1.5), customer), 400);
      assertRefused(bridge.call("bazaar.order", "place", new JsonObject().put("request", new JsonObject()), customer), 400);
      assertRefused(bridge.call("bazaar.order", "place", new JsonObject().put("idempotencyKey", "a key")
        .put("request", new JsonObject()), customer), 400);
      assertRefused(bridge.call("bazaar.order", "place", new JsonObject().put("idempotencyKey", "k")
        .put("request", new JsonObject().put("lines", "all of them")), customer), 400);

      JsonObject list = bridge.call("bazaar.order", "list", new JsonObject(), customer);
      assertThat(list.getJsonObject("body").getJsonArray("items")).as("nothing was placed").isEmpty();
    }
  }

  @Test
  void aThousandMalformedFramesLeaveTheNodeServing() {
    List<Buffer> malformed = new ArrayList<>();
    for (int i = 0; i < 250; i++) {
      malformed.add(tcpFrame(Buffer.buffer("{not json " + i)));
      malformed.add(tcpFrame(Buffer.buffer("[1, 2, 3]")));
      malformed.add(tcpFrame(new JsonObject().put("type", "send").put("replyAddress", "r" + i).put("headers", "x").toBuffer()));
      malformed.add(tcpFrame(new JsonObject().put("type", "send").put("address", "bazaar.catalog").put("replyAddress", "r" + i)
        .put("headers", new JsonObject().put("action", "get").put("authorization", 42)).put("body", new JsonArray()).toBuffer()));
    }
    try (BridgeClient bridge = connect()) {
      malformed.forEach(bridge::sendRaw);
      assertThat(bridge.ping().getString("type")).as("the connection read every frame and is in step").isEqualTo("pong");
      assertThat(bridge.received()).filteredOn(frame -> "err".equals(frame.getString("type")))
        .as("each frame was refused with a reason").hasSize(1000)
        .allSatisfy(frame -> assertThat(frame.getInteger("failureCode")).isIn(400, 401));
      JsonObject search = bridge.call("bazaar.catalog", "search", new JsonObject().put("query", new JsonObject()), null);
      assertThat(search.getString("type")).isEqualTo("message");
    }

    // A type the bridge does not know is refused; a length it cannot frame ends that connection: the client must
    // reconnect; nothing else is touched.
    try (BridgeClient bridge = connect()) {
      bridge.send(new JsonObject().put("type", "zap").put("address", "x"));
      assertRefused(bridge.await(frame -> "err".equals(frame.getString("type")), "the refusal"), 400);
      assertThat(bridge.ping().getString("type")).isEqualTo("pong");
    }
    for (Buffer unframeable : List.of(Buffer.buffer().appendInt(-5).appendString("hello"),
      Buffer.buffer().appendInt(Integer.MAX_VALUE).appendString("never ends"))) {
      try (BridgeClient bridge = connect()) {
        bridge.sendRaw(unframeable);
      }
    }
    assertThat(shop.http.get("/health").send().await().statusCode()).isEqualTo(200);
    try (BridgeClient fresh = connect()) {
      assertThat(fresh.call("bazaar.catalog", "search", new JsonObject().put("query", new JsonObject()), null)
        .getString("type")).isEqualTo("message");
    }
  }

  private static BridgeClient connect() {
    return BridgeClient.tcp(vertx, bridgePort);
  }

  static java.util.function.Predicate<JsonObject> aboutOrder(String orderId) {
    return frame -> BridgeClient.isMessage(frame) && frame.getJsonObject("body") != null
      && orderId.equals(frame.getJsonObject("body").getString("aggregateId"));
  }

  static JsonObject card(String number) {
    return new JsonObject().put("number", number).put("expMonth", 12).put("expYear", Year.now().getValue() + 2).put("cvc", "123");
  }

  static JsonObject orderOf(JsonObject product, String paymentMethodId) {
    return new JsonObject()
      .put("lines", new JsonArray().add(new JsonObject().put("productId", product.getString("id")).put("quantity", 1)))
      .put("shippingAddress", new JsonObject().put("name", "Ada Lovelace").put("line1", "12 St James's Square")
        .put("city", "Berlin").put("postalCode", "10117").put("country", "DE"))
      .put("paymentMethodId", paymentMethodId);
  }
}
