package dev.bazaar.payment;

import dev.bazaar.contracts.ErrorCode;
import dev.bazaar.contracts.Event;
import dev.bazaar.contracts.Money;
import dev.bazaar.contracts.payment.Payment;
import dev.bazaar.contracts.payment.PaymentEvents;
import dev.bazaar.contracts.payment.PaymentMethod;
import dev.bazaar.contracts.payment.PaymentStatus;
import dev.bazaar.platform.ForbiddenKeys;
import dev.bazaar.platform.Outbox;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

/**
 * Every SQL statement of the payment service, and nothing else. Each change of a payment's state is conditional on
 * the state it leaves, so that of two calls racing for the same move exactly one makes it, and it writes its event
 * in the same transaction.
 */
public class PaymentRepository {

  private static final String METHOD_COLUMNS = "id, brand, last4, exp_month, exp_year";

  private static final String PAYMENT_COLUMNS = """
    p.order_id, p.customer_id, p.payment_method_id, p.status, p.currency, p.amount_value, p.captured_value,
    p.refunded_value, p.decline_reason, p.created_at, p.updated_at, m.brand, m.last4""";

  private static final String SELECT_PAYMENT = "SELECT " + PAYMENT_COLUMNS
    + " FROM payment.payment p JOIN payment.payment_method m ON m.id = p.payment_method_id WHERE p.order_id = $1";

  /** The payment as a statement that moved or stored it returns it, from {@code RETURNING *} named {@code changed}. */
  private static final String SELECT_CHANGED = "SELECT " + PAYMENT_COLUMNS
    + " FROM changed p JOIN payment.payment_method m ON m.id = p.payment_method_id";

  /**
   * All an authorize reads before it asks the issuer, in one statement: the customer's method ($1, $2), whether the
   * order ($3) was voided before it was paid, the customer's latest declines ($4 of them; LIMIT 0 reads none, which is
   * what a DeclineLimit that is off asks for) and the order's payment if an earlier call stored one. No row when the
   * method does not exist or is someone else's.
   */
  private static final String AUTHORIZATION_CONTEXT = """
    SELECT c.id AS method_id, c.brand AS method_brand, c.last4 AS method_last4, c.exp_month AS method_exp_month,
           c.exp_year AS method_exp_year, c.gateway_reference,
           EXISTS (SELECT 1 FROM payment.authorization_forbidden f WHERE f.order_id = $3) AS forbidden,
           ARRAY(SELECT d.decided_at FROM payment.payment d WHERE d.customer_id = $2 AND d.status = 'DECLINED'
                  ORDER BY d.decided_at DESC LIMIT $4) AS declines,
           """ + PAYMENT_COLUMNS + """

      FROM payment.payment_method c
      LEFT JOIN payment.payment p ON p.order_id = $3
      LEFT JOIN payment.payment_method m ON m.id = p.payment_method_id
     WHERE c.id = $1 AND c.customer_id = $2""";

  /**
   * Stores the order's payment with the issuer's answer ($4, its reason $7, given at $8), or as VOIDED when the order
   * was voided while the issuer was deciding. No row when an earlier call stored the order's payment first.
   */
  private static final String STORE_AUTHORIZATION = """
    WITH voided AS (SELECT EXISTS (SELECT 1 FROM payment.authorization_forbidden WHERE order_id = $1) AS meanwhile),
    changed AS (
      INSERT INTO payment.payment (order_id, customer_id, payment_method_id, status, currency, amount_value,
                                   decline_reason, decided_at)
      SELECT $1, $2, $3, CASE WHEN voided.meanwhile THEN 'VOIDED' ELSE $4 END, $5, $6,
             CASE WHEN voided.meanwhile THEN NULL ELSE $7 END, $8
        FROM voided
      ON CONFLICT (order_id) DO NOTHING
      RETURNING *)
    """ + SELECT_CHANGED;

  private static final String MARK_CAPTURED = """
    WITH changed AS (
      UPDATE payment.payment SET status = 'CAPTURED', captured_value = amount_value, updated_at = now()
       WHERE order_id = $1 AND status = 'AUTHORIZED'
      RETURNING *)
    """ + SELECT_CHANGED;

