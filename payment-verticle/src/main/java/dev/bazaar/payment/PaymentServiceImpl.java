package dev.bazaar.payment;

import dev.bazaar.contracts.ErrorCode;
import dev.bazaar.contracts.Event;
import dev.bazaar.contracts.Money;
import dev.bazaar.contracts.payment.Card;
import dev.bazaar.contracts.payment.Payment;
import dev.bazaar.contracts.payment.PaymentMethod;
import dev.bazaar.contracts.payment.PaymentService;
import dev.bazaar.contracts.payment.PaymentStatus;
import dev.bazaar.payment.PaymentRepository.RefundClaim;
import dev.bazaar.payment.PaymentRepository.StoredMethod;
import dev.bazaar.platform.Identifiers;
import dev.bazaar.platform.MoneyRules;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The payment service's rules. A card is checked and handed to the gateway, and from then on only its payment method
 * is named. Every call to the gateway carries an idempotency key (the order id, or the step and the order id), so a
 * call repeated after a timeout or a crash has the first one's effect and no second one; each stored change of a
 * payment is conditional on the state it leaves, so of two calls racing for the same move exactly one makes it.
 */
public class PaymentServiceImpl implements PaymentService {

  static final long MAX_AMOUNT = 1_000_000_000_00L;
  private static final Set<PaymentStatus> CAPTURED_ALREADY =
    Set.of(PaymentStatus.CAPTURED, PaymentStatus.PARTIALLY_REFUNDED, PaymentStatus.REFUNDED);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final PaymentRepository repository;
  private final PaymentGateway gateway;
  private final DeclineLimit declineLimit;
  private final Clock clock;
  private final String currency;
  /**
   * The authorizations this instance is asking the issuer about, by order. A void of one of them that finds no
   * payment yet waits for it and answers the payment it stored (VOIDED); a void on another instance answers NOT_FOUND,
   * with the same effect: the payment ends VOIDED or absent, and the issuer's hold is released.
   */
  private final Map<String, Future<Payment>> beingDecided = new ConcurrentHashMap<>();

  /** Payments are authorized in {@code currency}, the one the shop sells in, and in no other. */
  public PaymentServiceImpl(PaymentRepository repository, PaymentGateway gateway, DeclineLimit declineLimit, Clock clock,
                            String currency) {
    this.repository = repository;
    this.gateway = gateway;
    this.declineLimit = declineLimit;
    this.clock = clock;
    this.currency = currency;
  }

  @Override
  public Future<Void> ping() {
    return repository.ping();
  }

  @Override
  public Future<PaymentMethod> tokenize(String customerId, Card card) {
    Optional<String> unusable = CardRules.violation(card, YearMonth.now(clock));
    if (unusable.isPresent()) {
      return ErrorCode.INVALID_INPUT.fail(unusable.get());
    }
    return Identifiers.valid("customerId", customerId)
      .compose(valid -> notCoolingDown(customerId))
      .compose(admitted -> gateway.register(card))
      .compose(registered -> repository.insertMethod(newMethodId(), customerId, registered, card.getExpMonth(),
        card.getExpYear()));
  }

  @Override
  public Future<PaymentMethod> paymentMethod(String customerId, String paymentMethodId) {
    return storedMethod(customerId, paymentMethodId).map(StoredMethod::method);
  }

