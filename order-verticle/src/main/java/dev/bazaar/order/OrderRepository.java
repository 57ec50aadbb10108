package dev.bazaar.order;

import dev.bazaar.contracts.Address;
import dev.bazaar.contracts.Event;
import dev.bazaar.contracts.Money;
import dev.bazaar.contracts.catalog.ReservationLine;
import dev.bazaar.contracts.order.Order;
import dev.bazaar.contracts.order.OrderEvents;
import dev.bazaar.contracts.order.OrderLine;
import dev.bazaar.contracts.order.OrderPage;
import dev.bazaar.contracts.order.OrderPayment;
import dev.bazaar.contracts.order.OrderRequest;
import dev.bazaar.contracts.order.OrderStatus;
import dev.bazaar.contracts.order.OrderTransition;
import dev.bazaar.platform.Outbox;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.StreamSupport;

/**
 * Every SQL statement of the order service, and nothing else. Each step of an order moves its status only from the
 * status it expects, renews the lease of the instance driving it, and records the move in the order's history; the
 * moves that end somewhere a customer cares about write their event in the same transaction.
 */
public class OrderRepository {

  /** A key a customer placed an order under: the request it stood for, the order, and what placing answered. */
  record Key(String fingerprint, UUID orderId, JsonObject outcome, boolean fresh) {
  }

  /**
   * The right to drive one order's saga: its id and the generation of its lease. A takeover starts a new generation,
   * and every store of a step checks it, so of two drivers of the same order only the newest can move it.
   */
  record Lease(UUID orderId, long epoch) {

    /** The lease an order is opened under, before anyone took it over. */
    static Lease opened(UUID orderId) {
      return new Lease(orderId, 0);
    }
  }

  /**
   * An order recovery took over: the lease it holds now and, if an undo had begun, the end it was taking the order to
   * and what placing will answer; both null otherwise.
   */
  record Stalled(Lease lease, OrderStatus undoTo, JsonObject undoFailure) {
  }

  private static final String ORDER_COLUMNS = """
    id, customer_id, status, currency, items_subtotal, shipping, total, refunded, weight_grams, ship_name, ship_line1,
    ship_line2, ship_city, ship_postal_code, ship_country, payment_method_id, payment_brand, payment_last4,
    tracking_number, reason, created_at, updated_at""";

  /** Which status is announced by which event; the steps in between are in the history only. */
  private static final Map<OrderStatus, String> EVENTS = Map.of(
    OrderStatus.PENDING, OrderEvents.PLACED,
    OrderStatus.CONFIRMED, OrderEvents.CONFIRMED,
    OrderStatus.REJECTED, OrderEvents.REJECTED,
    OrderStatus.PAYMENT_DECLINED, OrderEvents.PAYMENT_DECLINED,
    OrderStatus.FAILED, OrderEvents.FAILED,
    OrderStatus.CANCELLED, OrderEvents.CANCELLED,
    OrderStatus.SHIPPED, OrderEvents.SHIPPED,
    OrderStatus.DELIVERED, OrderEvents.DELIVERED);

  private final Pool pool;
  private final Outbox outbox;
  private final String owner;
  private final Duration lease;

  /** {@code owner} names this instance in the leases it takes; a lease lasts {@code lease} from each step. */
  public OrderRepository(Pool pool, Outbox outbox, String owner, Duration lease) {
    this.pool = pool;
    this.outbox = outbox;
    this.owner = owner;
    this.lease = lease;
  }

  public Future<Void> ping() {
    return pool.query("SELECT 1").execute().mapEmpty();
  }

  // ---- placing

  /**
   * Opens a PENDING order under the customer's key, leased to this instance, unless the key was used before: then the
   * key as it stands, and nothing is written.
   */
  public Future<Key> open(UUID orderId, String customerId, String key, String fingerprint, OrderRequest request) {
    return pool.withTransaction(tx -> tx.preparedQuery("""
          INSERT INTO orders.idempotency_key (customer_id, key, fingerprint, order_id) VALUES ($1, $2, $3, $4)
          ON CONFLICT (customer_id, key) DO NOTHING""")
      .execute(Tuple.of(customerId, key, fingerprint, orderId))
      .compose(claimed -> claimed.rowCount() == 0
        ? findKey(tx, customerId, key)
        : insertOrder(tx, orderId, customerId, request).map(new Key(fingerprint, orderId, null, true))));
  }

