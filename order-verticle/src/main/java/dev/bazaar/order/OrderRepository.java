package dev.bazaar.order;

import dev.bazaar.contracts.Address;
import dev.bazaar.contracts.Event;
import dev.bazaar.contracts.Money;
import dev.bazaar.contracts.order.Order;
import dev.bazaar.contracts.order.OrderEvents;
import dev.bazaar.contracts.order.OrderLine;
import dev.bazaar.contracts.order.OrderPage;
import dev.bazaar.contracts.order.OrderPayment;
import dev.bazaar.contracts.order.OrderStatus;
import dev.bazaar.contracts.order.OrderTransition;
import dev.bazaar.platform.Outbox;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
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
 * Every SQL statement of the order service, and nothing else. Each move of an order goes only from the statuses
 * {@link OrderStates} allows into its new one, a saga's only under its lease, and records the move in the order's
 * history; the moves that end somewhere a customer cares about write their event in the same transaction. Placing
 * costs two transactions, opening and ending, each sending its statements together rather than one after another.
 * Instants go to PostgreSQL as the text the order holds them in ({@code $n::text::timestamptz}): it reads ISO 8601
 * itself, and cheaper than java.time would parse it first.
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

  /** The statuses a saga's order may stand in; a saga ends or undoes no other. */
  private static final String[] PLACING = OrderStates.PLACING.stream().map(Enum::name).toArray(String[]::new);
  /** The statuses recovery looks among. */
  private static final String[] UNFINISHED = OrderStates.UNFINISHED.stream().map(Enum::name).toArray(String[]::new);

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
   * Opens the PENDING order, leased to this instance, under the customer's key, in one transaction with its lines, its
   * first history entry and its PLACED event, sent together rather than one after the other. It commits only once
   * {@code admitted} succeeds (the payment method is the customer's), so a request refused there leaves nothing behind.
   * When the key was used before, nothing is written: the key as it stands.
   */
  public Future<Key> open(Order pending, String key, String fingerprint, Future<Void> admitted) {
    UUID orderId = UUID.fromString(pending.getId());
    String customerId = pending.getCustomerId();
    Address to = pending.getShippingAddress();
    return pool.withTransaction(tx -> {
        Future<RowSet<Row>> claimed = tx.preparedQuery("""
            INSERT INTO orders.idempotency_key (customer_id, key, fingerprint, order_id) VALUES ($1, $2, $3, $4)
            ON CONFLICT (customer_id, key) DO NOTHING""")
          .execute(Tuple.of(customerId, key, fingerprint, orderId));
        Future<?> order = tx.preparedQuery("""
            INSERT INTO orders.customer_order (id, customer_id, status, ship_name, ship_line1, ship_line2, ship_city,
                                               ship_postal_code, ship_country, payment_method_id, lease_owner, lease_until,
                                               created_at, updated_at)
            VALUES ($1, $2, 'PENDING', $3, $4, $5, $6, $7, $8, $9, $10, now() + make_interval(secs => $11), $12::text::timestamptz,
                    $12::text::timestamptz)""")
          .execute(Tuple.from(Arrays.asList(orderId, customerId, to.getName(), to.getLine1(), to.getLine2(), to.getCity(),
            to.getPostalCode(), to.getCountry(), pending.getPayment().getPaymentMethodId(), owner, seconds(lease), pending.getCreatedAt())));
        Future<?> lines = tx.preparedQuery("INSERT INTO orders.order_line (order_id, product_id, quantity) VALUES ($1, $2, $3)")
          .executeBatch(pending.getLines().stream()
            .map(line -> Tuple.of(orderId, UUID.fromString(line.getProductId()), line.getQuantity())).toList());
        Future<?> history = record(tx, orderId, pending.getHistory());
        Future<?> announced = announce(tx, pending);
        return Future.all(List.of(claimed, order, lines, history, announced, admitted))
          .compose(written -> claimed.result().rowCount() == 1
            ? Future.succeededFuture(new Key(fingerprint, orderId, null, true))
            : Future.failedFuture(new KeyTaken()));
      })
      .recover(failure -> failure instanceof KeyTaken ? findKey(customerId, key) : Future.failedFuture(failure));
  }

  /** The key was claimed before: the transaction that found it is rolled back, and the key read as it stands. */
  private static final class KeyTaken extends RuntimeException {

    KeyTaken() {
      super("The idempotency key was used before", null, false, false);
    }
  }

  public Future<Key> findKey(String customerId, String key) {
    return findKey(pool, customerId, key);
  }

  private static Future<Key> findKey(SqlClient client, String customerId, String key) {
    return client.preparedQuery("SELECT fingerprint, order_id, outcome FROM orders.idempotency_key WHERE customer_id = $1 AND key = $2")
      .execute(Tuple.of(customerId, key))
      .map(rows -> rows.size() == 0 ? null : toKey(rows.iterator().next()));
  }

  /**
   * Stores, before the first thing is undone, that the order is being undone to {@code to} and what placing it will
   * answer, with the history entries of the steps taken so far, {@code unrecorded}, which the undo undoes; false when
   * the lease was taken over, and the order is no longer this driver's to undo.
   */
  public Future<Boolean> undoing(Lease held, OrderStatus to, JsonObject failure, List<OrderTransition> unrecorded) {
    return pool.withTransaction(tx -> {
        Future<RowSet<Row>> decided = tx.preparedQuery("""
            UPDATE orders.customer_order SET undo_to = $3, undo_failure = $4, updated_at = now(),
                                             lease_until = now() + make_interval(secs => $5)
             WHERE id = $1 AND lease_epoch = $2 AND status = ANY($6)""")
          .execute(Tuple.of(held.orderId(), held.epoch(), to.name(), failure, seconds(lease), (Object) PLACING));
        Future<Void> history = record(tx, held.orderId(), unrecorded);
        return Future.all(decided, history)
          .compose(written -> decided.result().rowCount() == 1 ? Future.succeededFuture(true) : Future.failedFuture(new LeaseLost()));
      })
      .recover(lost -> lost instanceof LeaseLost ? Future.succeededFuture(false) : Future.failedFuture(lost));
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

  /**
   * Ends a saga's order, only under its lease, as {@code ended} holds it in memory: its status and reason, what each
   * step learned (the lines' prices, the totals, the card shown, the tracking number), and the history entries the
   * steps made since the order was stored, {@code unrecorded}. It lets go of the lease, keeps {@code outcome} under
   * the order's key as what placing answered, and announces the end, all in one transaction whose statements are sent
   * together. Null when the lease was taken over: the order is then the new holder's to end.
   */
  public Future<Order> end(Lease held, Order ended, List<OrderTransition> unrecorded, JsonObject outcome) {
    UUID orderId = held.orderId();
    Money subtotal = ended.getItemsSubtotal();
    return pool.withTransaction(tx -> {
        Future<RowSet<Row>> moved = tx.preparedQuery("""
            UPDATE orders.customer_order
               SET status = $3, reason = $4, currency = $5, items_subtotal = $6, shipping = $7, total = $8,
                   weight_grams = $9, payment_brand = $10, payment_last4 = $11, tracking_number = $12,
                   updated_at = $13::text::timestamptz,
                   lease_owner = NULL, lease_until = NULL, undo_to = NULL, undo_failure = NULL
             WHERE id = $1 AND lease_epoch = $2 AND status = ANY($14)""")
          .execute(Tuple.from(Arrays.asList(orderId, held.epoch(), ended.getStatus().name(), ended.getReason(),
            subtotal == null ? null : subtotal.getCurrency(), value(subtotal), value(ended.getShipping()),
            value(ended.getTotal()), ended.getWeightGrams(), ended.getPayment().getBrand(), ended.getPayment().getLast4(),
            ended.getTrackingNumber(), ended.getUpdatedAt(), PLACING)));
        List<Tuple> prices = ended.getLines().stream().filter(line -> line.getUnitPrice() != null)
          .map(line -> Tuple.of(orderId, UUID.fromString(line.getProductId()), line.getUnitPrice().getValue(), line.getName()))
          .toList();
        Future<?> priced = prices.isEmpty() ? Future.succeededFuture() : tx.preparedQuery(
            "UPDATE orders.order_line SET unit_price_value = $3, product_name = $4 WHERE order_id = $1 AND product_id = $2")
          .executeBatch(prices);
        Future<?> history = record(tx, orderId, unrecorded);
        Future<?> answered = tx.preparedQuery(
            "UPDATE orders.idempotency_key SET outcome = $2 WHERE order_id = $1 AND outcome IS NULL")
          .execute(Tuple.of(orderId, outcome));
        Future<?> announced = announce(tx, ended);
        return Future.all(List.of(moved, priced, history, answered, announced))
          .compose(written -> moved.result().rowCount() == 1 ? Future.succeededFuture(ended) : Future.failedFuture(new LeaseLost()));
      })
      .recover(failure -> failure instanceof LeaseLost ? Future.succeededFuture() : Future.failedFuture(failure));
  }

  /** The order's lease was taken over: the transaction that found it is rolled back. */
  private static final class LeaseLost extends RuntimeException {

    LeaseLost() {
      super("The order's lease was taken over", null, false, false);
    }
  }

  /**
   * Ends the order in {@code to}, from {@code from}, with its reason, lets go of its lease, and keeps what ending it
   * answered under its idempotency key; null when the order was not in {@code from}. Cancelling, which takes no
   * lease, ends orders this way.
   */
  public Future<Order> end(UUID orderId, OrderStatus from, OrderStatus to, String reason, JsonObject failure) {
    return pool.withTransaction(tx -> tx.preparedQuery("""
          UPDATE orders.customer_order SET status = $3, reason = $4, updated_at = now(), lease_owner = NULL,
                                           lease_until = NULL, undo_to = NULL, undo_failure = NULL
           WHERE id = $1 AND status = $2""")
      .execute(Tuple.of(orderId, from.name(), to.name(), reason))
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
           WHERE id = $1 AND status = ANY($4)""")
      .execute(Tuple.of(orderId, refundedTotal, to.name(), (Object) OrderStates.into(OrderStatus.REFUNDED)))
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
           WHERE status = ANY($2) AND (lease_until IS NULL OR lease_until < now())
           ORDER BY lease_until NULLS FIRST LIMIT $1
             FOR UPDATE SKIP LOCKED""")
      .execute(Tuple.of(limit, (Object) UNFINISHED))
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
    return tx.preparedQuery("INSERT INTO orders.order_history (order_id, status, reason) VALUES ($1, $2, $3)")
      .execute(Tuple.of(orderId, status.name(), reason))
      .compose(done -> find(tx, orderId))
      .compose(order -> announce(tx, order).map(order));
  }

  /** Records the history entries, at the times they were made. */
  private static Future<Void> record(SqlClient tx, UUID orderId, List<OrderTransition> entries) {
    if (entries.isEmpty()) {
      return Future.succeededFuture();
    }
    return tx.preparedQuery("INSERT INTO orders.order_history (order_id, status, reason, at) VALUES ($1, $2, $3, $4::text::timestamptz)")
      .executeBatch(entries.stream()
        .map(entry -> Tuple.of(orderId, entry.getStatus().name(), entry.getReason(), entry.getAt())).toList())
      .mapEmpty();
  }

  /** Writes the event that announces the order's status, if customers care about that status. */
  private Future<Void> announce(SqlClient tx, Order order) {
    return OrderStates.announcing(order.getStatus())
      .map(type -> outbox.write(tx, type, order.getId(), order.toJson()))
      .orElse(Future.succeededFuture());
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

  private static Long value(Money money) {
    return money == null ? null : money.getValue();
  }
}