  /**
   * Reads all it needs in one statement, asks the issuer, and stores the payment once, with the issuer's answer: one
   * write transaction. What a crash leaves at each point, and why a retry or a void still ends right:
   * <ul>
   * <li>before the issuer is asked: nothing, anywhere; a retry starts over.
   * <li>after the issuer answered, before the payment is stored: the issuer may hold an approval under the order id
   * that no row records. A retried authorize asks again and, the issuer being idempotent by the order id, gets the
   * same answer, which it stores. A void instead (the checkout gave up) finds no payment, marks the order so that none
   * will be stored AUTHORIZED, and voids at the issuer by the order id, which releases that hold.
   * <li>after the commit: the payment and its event are stored together; a retry answers that payment.
   * </ul>
   * A void that comes while the issuer decides marks the order in the same way; this authorize then stores the
   * payment VOIDED, and releases an approval the issuer gives after the void (see {@link #voidedMeanwhile}).
   */
  @Override
  public Future<Payment> authorize(String orderId, String customerId, Money amount, String paymentMethodId) {
    Optional<String> badAmount = MoneyRules.violation("amount", amount, 1, MAX_AMOUNT, currency);
    if (badAmount.isPresent()) {
      return ErrorCode.INVALID_INPUT.fail(badAmount.get());
    }
    return Identifiers.valid("orderId", orderId)
      .compose(valid -> Identifiers.valid("customerId", customerId))
      .compose(valid -> Identifiers.valid("paymentMethodId", paymentMethodId))
      .compose(valid -> repository.authorizationContext(orderId, customerId, paymentMethodId, declineLimit.declines()))
      .compose(context -> context == null ? noSuchMethod(paymentMethodId)
        // An authorize already made for the order (a retry after a timeout) is answered as before, cool-down or not.
        : context.earlier() != null ? repeated(context.earlier(), amount, context.method())
        : context.forbidden() ? voidedBeforePaid(orderId)
        : notCoolingDownAfter(context.declines()).compose(admitted -> decide(orderId, customerId, amount, context.method())));
  }

  /**
   * Refuses a customer whose latest declines tripped the {@link DeclineLimit}, until its cool-down ends. The declines
   * are read from the payments table, so every instance of the service, and one started since, counts the same.
   */
  private Future<Void> notCoolingDown(String customerId) {
    if (declineLimit.isOff()) {
      return Future.succeededFuture();
    }
    return repository.latestDeclines(customerId, declineLimit.declines()).compose(this::notCoolingDownAfter);
  }

  /** As above, given the customer's latest declines, newest first. */
  private Future<Void> notCoolingDownAfter(List<Instant> declines) {
    return declineLimit.coolDownEnd(declines)
      .filter(clock.instant()::isBefore)
      .map(this::<Void>tooManyDeclines)
      .orElse(Future.succeededFuture());
  }

  private <T> Future<T> tooManyDeclines(Instant coolDownEnd) {
    Instant now = clock.instant();
    long seconds = Math.max(1, (Duration.between(now, coolDownEnd).toMillis() + 999) / 1000);
    return Future.failedFuture(ErrorCode.TOO_MANY_DECLINES.exception("Too many cards were declined for this customer of"
        + " late; new cards and card payments are taken again from " + coolDownEnd.truncatedTo(ChronoUnit.SECONDS)
        + ", in " + seconds + " seconds.",
      new JsonObject().put(ErrorCode.RETRY_AFTER_SECONDS, seconds)));
  }

  /**
   * The payment an earlier call made for the order, if this call asks for the same. A payment method belongs to one
   * customer, so the same method means the same customer. A payment left PENDING by a version that claimed before it
   * asked the issuer is decided now.
   */
  private Future<Payment> repeated(Payment earlier, Money amount, StoredMethod method) {
    return sameAsAsked(earlier, amount, method.method().getId())
      .compose(payment -> payment.getStatus() == PaymentStatus.PENDING ? decidePending(payment, method)
        : Future.succeededFuture(payment));
  }

  private Future<Payment> sameAsAsked(Payment payment, Money amount, String paymentMethodId) {
    return payment.getAmount().equals(amount) && payment.getPaymentMethodId().equals(paymentMethodId)
      ? Future.succeededFuture(payment)
      : ErrorCode.CONFLICT.fail("Order " + payment.getOrderId() + " already has a payment of another amount or method.");
  }

  private Future<Payment> voidedBeforePaid(String orderId) {
    return ErrorCode.CONFLICT.fail("Order " + orderId + " was voided before it was paid; it will not be authorized.");
  }

  /**
   * Asks the issuer, by the order id so that asking twice is asking once, and stores the payment with its answer. While
   * it runs, a void of the order on this instance can wait for it (see {@link #releaseUnrecorded}).
   */
  private Future<Payment> decide(String orderId, String customerId, Money amount, StoredMethod method) {
    Future<Payment> deciding = gateway.authorize(orderId, method.gatewayReference(), amount)
      .compose(decision -> repository.storeAuthorization(orderId, customerId, method.method().getId(), amount,
          outcomeOf(decision), decision.reason(), clock.instant())
        .compose(stored -> stored == null
          ? repository.find(orderId).compose(first -> sameAsAsked(first, amount, method.method().getId()))
          : voidedMeanwhile(stored, decision)));
    beingDecided.put(orderId, deciding);
    deciding.onComplete(done -> beingDecided.remove(orderId, deciding));
    return deciding;
  }

