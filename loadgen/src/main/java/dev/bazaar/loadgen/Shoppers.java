package dev.bazaar.loadgen;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Year;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * The virtual customers of a run and the request each operation makes for one of them. Each customer has a token and
 * remembers the orders it placed, to ask after them and cancel them. A checkout buys one of the shop's products with a
 * test card, most of them paying and one in ten declined, under a fresh Idempotency-Key per attempt. An order status or
 * cancel before the customer has placed anything reads its order list instead.
 */
final class Shoppers {

  private static final String PAYS = "4242424242424242";
  private static final String DECLINED = "4000000000009995";
  private static final JsonObject ADDRESS = new JsonObject().put("name", "Load Test").put("line1", "1 Bench Street")
    .put("city", "Berlin").put("postalCode", "10115").put("country", "DE");

  /** One request to make: what, where, as whom, and what to remember from the answer. */
  record Request(Operation operation, HttpMethod method, String path, String token, String body, String idempotencyKey,
                 Customer customer) {
  }

  static final class Customer {
    final String token;
    final List<String> orders = new ArrayList<>();

    Customer(String token) {
      this.token = token;
    }
  }

  private final List<Customer> customers = new ArrayList<>();
  private final List<String> products;
  private final SplittableRandom random;

  Shoppers(List<String> tokens, List<String> products, long seed) {
    tokens.forEach(token -> customers.add(new Customer(token)));
    this.products = products;
    this.random = new SplittableRandom(seed);
  }

  Request next(Operation operation) {
    Customer customer = customers.isEmpty() ? null : customers.get(random.nextInt(customers.size()));
    return switch (operation) {
      case HEALTH -> get(operation, "/health", null);
      case BROWSE -> get(operation, "/api/v1/products?size=10&page=" + (1 + random.nextInt(3))
        + (random.nextBoolean() ? "&sort=price" : "&q=" + (random.nextBoolean() ? "a" : "e")), null);
      case PRODUCT -> get(operation, "/api/v1/products/" + product(), null);
      case QUOTE -> new Request(operation, HttpMethod.POST, "/api/v1/orders/quote", null,
        new JsonObject().put("lines", lines()).put("country", "DE").encode(), null, null);
      case CHECKOUT -> new Request(operation, HttpMethod.POST, "/api/v1/orders", customer.token, checkout(),
        UUID.randomUUID().toString(), customer);
      case STATUS -> get(operation, orderOf(customer).map(id -> "/api/v1/orders/" + id).orElse("/api/v1/orders?size=5"),
        customer);
      case CANCEL -> orderOf(customer)
        .map(id -> new Request(operation, HttpMethod.POST, "/api/v1/orders/" + id + "/cancel", customer.token, null, null,
          customer))
        .orElseGet(() -> get(operation, "/api/v1/orders?size=5", customer));
    };
  }

  /** After a 201 to a checkout: the customer now has that order to ask after. */
  static void placed(Request request, JsonObject order) {
    if (request.customer() != null && order != null && order.getString("id") != null) {
      request.customer().orders.add(order.getString("id"));
      if (request.customer().orders.size() > 20) {
        request.customer().orders.remove(0);
      }
    }
  }

  private Request get(Operation operation, String path, Customer customer) {
    return new Request(operation, HttpMethod.GET, path, customer == null ? null : customer.token, null, null, customer);
  }

  private Optional<String> orderOf(Customer customer) {
    return customer.orders.isEmpty() ? Optional.empty()
      : Optional.of(customer.orders.get(random.nextInt(customer.orders.size())));
  }

  private String product() {
    return products.get(random.nextInt(products.size()));
  }

  private JsonArray lines() {
    return new JsonArray().add(new JsonObject().put("productId", product()).put("quantity", 1));
  }

  private String checkout() {
    JsonObject card = new JsonObject().put("number", random.nextInt(10) == 0 ? DECLINED : PAYS).put("expMonth", 12)
      .put("expYear", Year.now().getValue() + 2).put("cvc", "123");
    return new JsonObject().put("lines", lines()).put("shippingAddress", ADDRESS)
      .put("payment", new JsonObject().put("card", card)).encode();
  }
}
