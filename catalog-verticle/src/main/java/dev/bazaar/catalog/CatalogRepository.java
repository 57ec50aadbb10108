package dev.bazaar.catalog;

import dev.bazaar.contracts.ErrorCode;
import dev.bazaar.contracts.Event;
import dev.bazaar.contracts.Money;
import dev.bazaar.contracts.catalog.CatalogEvents;
import dev.bazaar.contracts.catalog.CatalogEvents.StockChange;
import dev.bazaar.contracts.catalog.Product;
import dev.bazaar.contracts.catalog.ProductDraft;
import dev.bazaar.contracts.catalog.ProductPage;
import dev.bazaar.contracts.catalog.ProductQuery;
import dev.bazaar.contracts.catalog.ProductSort;
import dev.bazaar.contracts.catalog.Reservation;
import dev.bazaar.contracts.catalog.ReservationLine;
import dev.bazaar.contracts.catalog.ReservationStatus;
import dev.bazaar.contracts.catalog.Stock;
import dev.bazaar.platform.Outbox;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.StreamSupport;

/**
 * Every SQL statement of the catalog, and nothing else. Statements that touch several stock rows always visit them
 * in product id order, so concurrent transactions lock rows in the same order and never deadlock. Every change is
 * announced by an event written to the outbox in the change's own transaction.
 */
public class CatalogRepository {

  private static final String PRODUCT_COLUMNS = """
    p.id, p.sku, p.name, p.description, p.category, p.price_value, p.price_currency, p.weight_grams, p.active,
    p.created_at, p.updated_at, s.on_hand, s.reserved""";

  private static final String SELECT_PRODUCT = "SELECT " + PRODUCT_COLUMNS
    + " FROM catalog.product p JOIN catalog.stock s ON s.product_id = p.id";

  /** Every filter is optional: a null parameter switches its condition off. */
  private static final String SEARCH_CONDITIONS = " " + """
    WHERE p.active
      AND ($1::text IS NULL OR p.category = $1)
      AND ($2::text IS NULL OR p.name ILIKE $2 OR p.description ILIKE $2)
      AND ($3::bigint IS NULL OR p.price_value >= $3)
      AND ($4::bigint IS NULL OR p.price_value <= $4)""";

  /** Sort orders come from this closed list only, never from client text; the id breaks ties for stable paging. */
  private static final Map<ProductSort, String> ORDER_BY = Map.of(
    ProductSort.NAME, "p.name ASC, p.id",
    ProductSort.NAME_DESC, "p.name DESC, p.id",
    ProductSort.PRICE, "p.price_value ASC, p.id",
    ProductSort.PRICE_DESC, "p.price_value DESC, p.id",
    ProductSort.NEWEST, "p.created_at DESC, p.id",
    ProductSort.OLDEST, "p.created_at ASC, p.id");

  private static final String RESERVATION_COLUMNS = "order_id, status, expires_at";

  private final Pool pool;
  private final Outbox outbox;

  public CatalogRepository(Pool pool, Outbox outbox) {
    this.pool = pool;
    this.outbox = outbox;
  }

  public Future<Void> ping() {
    return pool.query("SELECT 1").execute().mapEmpty();
  }

  // ---- products

  /** The product, or null when there is none with that id. */
  public Future<Product> findProduct(UUID id) {
    return findProduct(pool, id);
  }

  private static Future<Product> findProduct(SqlClient client, UUID id) {
    return client.preparedQuery(SELECT_PRODUCT + " WHERE p.id = $1")
      .execute(Tuple.of(id))
      .map(rows -> firstOrNull(rows, CatalogRepository::toProduct));
  }

  /** The products with these ids that exist, in no particular order. */
  public Future<List<Product>> findProducts(List<UUID> ids) {
    return pool.preparedQuery(SELECT_PRODUCT + " WHERE p.id = ANY($1)")
      .execute(Tuple.of(ids.toArray(UUID[]::new)))
      .map(rows -> StreamSupport.stream(rows.spliterator(), false).map(CatalogRepository::toProduct).toList());
  }