  public Future<Key> findKey(String customerId, String key) {
    return findKey(pool, customerId, key);
  }

  private static Future<Key> findKey(SqlClient client, String customerId, String key) {
    return client.preparedQuery("SELECT fingerprint, order_id, outcome FROM orders.idempotency_key WHERE customer_id = $1 AND key = $2")
      .execute(Tuple.of(customerId, key))
      .map(rows -> rows.size() == 0 ? null : toKey(rows.iterator().next()));
  }

  private Future<Void> insertOrder(SqlClient tx, UUID orderId, String customerId, OrderRequest request) {
    Address to = request.getShippingAddress();
    List<Tuple> lines = request.getLines().stream().map(line -> Tuple.of(orderId, UUID.fromString(line.getProductId()),
      line.getQuantity())).toList();
    return tx.preparedQuery("""
          INSERT INTO orders.customer_order (id, customer_id, status, ship_name, ship_line1, ship_line2, ship_city,
                                             ship_postal_code, ship_country, payment_method_id, lease_owner, lease_until)
          VALUES ($1, $2, 'PENDING', $3, $4, $5, $6, $7, $8, $9, $10, now() + make_interval(secs => $11))""")
      .execute(Tuple.from(Arrays.asList(orderId, customerId, to.getName(), to.getLine1(), to.getLine2(), to.getCity(),
        to.getPostalCode(), to.getCountry(), request.getPaymentMethodId(), owner, seconds(lease))))
      .compose(inserted -> tx.preparedQuery("INSERT INTO orders.order_line (order_id, product_id, quantity) VALUES ($1, $2, $3)")
        .executeBatch(lines))
      .compose(inserted -> recorded(tx, orderId, OrderStatus.PENDING, null))
      .mapEmpty();
  }

  /**
   * STOCK_RESERVED, with each line's price and the weight of the whole, as the catalog held them, and their subtotal,
   * whose currency is the order's.
   */
  public Future<Order> stockReserved(Lease held, List<ReservationLine> lines, Money subtotal) {
    UUID orderId = held.orderId();
    int weight = lines.stream().mapToInt(line -> line.getWeightGrams() * line.getQuantity()).sum();
    List<Tuple> prices = lines.stream().map(line -> Tuple.of(orderId, UUID.fromString(line.getProductId()),
      line.getUnitPrice().getValue(), line.getName())).toList();
    return pool.withTransaction(tx -> tx.preparedQuery(
          "UPDATE orders.order_line SET unit_price_value = $3, product_name = $4 WHERE order_id = $1 AND product_id = $2")
      .executeBatch(prices)
      .compose(priced -> step(tx, held, OrderStatus.STOCK_RESERVED, """
          UPDATE orders.customer_order
             SET status = 'STOCK_RESERVED', currency = $5, items_subtotal = $6, weight_grams = $7, updated_at = now(),
                 lease_owner = $3, lease_until = now() + make_interval(secs => $4)
           WHERE id = $1 AND lease_epoch = $2 AND status = 'PENDING'""", subtotal.getCurrency(), subtotal.getValue(), weight)));
  }

  /** PRICED: shipping is known, and so is the total the customer pays. */
  public Future<Order> priced(Lease held, Money shipping, Money total) {
    return pool.withTransaction(tx -> step(tx, held, OrderStatus.PRICED, """
        UPDATE orders.customer_order SET status = 'PRICED', shipping = $5, total = $6, updated_at = now(),
                                         lease_owner = $3, lease_until = now() + make_interval(secs => $4)
         WHERE id = $1 AND lease_epoch = $2 AND status = 'STOCK_RESERVED'""", shipping.getValue(), total.getValue()));
  }