  private static final String MARK_VOIDED = """
    WITH changed AS (
      UPDATE payment.payment SET status = 'VOIDED', updated_at = now()
       WHERE order_id = $1 AND status = 'AUTHORIZED'
      RETURNING *)
    """ + SELECT_CHANGED;

  private static final String MARK_PENDING_VOIDED = """
    WITH changed AS (
      UPDATE payment.payment SET status = 'VOIDED', updated_at = now()
       WHERE order_id = $1 AND status = 'PENDING'
      RETURNING *)
    """ + SELECT_CHANGED;

  private static final String SETTLE_PENDING = """
    WITH changed AS (
      UPDATE payment.payment SET status = $2, decline_reason = $3, decided_at = $4, updated_at = now()
       WHERE order_id = $1 AND status = 'PENDING'
      RETURNING *)
    """ + SELECT_CHANGED;

  /**
   * Notes that the order ($1) was confirmed, on its payment if that is still AUTHORIZED, and answers the status the
   * payment had (the outer SELECT sees the table as the statement found it); no row when the order has no payment.
   */
  private static final String MARK_CONFIRMED = """
    WITH marked AS (
      UPDATE payment.payment SET confirmed_at = now()
       WHERE order_id = $1 AND status = 'AUTHORIZED' AND confirmed_at IS NULL
      RETURNING order_id)
    SELECT status FROM payment.payment WHERE order_id = $1""";

  /** Payments still AUTHORIZED longer than $1 ms after their order was confirmed, the longest waiting first. */
  private static final String CONFIRMED_UNCAPTURED = """
    SELECT order_id FROM payment.payment
     WHERE status = 'AUTHORIZED' AND confirmed_at < now() - $1::bigint * interval '1 millisecond'
     ORDER BY confirmed_at LIMIT $2""";

  /** Orders voided before they had a payment: none may be stored AUTHORIZED for them. */
  private static final ForbiddenKeys AUTHORIZATION_FORBIDDEN =
    new ForbiddenKeys("payment.authorization_forbidden", "payment.payment");

  /** Which event announces a payment arriving in each state. */
  private static final Map<PaymentStatus, String> EVENTS = Map.of(
    PaymentStatus.AUTHORIZED, PaymentEvents.AUTHORIZED,
    PaymentStatus.DECLINED, PaymentEvents.DECLINED,
    PaymentStatus.FAILED, PaymentEvents.FAILED,
    PaymentStatus.CAPTURED, PaymentEvents.CAPTURED,
    PaymentStatus.VOIDED, PaymentEvents.VOIDED,
    PaymentStatus.PARTIALLY_REFUNDED, PaymentEvents.REFUNDED,
    PaymentStatus.REFUNDED, PaymentEvents.REFUNDED);

  /** A customer's payment method with the reference the processor charges, which never leaves this service. */
  record StoredMethod(PaymentMethod method, String gatewayReference) {
  }

  /**
   * What an authorize needs to know before it asks the issuer.
   *
   * @param forbidden the order was voided before it had a payment
   * @param declines when the customer's latest declines were decided, newest first
   * @param earlier the order's payment, when an earlier call stored one; else null
   */
  record AuthorizationContext(StoredMethod method, boolean forbidden, List<Instant> declines, Payment earlier) {
  }

  /** A refund whose amount is set aside; {@code done} once the processor has paid it out. */
  record RefundClaim(String refundId, String orderId, long amount, boolean done) {
  }

  private final Pool pool;
  private final Outbox outbox;

  public PaymentRepository(Pool pool, Outbox outbox) {
    this.pool = pool;
    this.outbox = outbox;
  }

  public Future<Void> ping() {
    return pool.query("SELECT 1").execute().mapEmpty();
  }

  // ---- payment methods

  public Future<PaymentMethod> insertMethod(String id, String customerId, PaymentGateway.CardReference card,
                                            int expMonth, int expYear) {
    return pool.preparedQuery("""
        INSERT INTO payment.payment_method (id, customer_id, brand, last4, exp_month, exp_year, gateway_reference)
        VALUES ($1, $2, $3, $4, $5, $6, $7)
        RETURNING""" + " " + METHOD_COLUMNS)
      .execute(Tuple.from(List.of(id, customerId, card.brand(), card.last4(), expMonth, expYear, card.reference())))
      .map(rows -> toMethod(rows.iterator().next()));
  }