  public Future<ProductPage> search(ProductQuery query, String textPattern) {
    long offset = (query.getPage() - 1L) * query.getSize();
    String sql = "SELECT " + PRODUCT_COLUMNS + ", count(*) OVER () AS total"
      + " FROM catalog.product p JOIN catalog.stock s ON s.product_id = p.id"
      + SEARCH_CONDITIONS
      + " ORDER BY " + ORDER_BY.get(query.getSort())
      + " LIMIT $5 OFFSET $6";
    return pool.preparedQuery(sql)
      .execute(filters(query, textPattern).addInteger(query.getSize()).addLong(offset))
      .compose(rows -> {
        List<Product> items = new ArrayList<>();
        rows.forEach(row -> items.add(toProduct(row)));
        // The window count rides along with the rows; a page past the end has no rows to carry it.
        Future<Long> total = rows.size() > 0
          ? Future.succeededFuture(rows.iterator().next().getLong("total"))
          : count(filters(query, textPattern));
        return total.map(n -> new ProductPage().setItems(items).setPage(query.getPage()).setSize(query.getSize()).setTotal(n));
      });
  }

  private static Tuple filters(ProductQuery query, String textPattern) {
    return Tuple.of(query.getCategory(), textPattern, query.getMinPrice(), query.getMaxPrice());
  }

  private Future<Long> count(Tuple filters) {
    return pool.preparedQuery("SELECT count(*) FROM catalog.product p" + SEARCH_CONDITIONS)
      .execute(filters)
      .map(rows -> rows.iterator().next().getLong(0));
  }

  /** Inserts an active product with no stock. Fails with a unique violation when the SKU is taken. */
  public Future<Product> insertProduct(UUID id, ProductDraft draft) {
    return pool.withTransaction(tx -> insertProduct(tx, id, draft, 0));
  }

  private Future<Product> insertProduct(SqlClient tx, UUID id, ProductDraft draft, int onHand) {
    return tx.preparedQuery("""
        WITH p AS (
          INSERT INTO catalog.product (id, sku, name, description, category, price_value, price_currency, weight_grams)
          VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
          RETURNING *),
        s AS (
          INSERT INTO catalog.stock (product_id, on_hand) SELECT id, $9 FROM p
          RETURNING *)
        SELECT""" + " " + PRODUCT_COLUMNS + " FROM p JOIN s ON s.product_id = p.id")
      .execute(Tuple.of(id, draft.getSku(), draft.getName(), draft.getDescription(), draft.getCategory(),
        draft.getPrice().getValue(), draft.getPrice().getCurrency(), draft.getWeightGrams(), onHand))
      .map(rows -> toProduct(rows.iterator().next()))
      .compose(product -> announce(tx, CatalogEvents.PRODUCT_CREATED, product));
  }

  /** Replaces what a client owns of the product; null when there is no such product. */
  public Future<Product> updateProduct(UUID id, ProductDraft draft) {
    return pool.withTransaction(tx -> tx.preparedQuery("""
          WITH p AS (
            UPDATE catalog.product
               SET sku = $2, name = $3, description = $4, category = $5, price_value = $6, price_currency = $7,
                   weight_grams = $8, updated_at = now()
             WHERE id = $1
            RETURNING *)
          SELECT""" + " " + PRODUCT_COLUMNS + " FROM p JOIN catalog.stock s ON s.product_id = p.id")
      .execute(Tuple.of(id, draft.getSku(), draft.getName(), draft.getDescription(), draft.getCategory(),
        draft.getPrice().getValue(), draft.getPrice().getCurrency(), draft.getWeightGrams()))
      .map(rows -> firstOrNull(rows, CatalogRepository::toProduct))
      .compose(updated -> updated == null ? Future.succeededFuture() : announce(tx, CatalogEvents.PRODUCT_UPDATED, updated)));
  }