  /** PAYMENT_AUTHORIZED, with what may be shown of the card. */
  public Future<Order> paymentAuthorized(Lease held, String brand, String last4) {
    return pool.withTransaction(tx -> step(tx, held, OrderStatus.PAYMENT_AUTHORIZED, """
        UPDATE orders.customer_order SET status = 'PAYMENT_AUTHORIZED', payment_brand = $5, payment_last4 = $6,
                                         updated_at = now(), lease_owner = $3,
                                         lease_until = now() + make_interval(secs => $4)
         WHERE id = $1 AND lease_epoch = $2 AND status = 'PRICED'""", brand, last4));
  }

  /** SHIPMENT_CREATED, with the parcel's tracking number. */
  public Future<Order> shipmentCreated(Lease held, String trackingNumber) {
    return pool.withTransaction(tx -> step(tx, held, OrderStatus.SHIPMENT_CREATED, """
        UPDATE orders.customer_order SET status = 'SHIPMENT_CREATED', tracking_number = $5, updated_at = now(),
                                         lease_owner = $3, lease_until = now() + make_interval(secs => $4)
         WHERE id = $1 AND lease_epoch = $2 AND status = 'PAYMENT_AUTHORIZED'""", trackingNumber));
  }

  /**
   * Runs one step's statement, which moves the order on only from the status it expects and only under the lease's
   * generation ($1 the order, $2 the generation), and in the same update renews the lease to this instance ($3, for
   * $4 seconds); the step's own values follow from $5. Then records the step. Null when the order was elsewhere, or
   * its lease was taken over: from then on it is the new holder's to drive.
   */
  private Future<Order> step(SqlClient tx, Lease held, OrderStatus to, String statement, Object... values) {
    Tuple parameters = Tuple.of(held.orderId(), held.epoch(), owner, seconds(lease));
    for (Object value : values) {
      parameters.addValue(value);
    }
    return tx.preparedQuery(statement).execute(parameters)
      .compose(moved -> moved.rowCount() == 0 ? Future.succeededFuture() : recorded(tx, held.orderId(), to, null));
  }

  /**
   * Stores, before the first thing is undone, that the order, now in {@code from}, is being undone to {@code to} and
   * what placing it will answer; false when the lease was taken over, and the order is no longer this driver's to undo.
   */
  public Future<Boolean> undoing(Lease held, OrderStatus from, OrderStatus to, JsonObject failure) {
    return pool.preparedQuery("""
        UPDATE orders.customer_order SET undo_to = $4, undo_failure = $5, updated_at = now(),
                                         lease_until = now() + make_interval(secs => $6)
         WHERE id = $1 AND lease_epoch = $2 AND status = $3""")
      .execute(Tuple.of(held.orderId(), held.epoch(), from.name(), to.name(), failure, seconds(lease)))
      .map(claimed -> claimed.rowCount() == 1);
  }

  /**
   * Renews the leases of sagas this instance is still driving, so that a step that is merely slow is not taken for a
   * driver that died. A lease taken over meanwhile is left alone: its generation has moved on.
   */
  public Future<Void> renew(List<Lease> held) {
    if (held.isEmpty()) {
      return Future.succeededFuture();
    }
    return pool.preparedQuery("""
        UPDATE orders.customer_order o SET lease_until = now() + make_interval(secs => $3)
          FROM unnest($1::uuid[], $2::bigint[]) AS live (id, epoch)
         WHERE o.id = live.id AND o.lease_epoch = live.epoch AND o.lease_until IS NOT NULL""")
      .execute(Tuple.of(held.stream().map(Lease::orderId).toArray(UUID[]::new),
        held.stream().map(Lease::epoch).toArray(Long[]::new), seconds(lease)))
      .mapEmpty();
  }

  /** Ends a saga's order, as {@link #end(UUID, OrderStatus, OrderStatus, String, JsonObject)}, only under its lease. */
  public Future<Order> end(Lease held, OrderStatus from, OrderStatus to, String reason, JsonObject failure) {
    return end(held.orderId(), held.epoch(), from, to, reason, failure);
  }

