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
        : stockChanged(tx, rows, StockChange.SET, null).map(toProduct(rows.iterator().next()))));
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

  /**
   * Holds every line or nothing, in one transaction. An order that already has a reservation gets that reservation
   * back untouched, which is what makes a retried reserve safe. The checks that a product exists, is on sale and has
   * the units run inside the transaction, because only there do their answers still hold when the rows are written;
   * a failed check fails the transaction, which rolls everything back.
   */
  public Future<Reservation> reserve(String orderId, List<ReservationLine> lines, Duration ttl) {
    return pool.withTransaction(conn -> conn.preparedQuery("""
          INSERT INTO catalog.reservation (order_id, status, expires_at)
          VALUES ($1, 'HELD', now() + make_interval(secs => $2))
          ON CONFLICT (order_id) DO NOTHING
          RETURNING""" + " " + RESERVATION_COLUMNS)
      .execute(Tuple.of(orderId, ttl.toMillis() / 1000.0))
      .compose(inserted -> inserted.rowCount() == 0
        ? findReservation(conn, orderId)
        : priceOnSale(conn, lines)
          .compose(priced -> holdStock(conn, orderId, priced)
            .compose(v -> insertLines(conn, orderId, priced))
            .map(v -> toReservation(inserted.iterator().next(), priced)))));
  }

  /** The lines with the price and weight of their products, each of which must exist and be on sale. */
  private static Future<List<ReservationLine>> priceOnSale(SqlConnection conn, List<ReservationLine> lines) {
    return conn.preparedQuery("SELECT id, name, active, price_value, price_currency, weight_grams FROM catalog.product WHERE id = ANY($1)")
      .execute(Tuple.of(productIds(lines)))
      .compose(rows -> {
        Map<UUID, Row> products = new HashMap<>();
        rows.forEach(row -> products.put(row.getUUID("id"), row));
        List<ReservationLine> priced = new ArrayList<>();
        for (ReservationLine line : lines) {
          Row product = products.get(UUID.fromString(line.getProductId()));
          if (product == null) {
            return ErrorCode.NOT_FOUND.fail("There is no product " + line.getProductId() + ".");
          }
          if (!product.getBoolean("active")) {
            return ErrorCode.CONFLICT.fail("Product " + line.getProductId() + " is no longer on sale.");
          }
          priced.add(new ReservationLine(line.getProductId(), line.getQuantity())
            .setName(product.getString("name"))
            .setUnitPrice(new Money(product.getLong("price_value"), product.getString("price_currency")))
            .setWeightGrams(product.getInteger("weight_grams")));
        }
        return Future.succeededFuture(priced);
      });
  }

  /** Each line takes its units only if they are available; the row lock of the update serializes competitors. */
  private Future<Void> holdStock(SqlConnection conn, String orderId, List<ReservationLine> lines) {
    List<Tuple> batch = lines.stream().map(l -> Tuple.of(UUID.fromString(l.getProductId()), l.getQuantity())).toList();
    return conn.preparedQuery("""
        UPDATE catalog.stock SET reserved = reserved + $2 WHERE product_id = $1 AND on_hand - reserved >= $2
        RETURNING product_id, on_hand, reserved""")
      .executeBatch(batch)
      .compose(results -> {
        RowSet<Row> result = results;
        for (ReservationLine line : lines) {
          if (result.rowCount() != 1) {
            return ErrorCode.INSUFFICIENT_STOCK.fail(
              "Not enough stock of product " + line.getProductId() + " for " + line.getQuantity() + " units.");
          }
          result = result.next();
        }
        return stockChanged(conn, results, StockChange.RESERVED, orderId);
      });
  }

  private static Future<Void> insertLines(SqlConnection conn, String orderId, List<ReservationLine> lines) {
    List<Tuple> batch = lines.stream()
      .map(l -> Tuple.from(List.of(orderId, UUID.fromString(l.getProductId()), l.getQuantity(), l.getUnitPrice().getValue(),
        l.getUnitPrice().getCurrency(), l.getWeightGrams(), l.getName())))
      .toList();
    return conn.preparedQuery("""
        INSERT INTO catalog.reservation_line (order_id, product_id, quantity, unit_price_value, unit_price_currency, weight_grams,
                                              product_name)
        VALUES ($1, $2, $3, $4, $5, $6, $7)""")
      .executeBatch(batch)
      .mapEmpty();
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

  private static Future<List<ReservationLine>> linesOf(SqlClient client, String orderId) {
    return client.preparedQuery("""
        SELECT product_id, quantity, unit_price_value, unit_price_currency, weight_grams, product_name
          FROM catalog.reservation_line WHERE order_id = $1 ORDER BY product_id""")
      .execute(Tuple.of(orderId))
      .map(rows -> StreamSupport.stream(rows.spliterator(), false).map(CatalogRepository::toLine).toList());
  }

  /**
   * Moves a HELD, unexpired reservation to COMMITTED and takes its units out of stock. Returns null when there was
   * no such reservation to commit; the caller then looks at what there is instead.
   */
  public Future<Reservation> commit(String orderId) {
    return pool.withTransaction(tx -> tx.preparedQuery("""
          UPDATE catalog.reservation SET status = 'COMMITTED', updated_at = now()
           WHERE order_id = $1 AND status = 'HELD' AND expires_at > now()
          RETURNING""" + " " + RESERVATION_COLUMNS)
      .execute(Tuple.of(orderId))
      .compose(closed -> returnStock(tx, closed, StockChange.COMMITTED, """
          UPDATE catalog.stock SET on_hand = on_hand - $2, reserved = reserved - $2 WHERE product_id = $1
          RETURNING product_id, on_hand, reserved""")));
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
        .compose(stock -> stockChanged(tx, stock, reason, orderId))
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

  /** One stock-changed event per stock row the statement (or batch) returned, in the rows' order. */
  private Future<Void> stockChanged(SqlClient tx, RowSet<Row> stockRows, StockChange reason, String orderId) {
    Map<String, JsonObject> changes = new LinkedHashMap<>();
    for (RowSet<Row> rows = stockRows; rows != null; rows = rows.next()) {
      for (Row row : rows) {
        int onHand = row.getInteger("on_hand");
        int reserved = row.getInteger("reserved");
        String productId = row.getUUID("product_id").toString();
        JsonObject change = new JsonObject().put("productId", productId).put("onHand", onHand).put("reserved", reserved)
          .put("available", onHand - reserved).put("reason", reason.name());
        changes.put(productId, orderId == null ? change : change.put("orderId", orderId));
      }
    }
    return outbox.writeAll(tx, CatalogEvents.STOCK_CHANGED, changes);
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

  private static UUID[] productIds(List<ReservationLine> lines) {
    return lines.stream().map(l -> UUID.fromString(l.getProductId())).toArray(UUID[]::new);
  }

  private static <T> T firstOrNull(RowSet<Row> rows, Function<Row, T> mapper) {
    return rows.size() == 0 ? null : mapper.apply(rows.iterator().next());
  }
}