  /**
   * Takes the product off sale and announces it; a product already off sale is returned as it is, with no second
   * event. Null when there is no such product.
   */
  public Future<Product> deactivateProduct(UUID id) {
    return pool.withTransaction(tx -> tx.preparedQuery("""
          WITH p AS (
            UPDATE catalog.product SET active = false, updated_at = now() WHERE id = $1 AND active
            RETURNING *)
          SELECT""" + " " + PRODUCT_COLUMNS + " FROM p JOIN catalog.stock s ON s.product_id = p.id")
      .execute(Tuple.of(id))
      .map(rows -> firstOrNull(rows, CatalogRepository::toProduct))
      .compose(deactivated -> deactivated != null
        ? announce(tx, CatalogEvents.PRODUCT_DEACTIVATED, deactivated)
        : findProduct(tx, id)));
  }

  /**
   * Takes off sale every product on sale whose price is not in {@code currency}, announcing each; how many that was.
   * Running it again finds none, so instances that start together take each product off sale once between them.
   */
  public Future<Integer> takeOffSaleUnlessPricedIn(String currency) {
    return pool.withTransaction(tx -> tx.preparedQuery("""
          WITH p AS (
            UPDATE catalog.product SET active = false, updated_at = now() WHERE active AND price_currency <> $1
            RETURNING *)
          SELECT""" + " " + PRODUCT_COLUMNS + " FROM p JOIN catalog.stock s ON s.product_id = p.id ORDER BY p.id")
      .execute(Tuple.of(currency))
      .compose(rows -> {
        Future<Product> chain = Future.succeededFuture();
        for (Row row : rows) {
          chain = chain.compose(previous -> announce(tx, CatalogEvents.PRODUCT_DEACTIVATED, toProduct(row)));
        }
        return chain.map(rows.size());
      }));
  }

  /**
   * Sets units on hand unless that would leave fewer than are reserved, and returns the product as it now is; null
   * when nothing was changed, because there is no such product or too many units are reserved.
   */
  public Future<Product> setStock(UUID id, int onHand) {
    return pool.withTransaction(tx -> tx.preparedQuery("""
          WITH s AS (
            UPDATE catalog.stock SET on_hand = $2 WHERE product_id = $1 AND reserved <= $2
            RETURNING *)
          SELECT""" + " " + PRODUCT_COLUMNS + ", s.product_id FROM s JOIN catalog.product p ON p.id = s.product_id")
      .execute(Tuple.of(id, onHand))
      .compose(rows -> rows.size() == 0
        ? Future.succeededFuture()
        : stockChanged(tx, rows, StockChange.SET, Map.of()).map(toProduct(rows.iterator().next()))));
  }

  /**
   * Inserts the demo products with their stock, but only into an empty catalog. The advisory lock makes instances
   * that start together seed once between them.
   */
  public Future<Integer> seedIfEmpty(List<DemoProduct> products) {
    return pool.withTransaction(conn -> conn.query("SELECT pg_advisory_xact_lock(hashtext('catalog.seed'))").execute()
      .compose(locked -> conn.query("SELECT EXISTS (SELECT 1 FROM catalog.product)").execute())
      .compose(rows -> {
        if (rows.iterator().next().getBoolean(0)) {
          return Future.succeededFuture(0);
        }
        Future<Product> chain = Future.succeededFuture();
        for (DemoProduct demo : products) {
          chain = chain.compose(previous -> insertProduct(conn, demo.id(), demo.draft(), demo.onHand()));
        }
        return chain.map(products.size());
      }));
  }

  // ---- reservations
  //
  // Lock order, in every transaction that touches reservations and stock: reservation rows first, in order id order,
  // then stock rows, in product id order. Transactions that want the same rows, in this instance or another, then
  // wait for one another instead of deadlocking.

  /** New orders get a HELD reservation; an order that has one already keeps it, and is not returned. */
  private static final String INSERT_RESERVATIONS = """
    INSERT INTO catalog.reservation (order_id, status, expires_at)
    SELECT order_id, 'HELD', now() + make_interval(secs => $2)
      FROM unnest($1::text[]) AS asked(order_id)
     ORDER BY order_id
    ON CONFLICT (order_id) DO NOTHING
    RETURNING""" + " " + RESERVATION_COLUMNS;

