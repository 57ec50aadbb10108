package dev.bazaar.web.bridge;

import dev.bazaar.contracts.CustomerEvents;
import dev.bazaar.contracts.Roles;
import dev.bazaar.web.auth.Caller;
import dev.bazaar.web.bridge.Refusal.Refused;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.bridge.PermittedOptions;
import io.vertx.ext.web.handler.sockjs.SockJSBridgeOptions;
import org.junit.jupiter.api.Test;

import java.util.Set;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Who may call what and follow what over the bridges, and how arguments are checked, without a bus. */
class BridgeRulesTest {

  private static final Caller ANONYMOUS = Caller.ANONYMOUS;
  private static final Caller ALICE = new Caller("alice", Set.of(Roles.CUSTOMER));
  private static final Caller ADMIN = new Caller("admin-1", Set.of(Roles.ADMIN));
  private static final Caller ROLELESS = new Caller("someone", Set.of());

  @Test
  void anyoneReadsTheCatalogAndQuotesOnlyCustomersPayAndOrderOnlyAdminsSearchOrders() {
    assertAllowed(ANONYMOUS, "bazaar.catalog", "search");
    assertAllowed(ANONYMOUS, "bazaar.catalog", "get");
    assertAllowed(ANONYMOUS, "bazaar.catalog", "products");
    assertAllowed(ANONYMOUS, "bazaar.order", "quote");
    for (String action : new String[] {"place", "get", "list", "cancel", "shipment"}) {
      assertRefused(ANONYMOUS, "bazaar.order", action, 401);
      assertRefused(ROLELESS, "bazaar.order", action, 403);
      assertRefused(ADMIN, "bazaar.order", action, 403);
      assertAllowed(ALICE, "bazaar.order", action);
    }
    assertAllowed(ALICE, "bazaar.payment", "tokenize");
    assertRefused(ANONYMOUS, "bazaar.payment", "tokenize", 401);
    assertAllowed(ADMIN, "bazaar.order", "search");
    assertRefused(ALICE, "bazaar.order", "search", 403);
  }

  @Test
  void actionsAndAddressesNotListedAreClosedToEveryone() {
    assertThatThrownBy(() -> BridgeRules.action("bazaar.catalog", "create")).isInstanceOf(Refused.class)
      .hasMessage("bazaar.catalog has no action create open to clients; open ones are get, products, search.");
    assertThatThrownBy(() -> BridgeRules.action("bazaar.payment", "authorize")).isInstanceOf(Refused.class);
    assertThatThrownBy(() -> BridgeRules.action("bazaar.order", "refund")).isInstanceOf(Refused.class);
    assertThatThrownBy(() -> BridgeRules.action("bazaar.shipping", "quote")).isInstanceOf(Refused.class)
      .hasMessage("No client may call bazaar.shipping.");
    assertThatThrownBy(() -> BridgeRules.action("bazaar.order", 42)).isInstanceOf(Refused.class);
    assertThatThrownBy(() -> BridgeRules.action("bazaar.order", null)).isInstanceOf(Refused.class);
    assertThatThrownBy(() -> BridgeRules.action("x".repeat(500), "get"))
      .hasMessage("No client may call " + "x".repeat(80) + "….");
    assertThatThrownBy(() -> BridgeRules.action("y".repeat(80), "get")).as("80 characters are shown whole")
      .hasMessage("No client may call " + "y".repeat(80) + ".");
  }

  @Test
  void aCustomerFollowsOnlyTheirOwnEventsAndAnAdminEveryones() {
    assertFollows(ALICE, CustomerEvents.orders("alice"));
    assertFollows(ALICE, CustomerEvents.notifications("alice"));
    assertNotFollows(ALICE, CustomerEvents.orders("bob"), 403);
    assertNotFollows(ALICE, CustomerEvents.notifications("bob"), 403);
    assertNotFollows(ANONYMOUS, CustomerEvents.orders("alice"), 401);
    assertNotFollows(ROLELESS, CustomerEvents.orders("someone"), 403);
    assertFollows(ADMIN, CustomerEvents.orders("bob"));

    assertFollows(ANONYMOUS, "bazaar.public.catalog");
    assertNotFollows(ANONYMOUS, "bazaar.events.catalog", 401);
    assertNotFollows(ALICE, "bazaar.events.catalog", 403);
    assertFollows(ADMIN, "bazaar.events.catalog");
    assertNotFollows(ANONYMOUS, "bazaar.events.order", 401);
    assertNotFollows(ALICE, "bazaar.events.order", 403);
    assertFollows(ADMIN, "bazaar.events.order");
    for (String closed : new String[] {"bazaar.events.payment", "bazaar.events.notification", "bazaar.order",
      "bazaar.customers..orders", "bazaar.customers.alice", "bazaar.customers.alice.orders.x"}) {
      assertNotFollows(ADMIN, closed, 403);
    }
  }