  /**
   * Ends the order in {@code to}, from {@code from}, with its reason, lets go of its lease, and keeps what placing it
   * answered under its idempotency key; null when the order was not in {@code from}.
   */
  public Future<Order> end(UUID orderId, OrderStatus from, OrderStatus to, String reason, JsonObject failure) {
    return end(orderId, null, from, to, reason, failure);
  }

  /** A null {@code epoch} ends the order whoever holds its lease: cancelling, which takes no lease, does that. */
  private Future<Order> end(UUID orderId, Long epoch, OrderStatus from, OrderStatus to, String reason, JsonObject failure) {
    return pool.withTransaction(tx -> tx.preparedQuery("""
          UPDATE orders.customer_order SET status = $3, reason = $4, updated_at = now(), lease_owner = NULL,
                                           lease_until = NULL, undo_to = NULL, undo_failure = NULL
           WHERE id = $1 AND status = $2 AND ($5::bigint IS NULL OR lease_epoch = $5)""")
      .execute(Tuple.of(orderId, from.name(), to.name(), reason, epoch))
      .compose(moved -> moved.rowCount() == 0 ? Future.succeededFuture() : recorded(tx, orderId, to, reason)
        .compose(ended -> tx.preparedQuery("UPDATE orders.idempotency_key SET outcome = $2 WHERE order_id = $1 AND outcome IS NULL")
          .execute(Tuple.of(orderId, failure != null ? failure : new JsonObject().put("order", ended.toJson())))
          .map(ended))));
  }

  // ---- after placing

  /** Moves an order on its own status table, such as CONFIRMED to CANCELLING, or the parcel's SHIPPED; null if it was elsewhere. */
  public Future<Order> move(UUID orderId, Collection<OrderStatus> from, OrderStatus to, String reason) {
    return pool.withTransaction(tx -> move(tx, orderId, from, to, reason));
  }

  public Future<Order> move(SqlClient tx, UUID orderId, Collection<OrderStatus> from, OrderStatus to, String reason) {
    return tx.preparedQuery("""
          UPDATE orders.customer_order SET status = $3, updated_at = now() WHERE id = $1 AND status = ANY($2)""")
      .execute(Tuple.of(orderId, from.stream().map(Enum::name).toArray(String[]::new), to.name()))
      .compose(moved -> moved.rowCount() == 0 ? Future.succeededFuture() : recorded(tx, orderId, to, reason));
  }

  /** Records what the payment says is refunded now, and the status that follows; announced as a refund. */
  public Future<Order> refunded(UUID orderId, long refundedTotal, OrderStatus to) {
    return pool.withTransaction(tx -> tx.preparedQuery("""
          UPDATE orders.customer_order SET refunded = $2, status = $3, updated_at = now()
           WHERE id = $1 AND status IN ('DELIVERED', 'REFUNDED')""")
      .execute(Tuple.of(orderId, refundedTotal, to.name()))
      .compose(updated -> tx.preparedQuery("INSERT INTO orders.order_history (order_id, status, reason) VALUES ($1, $2, $3)")
        .execute(Tuple.of(orderId, to.name(), "Refunded " + refundedTotal + " minor units in all.")))
      .compose(recorded -> find(tx, orderId))
      .compose(order -> outbox.write(tx, OrderEvents.REFUNDED, orderId.toString(), order.toJson()).map(order)));
  }

  // ---- recovery