  /** The customer's method, or null when it does not exist or belongs to someone else: the two look the same. */
  public Future<StoredMethod> findMethod(String customerId, String id) {
    return pool.preparedQuery("SELECT " + METHOD_COLUMNS + ", gateway_reference FROM payment.payment_method"
        + " WHERE id = $1 AND customer_id = $2")
      .execute(Tuple.of(id, customerId))
      .map(rows -> rows.size() == 0 ? null
        : new StoredMethod(toMethod(rows.iterator().next()), rows.iterator().next().getString("gateway_reference")));
  }

  // ---- payments

  /** The order's payment, or null when it has none. */
  public Future<Payment> find(String orderId) {
    return find(pool, orderId);
  }

  private static Future<Payment> find(SqlClient client, String orderId) {
    return client.preparedQuery(SELECT_PAYMENT).execute(Tuple.of(orderId))
      .map(rows -> rows.size() == 0 ? null : toPayment(rows.iterator().next()));
  }

  /**
   * What an authorize of the order by the customer's method needs to know, reading at most {@code declines} of the
   * customer's declines; null when the method does not exist or belongs to someone else.
   */
  public Future<AuthorizationContext> authorizationContext(String orderId, String customerId, String methodId,
                                                           int declines) {
    return pool.preparedQuery(AUTHORIZATION_CONTEXT).execute(Tuple.of(methodId, customerId, orderId, declines))
      .map(rows -> rows.size() == 0 ? null : toContext(rows.iterator().next()));
  }

  /**
   * Stores the order's payment once, with the issuer's answer and its event, in one transaction: as {@code outcome},
   * or as VOIDED if a void marked the order meanwhile. Null when the order has a payment already (a concurrent call
   * stored it first). The order's {@link #AUTHORIZATION_FORBIDDEN} lock is taken first, so that of this and a void
   * marking the order, the second sees what the first wrote; the two statements go out together, pipelined, and the
   * insert's snapshot is still taken after the lock is held.
   */
  public Future<Payment> storeAuthorization(String orderId, String customerId, String methodId, Money amount,
                                            PaymentStatus outcome, String reason, Instant decidedAt) {
    return pool.withTransaction(tx -> {
      Future<Void> locked = AUTHORIZATION_FORBIDDEN.lock(tx, orderId);
      Future<RowSet<Row>> stored = tx.preparedQuery(STORE_AUTHORIZATION).execute(Tuple.from(new Object[] {orderId,
        customerId, methodId, outcome.name(), amount.getCurrency(), amount.getValue(), reason,
        OffsetDateTime.ofInstant(decidedAt, ZoneOffset.UTC)}));
      return locked.compose(held -> stored).compose(rows -> announceChanged(tx, rows));
    });
  }

  /** Marks an order that has no payment so that none will ever be claimed for it; false when it has one after all. */
  public Future<Boolean> forbidAuthorization(String orderId) {
    return AUTHORIZATION_FORBIDDEN.forbid(pool, orderId);
  }

  /**
   * Records the issuer's answer to a PENDING authorization, given at {@code decidedAt}; null when another call recorded
   * one first. Only versions before one-transaction authorizes left payments PENDING.
   */
  public Future<Payment> settleAuthorization(String orderId, PaymentStatus outcome, String reason, Instant decidedAt) {
    return move(SETTLE_PENDING,
      Tuple.of(orderId, outcome.name(), reason, OffsetDateTime.ofInstant(decidedAt, ZoneOffset.UTC)));
  }

  /** When the customer's latest declines were decided, newest first, at most {@code limit} of them. */
  public Future<List<Instant>> latestDeclines(String customerId, int limit) {
    return pool.preparedQuery("""
        SELECT decided_at FROM payment.payment
         WHERE customer_id = $1 AND status = 'DECLINED'
         ORDER BY decided_at DESC LIMIT $2""")
      .execute(Tuple.of(customerId, limit))
      .map(rows -> StreamSupport.stream(rows.spliterator(), false)
        .map(row -> row.getOffsetDateTime("decided_at").toInstant()).toList());
  }