  /**
   * A void overtook the authorization while the issuer was deciding, so the payment was stored VOIDED; a hold the
   * issuer approved after that void is released, since the payment it was for is void.
   */
  private Future<Payment> voidedMeanwhile(Payment stored, PaymentGateway.Decision decision) {
    return stored.getStatus() == PaymentStatus.VOIDED && decision.approved()
      ? gateway.voidAuthorization("void-approved-late:" + stored.getOrderId()).map(stored)
      : Future.succeededFuture(stored);
  }

  /** A PENDING payment (see {@link #repeated}): the issuer is asked and its answer recorded. */
  private Future<Payment> decidePending(Payment pending, StoredMethod method) {
    String orderId = pending.getOrderId();
    return gateway.authorize(orderId, method.gatewayReference(), pending.getAmount())
      .compose(decision -> repository.settleAuthorization(orderId, outcomeOf(decision), decision.reason(), clock.instant())
        .compose(settled -> settled != null ? Future.succeededFuture(settled) : settledMeanwhile(orderId, decision)));
  }

  /** Another call recorded the issuer's answer first, or a void overtook this PENDING payment's authorization. */
  private Future<Payment> settledMeanwhile(String orderId, PaymentGateway.Decision decision) {
    return repository.find(orderId).compose(payment -> voidedMeanwhile(payment, decision));
  }

  @Override
  public Future<Payment> capture(String orderId) {
    return existingPayment(orderId).compose(payment -> CAPTURED_ALREADY.contains(payment.getStatus())
      ? Future.succeededFuture(payment)
      : PaymentStates.MOVES.check(what(orderId), payment.getStatus(), PaymentStatus.CAPTURED)
        .compose(allowed -> gateway.capture("capture:" + orderId, payment.getAmount()))
        .compose(taken -> repository.markCaptured(orderId))
        .compose(captured -> captured != null ? Future.succeededFuture(captured) : capture(orderId)));
  }

  /**
   * Voids the order's payment, whatever point its authorization has reached: the caller, a checkout giving up, may
   * not know whether its authorize arrived, is being decided or was decided.
   */
  @Override
  public Future<Payment> voidAuthorization(String orderId) {
    return Identifiers.valid("orderId", orderId)
      .compose(valid -> repository.find(orderId))
      .compose(payment -> payment == null ? forbid(orderId)
        : payment.getStatus() == PaymentStatus.VOIDED ? Future.succeededFuture(payment)
        : payment.getStatus() == PaymentStatus.PENDING ? voidPending(orderId)
        : voidAuthorized(payment));
  }

  /** No payment yet: an authorize still on its way must not make an AUTHORIZED one. */
  private Future<Payment> forbid(String orderId) {
    return repository.forbidAuthorization(orderId)
      .compose(forbidden -> forbidden ? releaseUnrecorded(orderId) : voidAuthorization(orderId));
  }

  /**
   * The order is marked, so no payment will be stored AUTHORIZED for it; but the issuer may hold an approval no row
   * records: one it is deciding now, or one it gave just before a crash (see {@link #authorize}). It is released by the
   * order id; voiding what the issuer never approved releases nothing. An authorize this instance is deciding ends
   * VOIDED, and that payment is the answer; otherwise there is none, and the answer is NOT_FOUND.
   */
  private Future<Payment> releaseUnrecorded(String orderId) {
    Future<Payment> deciding = beingDecided.get(orderId);
    return gateway.voidAuthorization("void:" + orderId)
      .compose(released -> deciding == null ? Future.<Payment>succeededFuture()
        : deciding.transform(decided -> repository.find(orderId)))
      .compose(payment -> payment != null ? Future.succeededFuture(payment)
        : ErrorCode.NOT_FOUND.fail("Order " + orderId + " has no payment, and now will not be authorized."));
  }