  /** The products asked for, with their stock rows locked, in product id order. */
  private static final String LOCK_OFFERS = """
    SELECT p.id, p.name, p.active, p.price_value, p.price_currency, p.weight_grams, s.on_hand, s.reserved
      FROM catalog.product p JOIN catalog.stock s ON s.product_id = p.id
     WHERE p.id = ANY($1)
     ORDER BY p.id
       FOR UPDATE OF s""";

  /** The reservations of refused orders go again, as if their transaction had been rolled back. */
  private static final String DELETE_RESERVATIONS = "DELETE FROM catalog.reservation WHERE order_id = ANY($1)";

  /** Adds each product's units to its reserved count, and writes every held line; the stock rows are locked already. */
  private static final String HOLD_STOCK = """
    WITH held AS (
      UPDATE catalog.stock s SET reserved = s.reserved + asked.quantity
        FROM unnest($1::uuid[], $2::int[]) AS asked(product_id, quantity)
       WHERE s.product_id = asked.product_id
      RETURNING s.product_id, s.on_hand, s.reserved),
    lines AS (
      INSERT INTO catalog.reservation_line (order_id, product_id, quantity, unit_price_value, unit_price_currency,
                                            weight_grams, product_name)
      SELECT * FROM unnest($3::text[], $4::uuid[], $5::int[], $6::bigint[], $7::text[], $8::int[], $9::text[]))
    SELECT product_id, on_hand, reserved FROM held ORDER BY product_id""";

  /**
   * Holds the stock of a group of orders in one transaction, each order all or nothing, decided in the group's order
   * by {@link Allotment}; the answer of each, in the group's order, a refusal being a failed future. An order that
   * already has a reservation gets that reservation back untouched, which is what makes a retried reserve safe. The
   * checks that a product exists, is on sale and has the units run inside the transaction, on locked stock rows,
   * because only there do their answers still hold when the rows are written. The group's orders are distinct.
   */
  public Future<List<Future<Reservation>>> reserveAll(List<ReservationRequest> requests, Duration ttl) {
    String[] orderIds = requests.stream().map(ReservationRequest::orderId).toArray(String[]::new);
    return pool.withTransaction(tx -> tx.preparedQuery(INSERT_RESERVATIONS)
      .execute(Tuple.of(orderIds, ttl.toMillis() / 1000.0))
      .compose(inserted -> {
        Map<String, Row> fresh = new HashMap<>();
        inserted.forEach(row -> fresh.put(row.getString("order_id"), row));
        return hold(tx, requests.stream().filter(request -> fresh.containsKey(request.orderId())).toList())
          .compose(decided -> answers(tx, requests, fresh, decided));
      }));
  }

  /** Decides and holds the new orders' stock; each order's held lines, or its refusal. */
  private Future<Map<String, Future<List<ReservationLine>>>> hold(SqlConnection tx, List<ReservationRequest> requests) {
    if (requests.isEmpty()) {
      return Future.succeededFuture(Map.of());
    }
    UUID[] products = requests.stream().flatMap(request -> request.lines().stream())
      .map(line -> UUID.fromString(line.getProductId())).distinct().toArray(UUID[]::new);
    return tx.preparedQuery(LOCK_OFFERS).execute(Tuple.of(products)).compose(rows -> {
      Allotment allotment = new Allotment(offers(rows));
      Map<String, Future<List<ReservationLine>>> decided = new LinkedHashMap<>();
      requests.forEach(request -> decided.put(request.orderId(), allotment.decide(request)));
      return forgetRefused(tx, decided)
        .compose(v -> holdStock(tx, allotment.taken(), decided))
        .map(decided);
    });
  }

  private static Map<String, Allotment.Offer> offers(RowSet<Row> rows) {
    Map<String, Allotment.Offer> offers = new HashMap<>();
    for (Row row : rows) {
      offers.put(row.getUUID("id").toString(), new Allotment.Offer(row.getString("name"), row.getBoolean("active"),
        new Money(row.getLong("price_value"), row.getString("price_currency")), row.getInteger("weight_grams"),
        row.getInteger("on_hand") - row.getInteger("reserved")));
    }
    return offers;
  }