  @Test
  void aCustomerWhoseIdHasDotsStillFollowsTheirOwn() {
    Caller dotted = new Caller("ada.lovelace@example.com", Set.of(Roles.CUSTOMER));
    assertFollows(dotted, CustomerEvents.orders("ada.lovelace@example.com"));
    assertNotFollows(dotted, CustomerEvents.orders("ada"), 403);
    assertThat(CustomerEvents.customerOf("bazaar.customers.a.b.orders.notifications")).isEqualTo("a.b.orders");
  }

  @Test
  void theSockJsBridgesOwnPermittedListsAreTheGatewayAndTheSameEventAddresses() {
    SockJSBridgeOptions options = BridgeRules.permitted(new SockJSBridgeOptions());
    assertThat(options.getInboundPermitteds()).extracting(PermittedOptions::getAddress)
      .containsExactly(BridgeCalls.GATEWAY);
    assertThat(options.getOutboundPermitteds()).extracting(PermittedOptions::getAddress)
      .contains("bazaar.public.catalog", "bazaar.events.catalog", "bazaar.events.order");
    Pattern customers = Pattern.compile(options.getOutboundPermitteds().stream()
      .map(PermittedOptions::getAddressRegex).filter(regex -> regex != null).findFirst().orElseThrow());
    assertThat(customers.matcher(CustomerEvents.orders("a.b")).matches()).isTrue();
    assertThat(customers.matcher(CustomerEvents.notifications("a")).matches()).isTrue();
    assertThat(customers.matcher("bazaar.customers.a.payments").matches()).isFalse();
  }

  @Test
  void argumentsAreCheckedAndRebuiltFromWhatTheServiceWillRead() {
    Argument text = Argument.text("orderId");
    assertThat(text.check("o-1")).isEqualTo("o-1");
    assertBad(() -> text.check(null), "orderId is required.");
    assertBad(() -> text.check(""), "orderId must be a string of 1 to 200 characters.");
    assertBad(() -> text.check("x".repeat(201)), "orderId must be a string of 1 to 200 characters.");
    assertThat(text.check("x".repeat(200))).isEqualTo("x".repeat(200));
    assertBad(() -> text.check(7), "orderId must be a string of 1 to 200 characters.");

    Argument key = Argument.key("idempotencyKey");
    assertThat(key.check("k-1")).isEqualTo("k-1");
    assertBad(() -> key.check("with space"), "idempotencyKey must be 1 to 255 printable ASCII characters.");
    assertBad(() -> key.check("x".repeat(256)), "idempotencyKey must be 1 to 255 printable ASCII characters.");

    Argument ids = Argument.texts("productIds");
    assertThat(ids.check(new JsonArray().add("a").add("b"))).isEqualTo(new JsonArray().add("a").add("b"));
    assertBad(() -> ids.check(new JsonArray()), "productIds must be a list of 1 to 100 ids.");
    assertThat(ids.check(new JsonArray(java.util.Collections.nCopies(100, "a")))).asInstanceOf(
      org.assertj.core.api.InstanceOfAssertFactories.iterable(Object.class)).hasSize(100);
    assertBad(() -> ids.check(new JsonArray(java.util.Collections.nCopies(101, "a"))), "productIds must be a list of 1 to 100 ids.");
    assertBad(() -> ids.check(new JsonArray().add(1)), "productIds[] must be a string of 1 to 200 characters.");

    Argument size = Argument.integer("size", 20, 1, 100);
    assertThat(size.check(null)).isEqualTo(20);
    assertThat(size.check(1)).isEqualTo(1);
    assertThat(size.check(100L)).isEqualTo(100);
    assertBad(() -> size.check(0), "size must be a whole number from 1 to 100.");
    assertBad(() -> size.check(101), "size must be a whole number from 1 to 100.");
    assertBad(() -> size.check(2.5), "size must be a whole number from 1 to 100.");
    assertBad(() -> size.check("3"), "size must be a whole number from 1 to 100.");
  }

