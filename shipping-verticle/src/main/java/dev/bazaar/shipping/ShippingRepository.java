package dev.bazaar.shipping;

import dev.bazaar.contracts.Address;
import dev.bazaar.contracts.Event;
import dev.bazaar.contracts.shipping.Shipment;
import dev.bazaar.contracts.shipping.ShipmentMove;
import dev.bazaar.contracts.shipping.ShipmentStatus;
import dev.bazaar.contracts.shipping.ShippingEvents;
import dev.bazaar.contracts.shipping.ShippingZone;
import dev.bazaar.platform.ForbiddenKeys;
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
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Every SQL statement of shipping, and nothing else. Each move of a shipment is one statement that changes its status
 * and records the move, and the move's event goes to the outbox in the same transaction.
 */
public class ShippingRepository {

  /** A move a shipment is about to make: into which status, where the parcel is then, and how long it stays there. */
  record Move(ShipmentStatus status, String place, Duration stay) {

    /** Milliseconds until the carrier moves it on; null when it never will, which leaves no due time. */
    Long stayMillis() {
      return stay == null ? null : stay.toMillis();
    }
  }

  /** Every band of the rate table; read once, at start (see {@link RateTable}). */
  private static final String RATES = "SELECT zone, max_grams, price_value FROM shipping.rate";

  private static final String EU_COUNTRIES = "SELECT country FROM shipping.eu_country";

  /** Orders whose shipment was cancelled before it was created: none may be created for them. */
  private static final ForbiddenKeys SHIPMENT_FORBIDDEN = new ForbiddenKeys("shipping.shipment_forbidden", "shipping.shipment");

  private static final String SHIPMENT_COLUMNS = """
    order_id, tracking_number, status, recipient, line1, line2, city, postal_code, country, weight_grams, created_at""";

  /**
   * Creates the shipment with its first move, unless the order has one already or its shipment was cancelled before
   * it was created: then it returns no row.
   */
  private static final String INSERT_SHIPMENT = """
    WITH s AS (
      INSERT INTO shipping.shipment (order_id, tracking_number, status, recipient, line1, line2, city, postal_code,
                                     country, weight_grams, next_move_at)
      SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, now() + $12::bigint * interval '1 millisecond'
       WHERE NOT EXISTS (SELECT 1 FROM shipping.shipment_forbidden WHERE order_id = $1)
      ON CONFLICT (order_id) DO NOTHING
      RETURNING order_id, status),
    m AS (
      INSERT INTO shipping.shipment_move (order_id, status, place) SELECT order_id, status, $11 FROM s
      RETURNING moved_at)
    SELECT moved_at FROM m""";

  /** Moves the shipment if it is in one of the given statuses ($5), and records the move; no row when it was not. */
  private static final String MOVE = """
    WITH s AS (
      UPDATE shipping.shipment
         SET status = $2, next_move_at = now() + $4::bigint * interval '1 millisecond', updated_at = now()
       WHERE order_id = $1 AND status = ANY($5)
      RETURNING order_id, tracking_number),
    m AS (
      INSERT INTO shipping.shipment_move (order_id, status, place) SELECT order_id, $2, $3 FROM s
      RETURNING moved_at)
    SELECT s.tracking_number, m.moved_at FROM s, m""";

  /** Shipments due to move, locked: rows another instance has locked are left to it rather than waited for. */
  private static final String CLAIM_DUE = "SELECT " + SHIPMENT_COLUMNS + " FROM shipping.shipment"
    + " WHERE next_move_at <= now() ORDER BY next_move_at LIMIT $1 FOR UPDATE SKIP LOCKED";

  private static final String SELECT_SHIPMENT = "SELECT " + SHIPMENT_COLUMNS + " FROM shipping.shipment WHERE order_id = $1";

  private static final String SELECT_HISTORY =
    "SELECT status, moved_at, place FROM shipping.shipment_move WHERE order_id = $1 ORDER BY id";

  private final Pool pool;
  private final Outbox outbox;

  public ShippingRepository(Pool pool, Outbox outbox) {
    this.pool = pool;
    this.outbox = outbox;
  }

  public Future<Void> ping() {
    return pool.query("SELECT 1").execute().mapEmpty();
  }

  /** The rate table and the EU's member states, which quotes are priced from. */
  public Future<RateTable> rates() {
    return pool.query(RATES).execute()
      .compose(rates -> pool.query(EU_COUNTRIES).execute().map(countries -> {
        Map<ShippingZone, NavigableMap<Integer, Long>> bands = new EnumMap<>(ShippingZone.class);
        rates.forEach(row -> bands.computeIfAbsent(ShippingZone.valueOf(row.getString("zone")), zone -> new TreeMap<>())
          .put(row.getInteger("max_grams"), row.getLong("price_value")));
        Set<String> eu = new HashSet<>();
        countries.forEach(row -> eu.add(row.getString("country")));
        return new RateTable(bands, eu);
      }));
  }

