package dev.bazaar.web.bridge;

import dev.bazaar.contracts.CustomerEvents;
import dev.bazaar.contracts.Event;
import dev.bazaar.contracts.Roles;
import dev.bazaar.contracts.catalog.CatalogService;
import dev.bazaar.contracts.catalog.ProductQuery;
import dev.bazaar.contracts.order.OrderQuoteRequest;
import dev.bazaar.contracts.order.OrderRequest;
import dev.bazaar.contracts.order.OrderSearch;
import dev.bazaar.contracts.order.OrderService;
import dev.bazaar.contracts.payment.Card;
import dev.bazaar.contracts.payment.PaymentService;
import dev.bazaar.web.auth.Caller;
import io.vertx.ext.bridge.PermittedOptions;
import io.vertx.ext.web.handler.sockjs.SockJSBridgeOptions;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import static dev.bazaar.web.bridge.Argument.integer;
import static dev.bazaar.web.bridge.Argument.key;
import static dev.bazaar.web.bridge.Argument.object;
import static dev.bazaar.web.bridge.Argument.text;
import static dev.bazaar.web.bridge.Argument.texts;

/**
 * What a client of the event bus bridges may do: the one list of the service actions it may call and the event
 * addresses it may follow, with who may do each, mirroring the REST API's rules. Anyone may read the catalog and get a
 * quote, and follow the public catalog; a customer may pay and place, read and cancel their own orders, and follow
 * their own events; an admin may search every order and follow every order's and the catalog's own events. Everything else on the bus is closed to clients.
 */
final class BridgeRules {

  /** Who may do something: anyone, a caller with the customer role, or one with the admin role. */
  enum Who { ANYONE, CUSTOMER, ADMIN }

  /**
   * One service proxy action a client may call. A customer's action is always about the caller: the bridge puts the
   * token's subject in as its {@code customerId}, whatever the frame said.
   */
  record Action(String address, String name, Who who, List<Argument> arguments) {

    boolean isTheCallersOwn() {
      return who == Who.CUSTOMER;
    }
  }

  static final List<Action> ACTIONS = List.of(
    action(CatalogService.ADDRESS, "search", Who.ANYONE, object("query", ProductQuery::new, ProductQuery::toJson)),
    action(CatalogService.ADDRESS, "get", Who.ANYONE, text("productId")),
    action(CatalogService.ADDRESS, "products", Who.ANYONE, texts("productIds")),
    action(OrderService.ADDRESS, "quote", Who.ANYONE, object("request", OrderQuoteRequest::new, OrderQuoteRequest::toJson)),
    action(PaymentService.ADDRESS, "tokenize", Who.CUSTOMER, object("card", Card::new, Card::toJson)),
    action(OrderService.ADDRESS, "place", Who.CUSTOMER, key("idempotencyKey"),
      object("request", OrderRequest::new, OrderRequest::toJson)),
    action(OrderService.ADDRESS, "get", Who.CUSTOMER, text("orderId")),
    action(OrderService.ADDRESS, "list", Who.CUSTOMER, integer("page", 1, 1, 1_000_000), integer("size", 20, 1, 100)),
    action(OrderService.ADDRESS, "cancel", Who.CUSTOMER, text("orderId")),
    action(OrderService.ADDRESS, "shipment", Who.CUSTOMER, text("orderId")),
    action(OrderService.ADDRESS, "search", Who.ADMIN, object("search", OrderSearch::new, OrderSearch::toJson)));

  /** Event addresses anyone may follow: the catalog as the public REST API shows it ({@link PublicCatalogRelay}). */
  static final Set<String> PUBLIC_EVENTS = Set.of(PublicCatalogRelay.ADDRESS);
  /**
   * Event addresses only an admin may follow: every customer's orders, and the catalog's own events, which say which
   * order reserved what.
   */
  static final Set<String> ADMIN_EVENTS = Set.of(Event.address(OrderService.NAME), Event.address(CatalogService.NAME));

  private static final Map<String, Map<String, Action>> BY_ADDRESS = ACTIONS.stream()
    .collect(Collectors.groupingBy(Action::address, Collectors.toMap(Action::name, Function.identity())));

  private BridgeRules() {
  }

  /** The action a frame to {@code address} with the {@code action} header asks for; refused when it is not open. */
  static Action action(String address, Object name) {
    Map<String, Action> actions = BY_ADDRESS.get(address);
    if (actions == null) {
      throw Refusal.forbidden("No client may call " + shown(address) + ".").refused();
    }
    Action action = name instanceof String text ? actions.get(text) : null;
    if (action == null) {
      throw Refusal.forbidden(address + " has no action " + shown(name) + " open to clients; open ones are "
        + String.join(", ", actions.keySet().stream().sorted().toList()) + ".").refused();
    }
    return action;
  }

  /** Whether the caller may call the action; refused, saying why, when not. */
  static void mayCall(Caller caller, Action action) {
    switch (action.who()) {
      case ANYONE -> {
      }
      case CUSTOMER -> requireRole(caller, Roles.CUSTOMER);
      case ADMIN -> requireRole(caller, Roles.ADMIN);
    }
  }

  /** Whether the caller may follow the events on {@code address}; refused, saying why, when not. */
  static void mayFollow(Caller caller, String address) {
    if (PUBLIC_EVENTS.contains(address)) {
      return;
    }
    if (ADMIN_EVENTS.contains(address)) {
      requireRole(caller, Roles.ADMIN);
      return;
    }
    String customer = CustomerEvents.customerOf(address);
    if (customer == null) {
      throw Refusal.forbidden("No client may follow " + shown(address) + ".").refused();
    }
    if (caller.isAnonymous()) {
      throw Refusal.unauthenticated("Following a customer's events needs a bearer token.").refused();
    }
    if (caller.roles().contains(Roles.ADMIN)) {
      return;
    }
    requireRole(caller, Roles.CUSTOMER);
    if (!customer.equals(caller.subject())) {
      throw Refusal.forbidden("A customer may follow only their own events.").refused();
    }
  }

  /**
   * The SockJS bridge's own permitted lists, a second lock behind {@link BusGuard}: calls only to the
   * {@link BridgeCalls#GATEWAY} (which checks {@link #action} again), follows only of the addresses here.
   */
  static SockJSBridgeOptions permitted(SockJSBridgeOptions options) {
    options.addInboundPermitted(new PermittedOptions().setAddress(BridgeCalls.GATEWAY));
    PUBLIC_EVENTS.forEach(address -> options.addOutboundPermitted(new PermittedOptions().setAddress(address)));
    ADMIN_EVENTS.forEach(address -> options.addOutboundPermitted(new PermittedOptions().setAddress(address)));
    options.addOutboundPermitted(new PermittedOptions().setAddressRegex(CustomerEvents.ADDRESSES));
    return options;
  }

  private static void requireRole(Caller caller, String role) {
    if (caller.isAnonymous()) {
      throw Refusal.unauthenticated("This needs a bearer token with the role " + role + ".").refused();
    }
    if (!caller.roles().contains(role)) {
      throw Refusal.forbidden("This needs the role " + role + ".").refused();
    }
  }

  /** A client's text in a refusal, cut short: it is echoed back, and could be anything. */
  private static String shown(Object text) {
    String shown = String.valueOf(text);
    return shown.length() <= 80 ? shown : shown.substring(0, 80) + "…";
  }

  private static Action action(String address, String name, Who who, Argument... arguments) {
    return new Action(address, name, who, Arrays.asList(arguments));
  }
}