  @Test
  void aDataObjectArgumentKeepsOnlyWhatItsProxyReadsAndRefusesTheRest() {
    Argument query = BridgeRules.ACTIONS.stream().filter(action -> action.name().equals("search")
      && action.address().equals("bazaar.catalog")).findFirst().orElseThrow().arguments().get(0);
    JsonObject good = new JsonObject().put("text", "tea").put("page", 2).put("size", 10);
    assertThat(((JsonObject) query.check(good)).getMap()).containsAllEntriesOf(good.getMap());
    assertBad(() -> query.check(new JsonObject().put("text", 5)), "query.text is not a field of query, or has the wrong type.");
    assertBad(() -> query.check(new JsonObject().put("colour", "red")), "query.colour is not a field of query, or has the wrong type.");
    assertBad(() -> query.check(new JsonObject().put("sort", "CHEAPEST")), "query has a field of the wrong type.");
    assertBad(() -> query.check("tea"), "query must be a JSON object.");
    assertBad(() -> query.check(null), "query is required.");

    Argument request = BridgeRules.action("bazaar.order", "place").arguments().get(1);
    JsonObject order = new JsonObject().put("paymentMethodId", "pm-1").put("lines", new JsonArray()
      .add(new JsonObject().put("productId", "p-1").put("quantity", 2)));
    assertThat((JsonObject) request.check(order)).isEqualTo(order);
    assertBad(() -> request.check(order.copy().put("lines", "all")), "request.lines is not a field of request, or has the wrong type.");
    JsonObject badLine = order.copy().put("lines", new JsonArray().add(new JsonObject().put("productId", "p-1").put("quantity", "2")));
    assertBad(() -> request.check(badLine), "request.lines[0].quantity is not a field of request, or has the wrong type.");
  }

  @Test
  void anyDataObjectCanBeAnArgument() {
    Argument card = Argument.object("card", dev.bazaar.contracts.payment.Card::new, dev.bazaar.contracts.payment.Card::toJson);
    assertThat(card.name()).isEqualTo("card");
    assertThat(card.check(new JsonObject().put("number", "4242424242424242").put("expMonth", 12)))
      .isEqualTo(new JsonObject().put("number", "4242424242424242").put("expMonth", 12).put("expYear", 0));
    assertBad(() -> card.check(new JsonObject().put("expMonth", "December")), "card.expMonth is not a field of card, or has the wrong type.");
  }

  private static void assertAllowed(Caller caller, String address, String action) {
    BridgeRules.mayCall(caller, BridgeRules.action(address, action));
  }

  private static void assertRefused(Caller caller, String address, String action, int code) {
    assertThatThrownBy(() -> BridgeRules.mayCall(caller, BridgeRules.action(address, action)))
      .isInstanceOfSatisfying(Refused.class, refused -> assertThat(refused.refusal.code()).isEqualTo(code));
  }

  private static void assertFollows(Caller caller, String address) {
    BridgeRules.mayFollow(caller, address);
  }

  private static void assertNotFollows(Caller caller, String address, int code) {
    assertThatThrownBy(() -> BridgeRules.mayFollow(caller, address))
      .isInstanceOfSatisfying(Refused.class, refused -> assertThat(refused.refusal.code()).as(address).isEqualTo(code));
  }

  private static void assertBad(org.assertj.core.api.ThrowableAssert.ThrowingCallable check, String message) {
    assertThatThrownBy(check).isInstanceOfSatisfying(Refused.class, refused -> {
      assertThat(refused.refusal.code()).isEqualTo(400);
      assertThat(refused.getMessage()).isEqualTo(message);
    });
  }
}