  /**
   * PENDING (see {@link #repeated}): VOIDED first, so that the issuer's answer can no longer settle the payment, then
   * any hold the issuer may already have made is released (see {@link #settledMeanwhile} for a later approval).
   */
  private Future<Payment> voidPending(String orderId) {
    return repository.markPendingVoided(orderId)
      .compose(voided -> voided == null
        ? voidAuthorization(orderId)
        : gateway.voidAuthorization("void:" + orderId).map(voided));
  }

  private Future<Payment> voidAuthorized(Payment payment) {
    String orderId = payment.getOrderId();
    return PaymentStates.MOVES.check(what(orderId), payment.getStatus(), PaymentStatus.VOIDED)
      .compose(allowed -> gateway.voidAuthorization("void:" + orderId))
      .compose(released -> repository.markVoided(orderId))
      .compose(voided -> voided != null ? Future.succeededFuture(voided) : voidAuthorization(orderId));
  }

  @Override
  public Future<Payment> refund(String orderId, String refundId, Money amount) {
    Optional<String> badAmount = MoneyRules.violation("amount", amount, 1, MAX_AMOUNT);
    if (badAmount.isPresent()) {
      return ErrorCode.INVALID_INPUT.fail(badAmount.get());
    }
    return Identifiers.valid("refundId", refundId)
      .compose(valid -> existingPayment(orderId))
      .compose(payment -> refundable(payment, amount))
      .compose(payment -> repository.claimRefund(orderId, refundId, amount.getValue()))
      .compose(claim -> claim.orderId().equals(orderId) && claim.amount() == amount.getValue()
        ? payOut(claim)
        : ErrorCode.CONFLICT.fail("Refund " + refundId + " was made for another order or amount."));
  }

  private Future<Payment> refundable(Payment payment, Money amount) {
    if (!payment.getAmount().getCurrency().equals(amount.getCurrency())) {
      return ErrorCode.INVALID_INPUT.fail("A refund is in the payment's currency, " + payment.getAmount().getCurrency() + ".");
    }
    return PaymentStates.MOVES.check(what(payment.getOrderId()), payment.getStatus(), PaymentStatus.REFUNDED).map(payment);
  }

  /** The processor pays the claimed refund out, by its id so that paying twice is paying once; then it is recorded. */
  private Future<Payment> payOut(RefundClaim claim) {
    if (claim.done()) {
      return repository.find(claim.orderId());
    }
    return repository.find(claim.orderId())
      .compose(payment -> gateway.refund(claim.refundId(), new Money(claim.amount(), payment.getAmount().getCurrency())))
      .compose(paid -> repository.settleRefund(claim),
        refused -> repository.abandonRefund(claim).compose(abandoned -> Future.failedFuture(refused)));
  }

  @Override
  public Future<Payment> get(String orderId) {
    return existingPayment(orderId);
  }

  @Override
  public Future<List<Event>> events(long afterPosition, int limit) {
    return repository.events(afterPosition, limit);
  }

  // ---- helpers

  private Future<StoredMethod> storedMethod(String customerId, String paymentMethodId) {
    return Identifiers.valid("customerId", customerId)
      .compose(valid -> Identifiers.valid("paymentMethodId", paymentMethodId))
      .compose(valid -> repository.findMethod(customerId, paymentMethodId))
      .compose(found -> found != null ? Future.succeededFuture(found) : noSuchMethod(paymentMethodId));
  }

  private static <T> Future<T> noSuchMethod(String paymentMethodId) {
    return ErrorCode.NOT_FOUND.fail("There is no payment method " + paymentMethodId + ".");
  }

  private Future<Payment> existingPayment(String orderId) {
    return Identifiers.valid("orderId", orderId)
      .compose(valid -> repository.find(orderId))
      .compose(found -> found != null
        ? Future.succeededFuture(found)
        : ErrorCode.NOT_FOUND.fail("Order " + orderId + " has no payment."));
  }

  private static PaymentStatus outcomeOf(PaymentGateway.Decision decision) {
    return decision.approved() ? PaymentStatus.AUTHORIZED : decision.failed() ? PaymentStatus.FAILED : PaymentStatus.DECLINED;
  }

  private static String what(String orderId) {
    return "The payment of order " + orderId;
  }

  private static String newMethodId() {
    byte[] random = new byte[12];
    RANDOM.nextBytes(random);
    return "pm_" + HexFormat.of().formatHex(random);
  }
}
