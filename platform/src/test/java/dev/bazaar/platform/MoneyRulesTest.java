package dev.bazaar.platform;

import dev.bazaar.contracts.Money;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An amount passes when present, within the caller's bounds, both included, in a currency the shop trades in, and, where
 * the caller says, in the one it sells in.
 */
class MoneyRulesTest {

  @Test
  void anAmountOnEitherBoundInATradedCurrencyIsFine() {
    assertThat(MoneyRules.violation("price", new Money(0, "EUR"), 0, 100)).isEmpty();
    assertThat(MoneyRules.violation("price", new Money(100, "JPY"), 0, 100)).isEmpty();
    assertThat(MoneyRules.violation("price", new Money(42, "USD"), 0, 100)).isEmpty();
  }

  @Test
  void oneMinorUnitOutsideEitherBoundIsRefusedWithTheBounds() {
    assertThat(MoneyRules.violation("amount", new Money(0, "EUR"), 1, 100))
      .contains("amount.value must be between 1 and 100 minor units.");
    assertThat(MoneyRules.violation("amount", new Money(101, "EUR"), 1, 100))
      .contains("amount.value must be between 1 and 100 minor units.");
    assertThat(MoneyRules.violation("amount", new Money(-1, "EUR"), 0, Long.MAX_VALUE)).isPresent();
  }

  @Test
  void aMissingAmountIsRequired() {
    assertThat(MoneyRules.violation("price", null, 0, 100)).contains("price is required.");
  }

  @Test
  void anAmountInAnotherCurrencyThanTheShopSellsInIsRefusedNamingBoth() {
    assertThat(MoneyRules.violation("price", new Money(10000, "EUR"), 0, 100_000, "EUR")).isEmpty();
    assertThat(MoneyRules.violation("price", new Money(10000, "GBP"), 0, 100_000, "EUR"))
      .contains("This shop sells in EUR; the price is in GBP.");
    assertThat(MoneyRules.violation("amount", new Money(10000, "EUR"), 0, 100_000, "GBP"))
      .contains("This shop sells in GBP; the amount is in EUR.");
    assertThat(MoneyRules.violation("price", new Money(10000, "XYZ"), 0, 100_000, "EUR")).as("an unknown code first")
      .hasValueSatisfying(why -> assertThat(why).startsWith("price.currency must be one of"));
    assertThat(MoneyRules.violation("price", new Money(-1, "GBP"), 0, 100_000, "EUR")).as("bounds first")
      .contains("price.value must be between 0 and 100000 minor units.");
  }

  @Test
  void aCurrencyTheShopDoesNotTradeInIsRefusedWithTheOnesItDoes() {
    String expected = "price.currency must be one of the currencies the shop trades in: "
      + "AUD, CAD, CHF, CZK, DKK, EUR, GBP, HUF, JPY, NOK, NZD, PLN, SEK, USD.";
    for (String currency : new String[] {null, "", "eur", "XYZ", "BTC"}) {
      assertThat(MoneyRules.violation("price", new Money(10, currency), 0, 100)).as("%s", currency).contains(expected);
    }
  }
}