  private static Future<Void> forgetRefused(SqlConnection tx, Map<String, Future<List<ReservationLine>>> decided) {
    String[] refused = decided.entrySet().stream().filter(e -> e.getValue().failed()).map(Map.Entry::getKey)
      .toArray(String[]::new);
    return refused.length == 0
      ? Future.succeededFuture()
      : tx.preparedQuery(DELETE_RESERVATIONS).execute(Tuple.of((Object) refused)).mapEmpty();
  }

  private Future<Void> holdStock(SqlConnection tx, Map<String, Integer> taken,
                                 Map<String, Future<List<ReservationLine>>> decided) {
    if (taken.isEmpty()) {
      return Future.succeededFuture();
    }
    Map<String, List<String>> ordersByProduct = new HashMap<>();
    List<String> orderIds = new ArrayList<>();
    List<ReservationLine> lines = new ArrayList<>();
    decided.forEach((orderId, held) -> {
      if (held.succeeded()) {
        held.result().forEach(line -> {
          ordersByProduct.computeIfAbsent(line.getProductId(), product -> new ArrayList<>()).add(orderId);
          orderIds.add(orderId);
          lines.add(line);
        });
      }
    });
    Tuple columns = Tuple.tuple()
      .addArrayOfUUID(taken.keySet().stream().map(UUID::fromString).toArray(UUID[]::new))
      .addArrayOfInteger(taken.values().toArray(Integer[]::new))
      .addArrayOfString(orderIds.toArray(String[]::new))
      .addArrayOfUUID(lines.stream().map(line -> UUID.fromString(line.getProductId())).toArray(UUID[]::new))
      .addArrayOfInteger(lines.stream().map(ReservationLine::getQuantity).toArray(Integer[]::new))
      .addArrayOfLong(lines.stream().map(line -> line.getUnitPrice().getValue()).toArray(Long[]::new))
      .addArrayOfString(lines.stream().map(line -> line.getUnitPrice().getCurrency()).toArray(String[]::new))
      .addArrayOfInteger(lines.stream().map(ReservationLine::getWeightGrams).toArray(Integer[]::new))
      .addArrayOfString(lines.stream().map(ReservationLine::getName).toArray(String[]::new));
    return tx.preparedQuery(HOLD_STOCK).execute(columns)
      .compose(stock -> stockChanged(tx, stock, StockChange.RESERVED, ordersByProduct));
  }

  /** Each request's answer: its new reservation, its refusal, or the reservation its order had already. */
  private static Future<List<Future<Reservation>>> answers(SqlConnection tx, List<ReservationRequest> requests,
                                                           Map<String, Row> fresh,
                                                           Map<String, Future<List<ReservationLine>>> decided) {
    List<Future<Reservation>> answers = new ArrayList<>();
    List<Future<Reservation>> existing = new ArrayList<>();
    for (ReservationRequest request : requests) {
      Row inserted = fresh.get(request.orderId());
      if (inserted != null) {
        answers.add(decided.get(request.orderId()).map(lines -> toReservation(inserted, lines)));
      } else {
        Future<Reservation> found = findReservation(tx, request.orderId());
        existing.add(found);
        answers.add(found);
      }
    }
    return Future.all(existing).map(v -> answers);
  }

  /** The order's reservation with its lines, or null when the order has none. */
  public Future<Reservation> findReservation(String orderId) {
    return findReservation(pool, orderId);
  }

  private static Future<Reservation> findReservation(SqlClient client, String orderId) {
    return client.preparedQuery("SELECT " + RESERVATION_COLUMNS + " FROM catalog.reservation WHERE order_id = $1")
      .execute(Tuple.of(orderId))
      .compose(rows -> rows.size() == 0
        ? Future.succeededFuture(null)
        : linesOf(client, orderId).map(lines -> toReservation(rows.iterator().next(), lines)));
  }

