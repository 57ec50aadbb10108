package dev.bazaar.notification;

import dev.bazaar.contracts.Event;
import dev.bazaar.contracts.notification.DeliveryStatus;
import dev.bazaar.contracts.notification.Notification;
import dev.bazaar.contracts.notification.NotificationEvents;
import dev.bazaar.contracts.notification.NotificationKind;
import dev.bazaar.contracts.notification.NotificationPage;
import dev.bazaar.contracts.notification.NotificationPreferences;
import dev.bazaar.platform.Outbox;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.stream.StreamSupport;

/** Every SQL statement of the notification service, on schema {@code notification}. */
final class NotificationRepository {

  private static final String COLUMNS = """
    id, customer_id, order_id, kind, recipient, subject, status, reason, attempts, created_at, sent_at""";

  private final Pool pool;
  private final Outbox outbox;

  NotificationRepository(Pool pool, Outbox outbox) {
    this.pool = pool;
    this.outbox = outbox;
  }

  Future<Void> ping() {
    return pool.query("SELECT 1").execute().mapEmpty();
  }

  // ---- what the events tell

  /** Notes whose order this is, for the payment and shipping events, which name only the order. */
  Future<Void> rememberOrder(SqlClient tx, String orderId, String customerId) {
    return tx.preparedQuery("INSERT INTO notification.customer_order (order_id, customer_id) VALUES ($1, $2) "
        + "ON CONFLICT DO NOTHING")
      .execute(Tuple.of(UUID.fromString(orderId), customerId))
      .mapEmpty();
  }

