package dev.bazaar.launcher;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.Year;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.bazaar.launcher.ShopProcess.HTTP;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A shop of separate JVMs on loopback, each started from bazaar.jar as the README starts them: {@code bazaar db}, then
 * nodes that each run some of the services in one Hazelcast cluster of their own name. It places orders over HTTP and
 * reads the services' tables to check what the orders did.
 */
final class ClusterShop implements AutoCloseable {

  static final List<String> UNFINISHED =
    List.of("PENDING", "STOCK_RESERVED", "PRICED", "PAYMENT_AUTHORIZED", "SHIPMENT_CREATED", "CANCELLING");

  final Path workDir;
  final int httpPort;
  final String pgUri;
  private final String clusterName = "it-" + UUID.randomUUID();
  private final ShopProcess database;
  private final Map<String, ShopProcess> nodes = new LinkedHashMap<>();
  private final List<String> commonOptions;

  private ClusterShop(Path workDir, int httpPort, ShopProcess database, String pgUri, List<String> commonOptions) {
    this.workDir = workDir;
    this.httpPort = httpPort;
    this.database = database;
    this.pgUri = pgUri;
    this.commonOptions = commonOptions;
  }

  /** Starts {@code bazaar db} and waits for the URI it prints. */
  static ClusterShop start(Path workDir, String... commonOptions) throws Exception {
    ShopProcess database = ShopProcess.start(workDir, "db", "--port", "0", "--data-dir", "db-data");
    String uri = awaitLine(database, "PostgreSQL is running: ").substring("PostgreSQL is running: ".length()).strip();
    return new ClusterShop(workDir, ShopProcess.freePort(), database, uri, List.of(commonOptions));
  }

  /** Starts a node with the given services and waits until it says it runs them, which is once they are bound. */
  ShopProcess node(String name, String services, String... options) throws Exception {
    // Each node its own Hazelcast port, never one a node that died or left had, so that an address in a log names one
    // node; and a port other than 5701 for most of them, as a user may give.
    int hazelcastPort = ClusterOptions.HAZELCAST_PORT + nodes.size();
    List<String> args = new ArrayList<>(List.of("--cluster", "--cluster-name", clusterName, "--services", services,
      "--pg-uri", pgUri, "--http-port", Integer.toString(httpPort), "--cluster-port", Integer.toString(hazelcastPort)));
    args.addAll(commonOptions);
    args.addAll(List.of(options));
    ShopProcess node = ShopProcess.start(workDir, args.toArray(String[]::new));
    nodes.put(name, node);
    awaitLine(node, "Bazaar is running: ");
    return node;
  }

  ShopProcess node(String name) {
    return nodes.get(name);
  }

  String token(String subject, String role) throws Exception {
    return ShopProcess.runToCompletion(workDir, "token", "--sub", subject, "--role", role);
  }

  // ---- orders over HTTP

  /** A product with plenty of stock, and its id. */
  String stockedProduct(String admin, int onHand) throws Exception {
    String draft = new JsonObject().put("sku", "CLUSTER-" + UUID.randomUUID()).put("name", "Cluster test")
      .put("category", "cluster").put("price", new JsonObject().put("value", 1000).put("currency", "EUR")).encode();
    HttpResponse<String> created = ShopProcess.postJson(httpPort, "/api/v1/products", admin, draft);
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    String id = new JsonObject(created.body()).getString("id");
    HttpResponse<String> stocked = HTTP.send(HttpRequest.newBuilder(uri("/api/v1/products/" + id + "/stock"))
      .header("Content-Type", "application/json").header("Authorization", "Bearer " + admin)
      .PUT(HttpRequest.BodyPublishers.ofString("{\"onHand\": " + onHand + "}")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(stocked.statusCode()).as(stocked.body()).isEqualTo(200);
    return id;
  }

  /** A payment method of the customer, from a card that pays. */
  String paymentMethod(String customer) throws Exception {
    String card = new JsonObject().put("number", "4242424242424242").put("expMonth", 12)
      .put("expYear", Year.now().getValue() + 2).put("cvc", "123").encode();
    HttpResponse<String> created = ShopProcess.postJson(httpPort, "/api/v1/payment-methods", customer, card);
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    return new JsonObject(created.body()).getString("id");
  }

  /**
   * Places {@code count} orders, {@code concurrency} at a time, each under its own key, and answers each order's
   * status code by key (0 when the request failed without an answer). {@code progress} counts the answers as they
   * come, for a test that acts midway.
   */
  CompletableFuture<Map<String, Integer>> placeOrders(int count, int concurrency, String customer, String productId,
                                                      String method, AtomicInteger progress) {
    Map<String, Integer> answers = new ConcurrentHashMap<>();
    Semaphore slots = new Semaphore(concurrency);
    return CompletableFuture.supplyAsync(() -> {
      List<CompletableFuture<?>> sent = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        slots.acquireUninterruptibly();
        String key = UUID.randomUUID().toString();
        sent.add(HTTP.sendAsync(order(customer, key, productId, method), HttpResponse.BodyHandlers.ofString())
          .orTimeout(60, TimeUnit.SECONDS)
          .whenComplete((response, failure) -> {
            answers.put(key, response == null ? 0 : response.statusCode());
            progress.incrementAndGet();
            slots.release();
          }));
      }
      CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).handle((done, failure) -> null).join();
      return answers;
    });
  }