  /** The status of the order's reservation, or null when the order has none. */
  public Future<ReservationStatus> reservationStatus(String orderId) {
    return pool.preparedQuery("SELECT status FROM catalog.reservation WHERE order_id = $1")
      .execute(Tuple.of(orderId))
      .map(rows -> firstOrNull(rows, row -> ReservationStatus.valueOf(row.getString("status"))));
  }

  private static Future<List<ReservationLine>> linesOf(SqlClient client, String orderId) {
    return client.preparedQuery("""
        SELECT product_id, quantity, unit_price_value, unit_price_currency, weight_grams, product_name
          FROM catalog.reservation_line WHERE order_id = $1 ORDER BY product_id""")
      .execute(Tuple.of(orderId))
      .map(rows -> StreamSupport.stream(rows.spliterator(), false).map(CatalogRepository::toLine).toList());
  }

  /**
   * Moves the HELD, unexpired reservations among the orders to COMMITTED, locking them in order id order first (see
   * the lock order above); the UPDATE changes only rows its CTE locked.
   */
  private static final String COMMIT_HELD = """
    WITH due AS (
      SELECT order_id FROM catalog.reservation
       WHERE order_id = ANY($1) AND status = 'HELD' AND expires_at > now()
       ORDER BY order_id
         FOR UPDATE)
    UPDATE catalog.reservation r SET status = 'COMMITTED', updated_at = now()
      FROM due
     WHERE r.order_id = due.order_id AND r.status = 'HELD'
    RETURNING r.order_id, r.status, r.expires_at""";

  private static final String LINES_OF_ORDERS = """
    SELECT order_id, product_id, quantity, unit_price_value, unit_price_currency, weight_grams, product_name
      FROM catalog.reservation_line WHERE order_id = ANY($1) ORDER BY order_id, product_id""";

  /**
   * Takes each product's units out of stock, on hand and reserved alike. The CTE locks the stock rows in product id
   * order, and the UPDATE changes only rows it locked, so the rows are locked in that order whatever the plan.
   */
  private static final String TAKE_OUT_OF_STOCK = """
    WITH locked AS MATERIALIZED (
      SELECT product_id FROM catalog.stock WHERE product_id = ANY($1) ORDER BY product_id FOR UPDATE)
    UPDATE catalog.stock s SET on_hand = s.on_hand - taken.quantity, reserved = s.reserved - taken.quantity
      FROM unnest($1::uuid[], $2::int[]) AS taken(product_id, quantity), locked
     WHERE s.product_id = taken.product_id AND locked.product_id = taken.product_id
    RETURNING s.product_id, s.on_hand, s.reserved""";

  /**
   * Commits the HELD, unexpired reservations of a group of orders in one transaction, taking their units out of
   * stock; the answer of each order in the group's order, null when it had no such reservation to commit (the caller
   * then looks at what there is instead).
   */
  public Future<List<Future<Reservation>>> commitAll(List<String> orderIds) {
    return pool.withTransaction(tx -> tx.preparedQuery(COMMIT_HELD)
      .execute(Tuple.of(orderIds.toArray(String[]::new)))
      .compose(committed -> committed.size() == 0 ? Future.succeededFuture(Map.<String, Reservation>of()) : takeOutOfStock(tx, committed))
      .map(committed -> orderIds.stream().map(id -> Future.succeededFuture(committed.get(id))).toList()));
  }

