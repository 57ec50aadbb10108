package dev.bazaar.platform;

import dev.bazaar.contracts.Money;

import java.util.Optional;

/**
 * What makes an amount acceptable to a service: present, within bounds, in a currency the shop trades in, and in the
 * one it sells in ({@link SellingCurrency}).
 */
public final class MoneyRules {

  private MoneyRules() {
  }

  /** Why {@code money} is unacceptable as {@code field} of a shop selling in {@code selling}, or empty when it is fine. */
  public static Optional<String> violation(String field, Money money, long min, long max, String selling) {
    return violation(field, money, min, max).or(() -> foreign(field, money, selling));
  }

  /**
   * Why {@code money} is unacceptable as {@code field}, whatever the shop sells in, or empty when it is fine: for an
   * amount whose currency is held to another one, such as a refund to the payment's.
   */
  public static Optional<String> violation(String field, Money money, long min, long max) {
    if (money == null) {
      return Optional.of(field + " is required.");
    }
    if (money.getValue() < min || money.getValue() > max) {
      return Optional.of(field + ".value must be between " + min + " and " + max + " minor units.");
    }
    if (money.getCurrency() == null || !Money.CURRENCIES.contains(money.getCurrency())) {
      return Optional.of(field + ".currency must be one of the currencies the shop trades in: "
        + String.join(", ", Money.CURRENCIES) + ".");
    }
    return Optional.empty();
  }

  /** Why {@code money} cannot be {@code field} of a shop selling in {@code selling}: its currency is another one. */
  public static Optional<String> foreign(String field, Money money, String selling) {
    return money.getCurrency().equals(selling) ? Optional.empty()
      : Optional.of("This shop sells in " + selling + "; the " + field + " is in " + money.getCurrency() + ".");
  }
}
