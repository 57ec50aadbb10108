package dev.bazaar.payment;

import dev.bazaar.contracts.Money;
import dev.bazaar.contracts.payment.Card;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.time.Duration;
import java.util.Map;

/**
 * A card processor's test mode, for a shop without a processor: the documented test cards give their documented
 * outcomes, any other valid number is approved, and every call takes the configured latency. Its card reference is
 * the test behaviour the number selected, never the number. Its answers depend only on that reference, so a repeated
 * call answers what the first did, as a processor's idempotency keys would make it.
 */
final class SimulatedGateway implements PaymentGateway {

  static final String APPROVE = "approve";

  /** The test cards and what authorizing them does, as in the processors' test modes. */
  static final Map<String, String> TEST_CARDS = Map.of(
    "4242424242424242", APPROVE,
    "4000000000000002", "decline:generic_decline",
    "4000000000009995", "decline:insufficient_funds",
    "4000000000009979", "decline:stolen_card",
    "4000000000000119", "fail:processor_error");

  private final Vertx vertx;
  private final Duration latency;

  SimulatedGateway(Vertx vertx, Duration latency) {
    this.vertx = vertx;
    this.latency = latency;
  }

  @Override
  public Future<CardReference> register(Card card) {
    String number = card.getNumber();
    CardReference reference = new CardReference(TEST_CARDS.getOrDefault(number, APPROVE), CardRules.brand(number),
      number.substring(number.length() - 4));
    return after(reference);
  }

  @Override
  public Future<Decision> authorize(String idempotencyKey, String cardReference, Money amount) {
    String[] behaviour = cardReference.split(":", 2);
    return after(switch (behaviour[0]) {
      case "decline" -> Decision.decline(behaviour[1]);
      case "fail" -> Decision.fail(behaviour[1]);
      default -> Decision.approve();
    });
  }

  @Override
  public Future<Void> capture(String idempotencyKey, Money amount) {
    return after(null);
  }

  @Override
  public Future<Void> voidAuthorization(String idempotencyKey) {
    return after(null);
  }

  @Override
  public Future<Void> refund(String idempotencyKey, Money amount) {
    return after(null);
  }

  private <T> Future<T> after(T answer) {
    return latency.isZero() ? Future.succeededFuture(answer) : vertx.timer(latency.toMillis()).map(answer);
  }
}