  private Future<Map<String, Reservation>> takeOutOfStock(SqlConnection tx, RowSet<Row> committed) {
    Map<String, Row> reservations = new LinkedHashMap<>();
    committed.forEach(row -> reservations.put(row.getString("order_id"), row));
    return tx.preparedQuery(LINES_OF_ORDERS).execute(Tuple.of(reservations.keySet().toArray(String[]::new)))
      .compose(rows -> {
        Map<String, List<ReservationLine>> lines = new HashMap<>();
        Map<String, Integer> taken = new TreeMap<>();
        Map<String, List<String>> ordersByProduct = new HashMap<>();
        for (Row row : rows) {
          ReservationLine line = toLine(row);
          String orderId = row.getString("order_id");
          lines.computeIfAbsent(orderId, id -> new ArrayList<>()).add(line);
          taken.merge(line.getProductId(), line.getQuantity(), Integer::sum);
          ordersByProduct.computeIfAbsent(line.getProductId(), product -> new ArrayList<>()).add(orderId);
        }
        Map<String, Reservation> answers = new HashMap<>();
        reservations.forEach((orderId, row) -> answers.put(orderId, toReservation(row, lines.getOrDefault(orderId, List.of()))));
        return tx.preparedQuery(TAKE_OUT_OF_STOCK)
          .execute(Tuple.tuple()
            .addArrayOfUUID(taken.keySet().stream().map(UUID::fromString).toArray(UUID[]::new))
            .addArrayOfInteger(taken.values().toArray(Integer[]::new)))
          .compose(stock -> stockChanged(tx, stock, StockChange.COMMITTED, ordersByProduct))
          .map(answers);
      });
  }

  /** Moves a HELD reservation to RELEASED or EXPIRED and returns its units; null when nothing was held. */
  public Future<Reservation> release(String orderId, ReservationStatus endState) {
    return pool.withTransaction(tx -> tx.preparedQuery("""
          UPDATE catalog.reservation SET status = $2, updated_at = now()
           WHERE order_id = $1 AND status = 'HELD'
          RETURNING""" + " " + RESERVATION_COLUMNS)
      .execute(Tuple.of(orderId, endState.name()))
      .compose(closed -> returnStock(tx, closed, StockChange.valueOf(endState.name()), """
          UPDATE catalog.stock SET reserved = reserved - $2 WHERE product_id = $1
          RETURNING product_id, on_hand, reserved""")));
  }

  /** Moves a COMMITTED reservation to RETURNED and puts its units back on hand; null when nothing was committed. */
  public Future<Reservation> returnCommitted(String orderId) {
    return pool.withTransaction(tx -> tx.preparedQuery("""
          UPDATE catalog.reservation SET status = 'RETURNED', updated_at = now()
           WHERE order_id = $1 AND status = 'COMMITTED'
          RETURNING""" + " " + RESERVATION_COLUMNS)
      .execute(Tuple.of(orderId))
      .compose(returned -> returnStock(tx, returned, StockChange.RETURNED, """
          UPDATE catalog.stock SET on_hand = on_hand + $2 WHERE product_id = $1
          RETURNING product_id, on_hand, reserved""")));
  }

  /** The second half of closing a reservation: its lines' units leave {@code reserved}, as {@code stockUpdate} says. */
  private Future<Reservation> returnStock(SqlConnection tx, RowSet<Row> closed, StockChange reason, String stockUpdate) {
    if (closed.rowCount() == 0) {
      return Future.succeededFuture(null);
    }
    Row reservation = closed.iterator().next();
    String orderId = reservation.getString("order_id");
    return linesOf(tx, orderId).compose(lines -> {
      List<Tuple> batch = lines.stream().map(l -> Tuple.of(UUID.fromString(l.getProductId()), l.getQuantity())).toList();
      return tx.preparedQuery(stockUpdate).executeBatch(batch)
        .compose(stock -> stockChanged(tx, stock, reason, byEachProduct(lines, orderId)))
        .map(v -> toReservation(reservation, lines));
    });
  }

  /**
   * Marks a release for an order that never reserved, so that a reserve arriving late, after its order was given up,
   * finds the order closed instead of holding stock nobody will release. False when the order has a reservation.
   */
  public Future<Boolean> insertReleasedMarker(String orderId) {
    return pool.preparedQuery("""
        INSERT INTO catalog.reservation (order_id, status, expires_at) VALUES ($1, 'RELEASED', now())
        ON CONFLICT (order_id) DO NOTHING""")
      .execute(Tuple.of(orderId))
      .map(rows -> rows.rowCount() == 1);
  }