  /**
   * Creates the order's shipment with its first move and announces it, in one transaction. An order that has a
   * shipment already gets that one back untouched, which is what makes a retried creation safe; one whose shipment
   * is forbidden gets null.
   */
  public Future<Shipment> insert(String orderId, String trackingNumber, Address to, int weightGrams, Move first) {
    return pool.withTransaction(tx -> SHIPMENT_FORBIDDEN.lock(tx, orderId)
      .compose(locked -> tx.preparedQuery(INSERT_SHIPMENT).execute(Tuple.from(new Object[] {orderId, trackingNumber,
        first.status().name(), to.getName(), to.getLine1(), to.getLine2(), to.getCity(), to.getPostalCode(),
        to.getCountry(), weightGrams, first.place(), first.stayMillis()})))
      .compose(inserted -> inserted.size() == 0
        ? Future.succeededFuture()
        : announce(tx, orderId, trackingNumber, toShipmentMove(first, inserted.iterator().next()),
            new JsonObject().put("address", to.toJson()).put("weightGrams", weightGrams)))
      .compose(announced -> find(tx, orderId)));
  }

  /** Marks an order that has no shipment so that none will ever be created for it; false when it has one after all. */
  public Future<Boolean> forbid(String orderId) {
    return SHIPMENT_FORBIDDEN.forbid(pool, orderId);
  }

  /** The shipment with its history, or null when the order has none. */
  public Future<Shipment> find(String orderId) {
    return find(pool, orderId);
  }

  private static Future<Shipment> find(SqlClient client, String orderId) {
    return client.preparedQuery(SELECT_SHIPMENT).execute(Tuple.of(orderId))
      .compose(rows -> rows.size() == 0
        ? Future.succeededFuture(null)
        : history(client, orderId).map(history -> toShipment(rows.iterator().next()).setHistory(history)));
  }

  private static Future<List<ShipmentMove>> history(SqlClient client, String orderId) {
    return client.preparedQuery(SELECT_HISTORY).execute(Tuple.of(orderId)).map(rows -> {
      List<ShipmentMove> moves = new ArrayList<>();
      rows.forEach(row -> moves.add(new ShipmentMove(ShipmentStatus.valueOf(row.getString("status")),
        instant(row.getOffsetDateTime("moved_at")), row.getString("place"))));
      return moves;
    });
  }

  /**
   * Makes the move if the shipment is in one of the {@code from} statuses, and returns the shipment as it then is;
   * null when there is no such shipment or it is in another status.
   */
  public Future<Shipment> move(String orderId, Set<ShipmentStatus> from, Move move) {
    return pool.withTransaction(tx -> move(tx, orderId, from, move)
      .compose(moved -> moved ? find(tx, orderId) : Future.succeededFuture(null)));
  }

  private Future<Boolean> move(SqlClient tx, String orderId, Set<ShipmentStatus> from, Move move) {
    String[] statuses = from.stream().map(Enum::name).toArray(String[]::new);
    return tx.preparedQuery(MOVE)
      .execute(Tuple.of(orderId, move.status().name(), move.place(), move.stayMillis(), statuses))
      .compose(rows -> {
        if (rows.size() == 0) {
          return Future.succeededFuture(false);
        }
        Row row = rows.iterator().next();
        return announce(tx, orderId, row.getString("tracking_number"), toShipmentMove(move, row), new JsonObject()).map(true);
      });
  }

  /**
   * Claims up to {@code limit} shipments that are due and makes the move {@code next} says for each, all in one
   * transaction; how many moved. Instances sweeping at once claim different rows, so each move is made once.
   */
  public Future<Integer> moveDue(int limit, Function<Shipment, Move> next) {
    return pool.withTransaction(tx -> tx.preparedQuery(CLAIM_DUE).execute(Tuple.of(limit)).compose(rows -> {
      Future<Boolean> moves = Future.succeededFuture();
      for (Row row : rows) {
        Shipment due = toShipment(row);
        moves = moves.compose(previous -> move(tx, due.getOrderId(), Set.of(due.getStatus()), next.apply(due)));
      }
      return moves.map(rows.size());
    }));
  }

  // ---- the outbox

  /** Shipping's event log, for consumers catching up. */
  public Future<List<Event>> events(long afterPosition, int limit) {
    return outbox.read(pool, afterPosition, limit);
  }

  private Future<Void> announce(SqlClient tx, String orderId, String trackingNumber, ShipmentMove move, JsonObject more) {
    JsonObject data = new JsonObject().put("orderId", orderId).put("trackingNumber", trackingNumber)
      .mergeIn(move.toJson()).mergeIn(more);
    return outbox.write(tx, ShippingEvents.of(move.getStatus()), orderId, data);
  }

  // ---- mapping

  private static ShipmentMove toShipmentMove(Move move, Row row) {
    return new ShipmentMove(move.status(), instant(row.getOffsetDateTime("moved_at")), move.place());
  }

  private static Shipment toShipment(Row row) {
    return new Shipment()
      .setOrderId(row.getString("order_id"))
      .setTrackingNumber(row.getString("tracking_number"))
      .setStatus(ShipmentStatus.valueOf(row.getString("status")))
      .setAddress(new Address()
        .setName(row.getString("recipient"))
        .setLine1(row.getString("line1"))
        .setLine2(row.getString("line2"))
        .setCity(row.getString("city"))
        .setPostalCode(row.getString("postal_code"))
        .setCountry(row.getString("country")))
      .setWeightGrams(row.getInteger("weight_grams"))
      .setCreatedAt(instant(row.getOffsetDateTime("created_at")));
  }

  private static String instant(OffsetDateTime time) {
    return time.toInstant().toString();
  }
}