  private HttpRequest order(String customer, String key, String productId, String method) {
    JsonObject body = new JsonObject()
      .put("lines", new JsonArray().add(new JsonObject().put("productId", productId).put("quantity", 1)))
      .put("shippingAddress", new JsonObject().put("name", "Cluster Test").put("line1", "1 Main St").put("city", "Berlin")
        .put("postalCode", "10115").put("country", "DE"))
      .put("payment", new JsonObject().put("paymentMethod", method));
    return HttpRequest.newBuilder(uri("/api/v1/orders"))
      .header("Content-Type", "application/json").header("Authorization", "Bearer " + customer)
      .header("Idempotency-Key", key)
      .POST(HttpRequest.BodyPublishers.ofString(body.encode())).build();
  }

  HttpResponse<String> get(String path) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(uri(path)).timeout(java.time.Duration.ofSeconds(20)).build(),
      HttpResponse.BodyHandlers.ofString());
  }

  private URI uri(String path) {
    return URI.create("http://localhost:" + httpPort + path);
  }

  // ---- what the tables say

  /** Waits until none of the customer's orders is midway, and answers their statuses by idempotency key. */
  Map<String, String> awaitAllFinal(String customer, int withinSeconds) throws Exception {
    Instant deadline = Instant.now().plusSeconds(withinSeconds);
    while (true) {
      Map<String, String> statuses = orderStatuses(customer);
      List<String> midway = statuses.values().stream().filter(UNFINISHED::contains).toList();
      if (midway.isEmpty()) {
        return statuses;
      }
      assertThat(Instant.now()).as("%d orders still midway: %s", midway.size(), midway).isBefore(deadline);
      TimeUnit.MILLISECONDS.sleep(250);
    }
  }

  Map<String, String> orderStatuses(String customer) throws SQLException {
    Map<String, String> statuses = new LinkedHashMap<>();
    query("SELECT k.key, o.status FROM orders.idempotency_key k JOIN orders.customer_order o ON o.id = k.order_id"
      + " WHERE o.customer_id = ?", rows -> statuses.put(rows.getString(1), rows.getString(2)), customer);
    return statuses;
  }

  /** The orders midway whose saga is leased by one of {@code instances}. */
  List<String> ordersMidwayLeasedBy(List<String> instances) throws SQLException {
    List<String> held = new ArrayList<>();
    query("SELECT id::text FROM orders.customer_order WHERE lease_owner = ANY (?) AND status = ANY (?)",
      rows -> held.add(rows.getString(1)), instances.toArray(String[]::new), UNFINISHED.toArray(String[]::new));
    return held;
  }

  /** How many orders are midway, by lease owner, for a failure message. */
  List<String> midwayByLeaseOwner() throws SQLException {
    List<String> owners = new ArrayList<>();
    query("SELECT coalesce(lease_owner, 'none') || ': ' || count(*) FROM orders.customer_order WHERE status = ANY (?)"
      + " GROUP BY lease_owner", rows -> owners.add(rows.getString(1)), (Object) UNFINISHED.toArray(String[]::new));
    return owners;
  }

  /** The orders with more than one event of {@code type} in the payment service's log. */
  List<String> ordersWithRepeatedPaymentEvent(String type) throws SQLException {
    List<String> repeated = new ArrayList<>();
    query("SELECT aggregate_id FROM payment.outbox WHERE type = ? GROUP BY aggregate_id HAVING count(*) > 1",
      rows -> repeated.add(rows.getString(1)), type);
    return repeated;
  }

  /** Every row the query answers, its columns joined, for a failure message. */
  List<String> rows(String sql) throws SQLException {
    List<String> rows = new ArrayList<>();
    query(sql, row -> {
      StringBuilder line = new StringBuilder();
      for (int i = 1; i <= row.getMetaData().getColumnCount(); i++) {
        line.append(i > 1 ? " | " : "").append(row.getString(i));
      }
      rows.add(line.toString());
    });
    return rows;
  }

  long scalar(String sql, Object... parameters) throws SQLException {
    long[] value = {0};
    query(sql, rows -> value[0] = rows.getLong(1), parameters);
    return value[0];
  }

  interface Row {
    void read(ResultSet rows) throws SQLException;
  }

  void query(String sql, Row row, Object... parameters) throws SQLException {
    try (Connection connection = DriverManager.getConnection(jdbcUrl(), "postgres", "");
         PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        statement.setObject(i + 1, parameters[i] instanceof String[] texts
          ? connection.createArrayOf("text", texts) : parameters[i]);
      }
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          row.read(rows);
        }
      }
    }
  }

  private String jdbcUrl() {
    return "jdbc:" + pgUri.replace("postgres@", "");
  }

  static String awaitLine(ShopProcess process, String prefix) throws Exception {
    Instant deadline = Instant.now().plusSeconds(90);
    while (Instant.now().isBefore(deadline)) {
      for (String line : Files.readAllLines(process.out)) {
        if (line.startsWith(prefix)) {
          return line;
        }
      }
      assertThat(process.process.isAlive()).as("the process exited early: %s", Files.readString(process.err)).isTrue();
      process.process.waitFor(100, TimeUnit.MILLISECONDS);
    }
    throw new AssertionError("no line starting '" + prefix + "' within 90 s: " + Files.readString(process.out));
  }

  @Override
  public void close() {
    nodes.values().forEach(ShopProcess::close);
    try {
      database.terminate();
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
    } finally {
      database.close();
    }
  }
}