  /** Orders whose held reservations ran out of time, oldest first. */
  public Future<List<String>> findExpiredHolds(int limit) {
    return pool.preparedQuery("""
        SELECT order_id FROM catalog.reservation
         WHERE status = 'HELD' AND expires_at <= now()
         ORDER BY expires_at LIMIT $1""")
      .execute(Tuple.of(limit))
      .map(rows -> StreamSupport.stream(rows.spliterator(), false).map(row -> row.getString("order_id")).toList());
  }

  // ---- the outbox

  /** The catalog's event log, for consumers catching up. */
  public Future<List<Event>> events(long afterPosition, int limit) {
    return outbox.read(pool, afterPosition, limit);
  }

  private Future<Product> announce(SqlClient tx, String type, Product product) {
    return outbox.write(tx, type, product.getId(), product.toJson()).map(product);
  }

  /**
   * One stock-changed event per stock row the statement (or batch) returned, in the rows' order, with the stock as the
   * transaction leaves it. Consumers want the latest stock of a product, so when several orders of one group changed
   * it, one event stands for them all: {@code orderIds} lists them, and {@code orderId} is there, as it always was,
   * when there was one order.
   */
  private Future<Void> stockChanged(SqlClient tx, RowSet<Row> stockRows, StockChange reason,
                                    Map<String, List<String>> ordersByProduct) {
    Map<String, JsonObject> changes = new LinkedHashMap<>();
    for (RowSet<Row> rows = stockRows; rows != null; rows = rows.next()) {
      for (Row row : rows) {
        int onHand = row.getInteger("on_hand");
        int reserved = row.getInteger("reserved");
        String productId = row.getUUID("product_id").toString();
        JsonObject change = new JsonObject().put("productId", productId).put("onHand", onHand).put("reserved", reserved)
          .put("available", onHand - reserved).put("reason", reason.name());
        List<String> orders = ordersByProduct.getOrDefault(productId, List.of());
        if (orders.size() == 1) {
          change.put("orderId", orders.get(0));
        }
        changes.put(productId, orders.isEmpty() ? change : change.put("orderIds", new JsonArray(orders)));
      }
    }
    return outbox.writeAll(tx, CatalogEvents.STOCK_CHANGED, changes);
  }

  private static Map<String, List<String>> byEachProduct(List<ReservationLine> lines, String orderId) {
    Map<String, List<String>> orders = new HashMap<>();
    lines.forEach(line -> orders.put(line.getProductId(), List.of(orderId)));
    return orders;
  }

  // ---- mapping

  private static Product toProduct(Row row) {
    return new Product()
      .setId(row.getUUID("id").toString())
      .setSku(row.getString("sku"))
      .setName(row.getString("name"))
      .setDescription(row.getString("description"))
      .setCategory(row.getString("category"))
      .setPrice(new Money(row.getLong("price_value"), row.getString("price_currency")))
      .setWeightGrams(row.getInteger("weight_grams"))
      .setActive(row.getBoolean("active"))
      .setStock(new Stock(row.getInteger("on_hand"), row.getInteger("reserved")))
      .setCreatedAt(instant(row.getOffsetDateTime("created_at")))
      .setUpdatedAt(instant(row.getOffsetDateTime("updated_at")));
  }

  private static ReservationLine toLine(Row row) {
    ReservationLine line = new ReservationLine(row.getUUID("product_id").toString(), row.getInteger("quantity"));
    Long price = row.getLong("unit_price_value");
    return price == null ? line : line
      .setName(row.getString("product_name"))
      .setUnitPrice(new Money(price, row.getString("unit_price_currency")))
      .setWeightGrams(row.getInteger("weight_grams"));
  }

  private static Reservation toReservation(Row row, List<ReservationLine> lines) {
    return new Reservation()
      .setOrderId(row.getString("order_id"))
      .setStatus(ReservationStatus.valueOf(row.getString("status")))
      .setExpiresAt(instant(row.getOffsetDateTime("expires_at")))
      .setLines(lines);
  }

  private static String instant(OffsetDateTime time) {
    return time.toInstant().toString();
  }

  private static <T> T firstOrNull(RowSet<Row> rows, Function<Row, T> mapper) {
    return rows.size() == 0 ? null : mapper.apply(rows.iterator().next());
  }
}
