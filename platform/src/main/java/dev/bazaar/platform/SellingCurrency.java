package dev.bazaar.platform;

import dev.bazaar.contracts.Money;

import java.util.Collections;
import java.util.Currency;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The one currency a shop sells in ({@code --currency}): prices, shipping rates, quotes, orders, payments and refunds
 * are all in it. The shop has no exchange rates, so an amount in another currency can only be refused, never turned
 * into this one.
 */
public final class SellingCurrency {

  public static final String DEFAULT = "EUR";

  /**
   * The currencies a shop can sell in: those it trades in whose minor unit is a hundredth. Shipping's rate table is
   * written in hundredths (999 is 9.99 of the selling currency); JPY has no hundredths, and reading 999 as 999 yen would
   * quietly change what the table says, so a shop cannot sell in JPY.
   */
  public static final Set<String> CHOICES = Collections.unmodifiableSortedSet(new TreeSet<>(Money.CURRENCIES.stream()
    .filter(code -> Currency.getInstance(code).getDefaultFractionDigits() == 2)
    .toList()));

  private SellingCurrency() {
  }

  /** Why {@code code} cannot be the selling currency, worded to follow the setting's name; empty when it can. */
  public static Optional<String> violation(String code) {
    if (code != null && CHOICES.contains(code)) {
      return Optional.empty();
    }
    String choices = String.join(", ", CHOICES);
    return Optional.of(code != null && Money.CURRENCIES.contains(code)
      ? code + " has no minor units, and the shipping rates are in hundredths; choose one of " + choices
      : "must be the ISO-4217 code of one of " + choices + ", not '" + code + "'");
  }

  /** {@code code}, checked for the configuration {@code section}: an unusable one stops start-up. */
  public static String checked(String section, String code) {
    violation(code).ifPresent(why -> {
      throw new IllegalArgumentException(section + " configuration: currency " + why);
    });
    return code;
  }
}