  /** AUTHORIZED to CAPTURED, taking the whole amount; null when the payment was not AUTHORIZED. */
  public Future<Payment> markCaptured(String orderId) {
    return move(MARK_CAPTURED, Tuple.of(orderId));
  }

  /** PENDING to VOIDED, before the issuer's answer is recorded; null when the payment was no longer PENDING. */
  public Future<Payment> markPendingVoided(String orderId) {
    return move(MARK_PENDING_VOIDED, Tuple.of(orderId));
  }

  /** AUTHORIZED to VOIDED; null when the payment was not AUTHORIZED. */
  public Future<Payment> markVoided(String orderId) {
    return move(MARK_VOIDED, Tuple.of(orderId));
  }

  /** Runs a conditional move of a payment, which returns it moved, and announces it; null when nothing moved. */
  private Future<Payment> move(String update, Tuple parameters) {
    return pool.withTransaction(tx -> tx.preparedQuery(update).execute(parameters)
      .compose(rows -> announceChanged(tx, rows)));
  }

  private Future<Payment> announceChanged(SqlClient tx, RowSet<Row> rows) {
    return rows.size() == 0 ? Future.succeededFuture()
      : announce(tx, toPayment(rows.iterator().next()), new JsonObject());
  }

  // ---- confirmed orders

  /**
   * Notes, inside the caller's transaction, that the order was confirmed: on its payment if that is still AUTHORIZED,
   * which makes it due for {@link #confirmedUncaptured}. Answers the status the payment had, or null when there is none.
   */
  public Future<PaymentStatus> markConfirmed(SqlClient transaction, String orderId) {
    return transaction.preparedQuery(MARK_CONFIRMED).execute(Tuple.of(orderId))
      .map(rows -> rows.size() == 0 ? null : PaymentStatus.valueOf(rows.iterator().next().getString("status")));
  }

  /** The orders confirmed more than {@code grace} ago whose payment is still AUTHORIZED, at most {@code limit}. */
  public Future<List<String>> confirmedUncaptured(Duration grace, int limit) {
    return pool.preparedQuery(CONFIRMED_UNCAPTURED).execute(Tuple.of(grace.toMillis(), limit))
      .map(rows -> StreamSupport.stream(rows.spliterator(), false).map(row -> row.getString("order_id")).toList());
  }

  // ---- refunds

  /**
   * Sets the refund's amount aside, unless it would take the refunds past what was captured: then CONFLICT, and
   * nothing is set aside. A refund id seen before gives back that refund's claim, changing nothing.
   */
  public Future<RefundClaim> claimRefund(String orderId, String refundId, long amount) {
    return pool.withTransaction(tx -> tx.preparedQuery("""
          INSERT INTO payment.refund (refund_id, order_id, amount_value, status) VALUES ($1, $2, $3, 'PENDING')
          ON CONFLICT (refund_id) DO NOTHING""")
      .execute(Tuple.of(refundId, orderId, amount))
      .compose(inserted -> inserted.rowCount() == 0
        ? findRefund(tx, refundId)
        : tx.preparedQuery("""
              UPDATE payment.payment SET refunded_value = refunded_value + $2, updated_at = now()
               WHERE order_id = $1 AND status IN ('CAPTURED', 'PARTIALLY_REFUNDED')
                 AND refunded_value + $2 <= captured_value
              RETURNING captured_value - refunded_value AS left_to_refund""")
          .execute(Tuple.of(orderId, amount))
          .compose(claimed -> claimed.rowCount() == 1
            ? Future.succeededFuture(new RefundClaim(refundId, orderId, amount, false))
            : ErrorCode.CONFLICT.fail("Order " + orderId + " has not that much captured and not yet refunded."))));
  }

  private static Future<RefundClaim> findRefund(SqlClient client, String refundId) {
    return client.preparedQuery("SELECT refund_id, order_id, amount_value, status FROM payment.refund WHERE refund_id = $1")
      .execute(Tuple.of(refundId))
      .map(rows -> {
        Row row = rows.iterator().next();
        return new RefundClaim(row.getString("refund_id"), row.getString("order_id"), row.getLong("amount_value"),
          "DONE".equals(row.getString("status")));
      });
  }

