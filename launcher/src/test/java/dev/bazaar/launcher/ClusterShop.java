package dev.bazaar.launcher;

import dev.bazaar.platform.DatabaseConfig;
import io.vertx.pgclient.PgConnectOptions;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

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
  /** The shop's REST API, as a client reaches it through the web nodes. */
  final ShopClient client;
  final String pgUri;
  private final String clusterName = "it-" + UUID.randomUUID();
  private final ShopProcess database;
  private final Map<String, ShopProcess> nodes = new LinkedHashMap<>();
  private final List<String> commonOptions;

  private ClusterShop(Path workDir, int httpPort, ShopProcess database, String pgUri, List<String> commonOptions) {
    this.workDir = workDir;
    this.httpPort = httpPort;
    this.client = new ShopClient(httpPort);
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
      "--pg-uri", pgUri, "--cluster-port", Integer.toString(hazelcastPort)));
    if (Arrays.stream(options).noneMatch(option -> option.startsWith("--http-port"))) {
      args.addAll(List.of("--http-port", Integer.toString(httpPort))); // a second web node brings a port of its own
    }
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
    DatabaseConfig database = new DatabaseConfig(pgUri, 1);
    PgConnectOptions options = database.connectOptions();
    try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), options.getUser(), options.getPassword());
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