  /**
   * Takes the lease of up to {@code limit} orders whose saga stopped midway and whose lease ran out, under a new
   * generation, so that this instance drives them to an end and whoever drove them before can store nothing more;
   * two instances never take the same order. The orders {@code driving} says this instance is driving are left alone
   * whatever their lease says: they are only too slow for a renewal to have come in time. It is asked once the rows
   * are found and locked, not when the statement is sent, since the statement may wait behind a busy pool meanwhile.
   */
  public Future<List<Stalled>> takeOverStalled(int limit, Predicate<UUID> driving) {
    return pool.withTransaction(tx -> tx.preparedQuery("""
          SELECT id FROM orders.customer_order
           WHERE status IN ('PENDING', 'STOCK_RESERVED', 'PRICED', 'PAYMENT_AUTHORIZED', 'SHIPMENT_CREATED', 'CANCELLING')
             AND (lease_until IS NULL OR lease_until < now())
           ORDER BY lease_until NULLS FIRST LIMIT $1
             FOR UPDATE SKIP LOCKED""")
      .execute(Tuple.of(limit))
      .map(rows -> StreamSupport.stream(rows.spliterator(), false).map(row -> row.getUUID("id")).filter(driving.negate())
        .toArray(UUID[]::new))
      .compose(stalled -> tx.preparedQuery("""
          UPDATE orders.customer_order SET lease_owner = $2, lease_until = now() + make_interval(secs => $3),
                                           lease_epoch = lease_epoch + 1
           WHERE id = ANY ($1)
          RETURNING id, lease_epoch, undo_to, undo_failure""")
        .execute(Tuple.of(stalled, owner, seconds(lease))))
      .map(rows -> StreamSupport.stream(rows.spliterator(), false).map(OrderRepository::toStalled).toList()));
  }

  /** Forgets idempotency keys older than the retention, once placing under them has ended. */
  public Future<Void> forgetKeys(Duration retention) {
    return pool.preparedQuery("""
        DELETE FROM orders.idempotency_key WHERE outcome IS NOT NULL AND created_at < now() - make_interval(secs => $1)""")
      .execute(Tuple.of(seconds(retention)))
      .mapEmpty();
  }

  // ---- reading

  /** The order with its lines and history, or null. */
  public Future<Order> find(UUID orderId) {
    return find(pool, orderId);
  }

  private static Future<Order> find(SqlClient client, UUID orderId) {
    return client.preparedQuery("SELECT " + ORDER_COLUMNS + " FROM orders.customer_order WHERE id = $1")
      .execute(Tuple.of(orderId))
      .compose(rows -> complete(client, rows))
      .map(orders -> orders.isEmpty() ? null : orders.get(0));
  }

  /** One page of orders, newest first: a customer's own, or, with a null customer, everyone's, optionally of one status. */
  public Future<OrderPage> page(String customerId, OrderStatus status, int page, int size) {
    Tuple filters = Tuple.of(customerId, status == null ? null : status.name());
    String where = " WHERE ($1::text IS NULL OR customer_id = $1) AND ($2::text IS NULL OR status = $2)";
    return pool.preparedQuery("SELECT " + ORDER_COLUMNS + " FROM orders.customer_order" + where
        + " ORDER BY created_at DESC, id LIMIT $3 OFFSET $4")
      .execute(Tuple.of(customerId, status == null ? null : status.name(), size, (page - 1L) * size))
      .compose(rows -> complete(pool, rows))
      .compose(items -> pool.preparedQuery("SELECT count(*) FROM orders.customer_order" + where).execute(filters)
        .map(count -> new OrderPage().setItems(items).setPage(page).setSize(size)
          .setTotal(count.iterator().next().getLong(0))));
  }