  /** The customer who placed the order; null while no event of the order service has named them yet. */
  Future<String> customerOf(SqlClient tx, String orderId) {
    return tx.preparedQuery("SELECT customer_id FROM notification.customer_order WHERE order_id = $1")
      .execute(Tuple.of(UUID.fromString(orderId)))
      .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getString(0));
  }

  /** Adds an entry to the customer's feed, in the caller's transaction. */
  Future<Void> toFeed(SqlClient tx, String customerId, String type, JsonObject data) {
    return outbox.write(tx, type, customerId, data);
  }

  /**
   * Stores the notification, and announces it in the customer's feed, in the caller's transaction; a PENDING one is
   * due at once.
   */
  Future<Notification> insert(SqlClient tx, UUID eventId, Letter letter, String recipient, DeliveryStatus status,
                              String reason) {
    return tx.preparedQuery("""
          INSERT INTO notification.notification (id, event_id, customer_id, order_id, kind, recipient, subject,
                                                 body_text, body_html, status, reason, next_attempt_at)
          VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, CASE WHEN $10 = 'PENDING' THEN now() END)
          RETURNING""" + " " + COLUMNS)
      .execute(Tuple.from(Arrays.asList(UUID.randomUUID(), eventId, letter.customerId(), UUID.fromString(letter.orderId()),
        letter.kind().name(), recipient, letter.subject(), letter.text(), letter.html(), status.name(), reason)))
      .map(rows -> toNotification(rows.iterator().next()))
      .compose(notification -> toFeed(tx, notification.getCustomerId(), NotificationEvents.CREATED, notification.toJson())
        .map(notification));
  }

  // ---- preferences and history

  Future<NotificationPreferences> preferences(SqlClient client, String customerId) {
    return client.preparedQuery("SELECT email, opted_out FROM notification.preference WHERE customer_id = $1")
      .execute(Tuple.of(customerId))
      .map(rows -> rows.size() == 0 ? new NotificationPreferences() : toPreferences(rows.iterator().next()));
  }

  Future<NotificationPreferences> preferences(String customerId) {
    return preferences(pool, customerId);
  }

  Future<NotificationPreferences> savePreferences(String customerId, NotificationPreferences preferences) {
    String[] optedOut = preferences.getOptedOut().stream().map(Enum::name).distinct().sorted().toArray(String[]::new);
    return pool.preparedQuery("""
          INSERT INTO notification.preference (customer_id, email, opted_out) VALUES ($1, $2, $3)
          ON CONFLICT (customer_id) DO UPDATE SET email = excluded.email, opted_out = excluded.opted_out, updated_at = now()
          RETURNING email, opted_out""")
      .execute(Tuple.of(customerId, preferences.getEmail(), optedOut))
      .map(rows -> toPreferences(rows.iterator().next()));
  }

  Future<NotificationPage> page(String customerId, int page, int size) {
    return pool.preparedQuery("SELECT " + COLUMNS + " FROM notification.notification WHERE customer_id = $1"
        + " ORDER BY created_at DESC, id LIMIT $2 OFFSET $3")
      .execute(Tuple.of(customerId, size, (page - 1L) * size))
      .map(rows -> StreamSupport.stream(rows.spliterator(), false).map(NotificationRepository::toNotification).toList())
      .compose(items -> pool.preparedQuery("SELECT count(*) FROM notification.notification WHERE customer_id = $1")
        .execute(Tuple.of(customerId))
        .map(count -> new NotificationPage().setItems(items).setPage(page).setSize(size)
          .setTotal(count.iterator().next().getLong(0))));
  }

  Future<List<Event>> feed(String customerId, long afterPosition, int limit) {
    return outbox.readAbout(pool, customerId, afterPosition, limit);
  }

  Future<List<Event>> events(long afterPosition, int limit) {
    return outbox.read(pool, afterPosition, limit);
  }

  // ---- sending

  /**
   * Takes up to {@code limit} emails that are due, and makes each due again only after {@code lease}: if this instance
   * dies while sending, another sends it then, as the same message. SKIP LOCKED lets instances sweeping at the same
   * moment take different rows.
   */
  Future<List<Email>> takeDue(int limit, Duration lease) {
    return pool.preparedQuery("""
          UPDATE notification.notification n
             SET attempts = attempts + 1, next_attempt_at = now() + make_interval(secs => $2)
           WHERE id IN (SELECT id FROM notification.notification
                         WHERE status = 'PENDING' AND next_attempt_at <= now()
                         ORDER BY next_attempt_at LIMIT $1 FOR UPDATE SKIP LOCKED)
          RETURNING id, recipient, subject, body_text, body_html, attempts""")
      .execute(Tuple.of(limit, lease.toMillis() / 1000.0))
      .map(rows -> StreamSupport.stream(rows.spliterator(), false).map(row -> new Email(row.getUUID("id"),
        row.getString("recipient"), row.getString("subject"), row.getString("body_text"), row.getString("body_html"),
        row.getInteger("attempts"))).toList());
  }

  /** The server accepted it. Only a PENDING one changes, so a second instance that sent it too changes nothing. */
  Future<Void> sent(UUID id) {
    return pool.withTransaction(tx -> tx.preparedQuery("""
          UPDATE notification.notification SET status = 'SENT', reason = NULL, next_attempt_at = NULL, sent_at = now()
           WHERE id = $1 AND status = 'PENDING' RETURNING""" + " " + COLUMNS)
      .execute(Tuple.of(id))
      .compose(rows -> announce(tx, rows, NotificationEvents.SENT)));
  }

  /** The attempt failed; the next one is due after {@code wait}. */
  Future<Void> retryLater(UUID id, String reason, Duration wait) {
    return pool.preparedQuery("""
          UPDATE notification.notification SET reason = $2, next_attempt_at = now() + make_interval(secs => $3)
           WHERE id = $1 AND status = 'PENDING'""")
      .execute(Tuple.of(id, reason, wait.toMillis() / 1000.0))
      .mapEmpty();
  }

  /** Given up: the server refused it for good, or every attempt failed. */
  Future<Void> failed(UUID id, String reason) {
    return pool.withTransaction(tx -> tx.preparedQuery("""
          UPDATE notification.notification SET status = 'FAILED', reason = $2, next_attempt_at = NULL
           WHERE id = $1 AND status = 'PENDING' RETURNING""" + " " + COLUMNS)
      .execute(Tuple.of(id, reason))
      .compose(rows -> announce(tx, rows, NotificationEvents.FAILED)));
  }

  private Future<Void> announce(SqlClient tx, Iterable<Row> changed, String type) {
    var rows = changed.iterator();
    if (!rows.hasNext()) {
      return Future.succeededFuture();
    }
    Notification notification = toNotification(rows.next());
    return toFeed(tx, notification.getCustomerId(), type, notification.toJson());
  }

  // ---- mapping

  private static NotificationPreferences toPreferences(Row row) {
    return new NotificationPreferences()
      .setEmail(row.getString("email"))
      .setOptedOut(Arrays.stream(row.getArrayOfStrings("opted_out")).map(NotificationKind::valueOf).toList());
  }

  private static Notification toNotification(Row row) {
    return new Notification()
      .setId(row.getUUID("id").toString())
      .setCustomerId(row.getString("customer_id"))
      .setOrderId(row.getUUID("order_id").toString())
      .setKind(NotificationKind.valueOf(row.getString("kind")))
      .setRecipient(row.getString("recipient"))
      .setSubject(row.getString("subject"))
      .setStatus(DeliveryStatus.valueOf(row.getString("status")))
      .setReason(row.getString("reason"))
      .setAttempts(row.getInteger("attempts"))
      .setCreatedAt(instant(row.getOffsetDateTime("created_at")))
      .setSentAt(instant(row.getOffsetDateTime("sent_at")));
  }

  private static String instant(OffsetDateTime at) {
    return at == null ? null : at.toInstant().toString();
  }
}
