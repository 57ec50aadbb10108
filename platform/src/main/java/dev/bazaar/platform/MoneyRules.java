package dev.bazaar.platform;

import dev.bazaar.contracts.Money;

import java.util.Optional;

/** What makes an amount acceptable to a service: present, in a currency the shop trades in, within bounds. */
public final class MoneyRules {

  private MoneyRules() {
  }

  /** Why {@code money} is unacceptable as {@code field}, or empty when it is fine. */
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
}