  /** Orders from their rows, with the lines and history of all of them read in two statements. */
  private static Future<List<Order>> complete(SqlClient client, Iterable<Row> rows) {
    Map<UUID, Order> orders = new LinkedHashMap<>();
    rows.forEach(row -> orders.put(row.getUUID("id"), toOrder(row)));
    if (orders.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    Tuple ids = Tuple.of(orders.keySet().toArray(UUID[]::new));
    return client.preparedQuery(
          "SELECT order_id, product_id, product_name, quantity, unit_price_value FROM orders.order_line WHERE order_id = ANY($1) ORDER BY product_id")
      .execute(ids)
      .compose(lines -> {
        lines.forEach(line -> orders.get(line.getUUID("order_id")).getLines().add(toLine(line, orders.get(line.getUUID("order_id")))));
        return client.preparedQuery(
            "SELECT order_id, status, reason, at FROM orders.order_history WHERE order_id = ANY($1) ORDER BY seq").execute(ids);
      })
      .map(history -> {
        history.forEach(step -> orders.get(step.getUUID("order_id")).getHistory().add(new OrderTransition()
          .setStatus(OrderStatus.valueOf(step.getString("status")))
          .setReason(step.getString("reason"))
          .setAt(instant(step.getOffsetDateTime("at")))));
        return List.copyOf(orders.values());
      });
  }

  public Future<List<Event>> events(long afterPosition, int limit) {
    return outbox.read(pool, afterPosition, limit);
  }

  // ---- history and events

  /**
   * Records that the order reached {@code status}, and announces it when customers care about that status; the order
   * as it now is.
   */
  private Future<Order> recorded(SqlClient tx, UUID orderId, OrderStatus status, String reason) {
    String type = EVENTS.get(status);
    return tx.preparedQuery("INSERT INTO orders.order_history (order_id, status, reason) VALUES ($1, $2, $3)")
      .execute(Tuple.of(orderId, status.name(), reason))
      .compose(done -> find(tx, orderId))
      .compose(order -> type == null ? Future.succeededFuture(order)
        : outbox.write(tx, type, orderId.toString(), order.toJson()).map(order));
  }

  // ---- mapping

  private static Order toOrder(Row row) {
    String currency = row.getString("currency");
    Order order = new Order()
      .setId(row.getUUID("id").toString())
      .setCustomerId(row.getString("customer_id"))
      .setStatus(OrderStatus.valueOf(row.getString("status")))
      .setItemsSubtotal(money(row.getLong("items_subtotal"), currency))
      .setShipping(money(row.getLong("shipping"), currency))
      .setTotal(money(row.getLong("total"), currency))
      .setRefunded(row.getLong("refunded") == 0 ? null : money(row.getLong("refunded"), currency))
      .setWeightGrams(row.getInteger("weight_grams"))
      .setShippingAddress(new Address()
        .setName(row.getString("ship_name"))
        .setLine1(row.getString("ship_line1"))
        .setLine2(row.getString("ship_line2"))
        .setCity(row.getString("ship_city"))
        .setPostalCode(row.getString("ship_postal_code"))
        .setCountry(row.getString("ship_country")))
      .setPayment(new OrderPayment()
        .setPaymentMethodId(row.getString("payment_method_id"))
        .setBrand(row.getString("payment_brand"))
        .setLast4(row.getString("payment_last4")))
      .setTrackingNumber(row.getString("tracking_number"))
      .setReason(row.getString("reason"))
      .setCreatedAt(instant(row.getOffsetDateTime("created_at")))
      .setUpdatedAt(instant(row.getOffsetDateTime("updated_at")));
    order.setLines(new ArrayList<>());
    order.setHistory(new ArrayList<>());
    return order;
  }

  private static OrderLine toLine(Row row, Order order) {
    Long unitPrice = row.getLong("unit_price_value");
    String currency = order.getItemsSubtotal() == null ? null : order.getItemsSubtotal().getCurrency();
    int quantity = row.getInteger("quantity");
    return new OrderLine()
      .setProductId(row.getUUID("product_id").toString())
      .setName(row.getString("product_name"))
      .setQuantity(quantity)
      .setUnitPrice(money(unitPrice, currency))
      .setLineTotal(unitPrice == null ? null : money(unitPrice * quantity, currency));
  }

  private static Stalled toStalled(Row row) {
    String undoTo = row.getString("undo_to");
    return new Stalled(new Lease(row.getUUID("id"), row.getLong("lease_epoch")),
      undoTo == null ? null : OrderStatus.valueOf(undoTo), (JsonObject) row.getValue("undo_failure"));
  }

  private static Key toKey(Row row) {
    return new Key(row.getString("fingerprint"), row.getUUID("order_id"), (JsonObject) row.getValue("outcome"), false);
  }

  private static Money money(Long value, String currency) {
    return value == null ? null : new Money(value, currency);
  }

  private static double seconds(Duration duration) {
    return duration.toMillis() / 1000.0;
  }

  private static String instant(OffsetDateTime time) {
    return time.toInstant().toString();
  }

  /** What the order asks the catalog to hold: each line's product and quantity. */
  static List<ReservationLine> reservationLines(Order order) {
    return order.getLines().stream().map(line -> new ReservationLine(line.getProductId(), line.getQuantity())).toList();
  }
}