  /** The processor paid the refund out: it is done, and the payment says how much is refunded now. */
  public Future<Payment> settleRefund(RefundClaim claim) {
    return pool.withTransaction(tx -> tx.preparedQuery(
          "UPDATE payment.refund SET status = 'DONE' WHERE refund_id = $1 AND status = 'PENDING'")
      .execute(Tuple.of(claim.refundId()))
      .compose(settled -> settled.rowCount() == 0
        ? find(tx, claim.orderId())
        : tx.preparedQuery("""
              UPDATE payment.payment
                 SET status = CASE WHEN refunded_value = captured_value THEN 'REFUNDED' ELSE 'PARTIALLY_REFUNDED' END,
                     updated_at = now()
               WHERE order_id = $1""")
          .execute(Tuple.of(claim.orderId()))
          .compose(updated -> find(tx, claim.orderId()))
          .compose(payment -> announce(tx, payment,
            new JsonObject().put("refundId", claim.refundId()).put("refundedNow", money(claim.amount(), payment))))));
  }

  /** The processor would not pay the refund out: its amount is no longer set aside. */
  public Future<Void> abandonRefund(RefundClaim claim) {
    return pool.withTransaction(tx -> tx.preparedQuery(
          "DELETE FROM payment.refund WHERE refund_id = $1 AND status = 'PENDING'")
      .execute(Tuple.of(claim.refundId()))
      .compose(deleted -> deleted.rowCount() == 0 ? Future.succeededFuture() : tx.preparedQuery(
          "UPDATE payment.payment SET refunded_value = refunded_value - $2, updated_at = now() WHERE order_id = $1")
        .execute(Tuple.of(claim.orderId(), claim.amount())).mapEmpty()));
  }

  // ---- the outbox

  public Future<List<Event>> events(long afterPosition, int limit) {
    return outbox.read(pool, afterPosition, limit);
  }

  private Future<Payment> announce(SqlClient tx, Payment payment, JsonObject extra) {
    return outbox.write(tx, EVENTS.get(payment.getStatus()), payment.getOrderId(), payment.toJson().mergeIn(extra))
      .map(payment);
  }

  // ---- mapping

  private static PaymentMethod toMethod(Row row) {
    return new PaymentMethod()
      .setId(row.getString("id"))
      .setBrand(row.getString("brand"))
      .setLast4(row.getString("last4"))
      .setExpMonth(row.getInteger("exp_month"))
      .setExpYear(row.getInteger("exp_year"));
  }

  private static AuthorizationContext toContext(Row row) {
    PaymentMethod method = new PaymentMethod()
      .setId(row.getString("method_id"))
      .setBrand(row.getString("method_brand"))
      .setLast4(row.getString("method_last4"))
      .setExpMonth(row.getInteger("method_exp_month"))
      .setExpYear(row.getInteger("method_exp_year"));
    List<Instant> declines = Arrays.stream(row.getArrayOfOffsetDateTimes("declines")).map(OffsetDateTime::toInstant).toList();
    return new AuthorizationContext(new StoredMethod(method, row.getString("gateway_reference")),
      row.getBoolean("forbidden"), declines, row.getString("order_id") == null ? null : toPayment(row));
  }

  private static Payment toPayment(Row row) {
    String currency = row.getString("currency");
    return new Payment()
      .setOrderId(row.getString("order_id"))
      .setStatus(PaymentStatus.valueOf(row.getString("status")))
      .setAmount(new Money(row.getLong("amount_value"), currency))
      .setCaptured(new Money(row.getLong("captured_value"), currency))
      .setRefunded(new Money(row.getLong("refunded_value"), currency))
      .setPaymentMethodId(row.getString("payment_method_id"))
      .setBrand(row.getString("brand"))
      .setLast4(row.getString("last4"))
      .setDeclineReason(row.getString("decline_reason"))
      .setCreatedAt(instant(row.getOffsetDateTime("created_at")))
      .setUpdatedAt(instant(row.getOffsetDateTime("updated_at")));
  }

  private static JsonObject money(long value, Payment payment) {
    return new Money(value, payment.getAmount().getCurrency()).toJson();
  }

  private static String instant(OffsetDateTime time) {
    return time.toInstant().toString();
  }
}
