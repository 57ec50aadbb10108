package dev.bazaar.platform;

import dev.bazaar.contracts.Money;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Money adds up only within one currency: GBP 100.00 plus EUR 10.00 has no answer without an exchange rate, so it
 * throws instead of relabelling one of them (issue 19). Contracts has no tests of its own; these sit beside the rules.
 */
class MoneyArithmeticTest {

  @Test
  void amountsInOneCurrencyAddUpAndMultiply() {
    assertThat(new Money(1250, "EUR").plus(new Money(999, "EUR"))).isEqualTo(new Money(2249, "EUR"));
    assertThat(new Money(1250, "EUR").times(3)).isEqualTo(new Money(3750, "EUR"));
    assertThat(new Money(1250, "EUR").times(0)).isEqualTo(new Money(0, "EUR"));
  }

  @Test
  void amountsInTwoCurrenciesCannotBeAdded() {
    assertThatThrownBy(() -> new Money(10000, "GBP").plus(new Money(1000, "EUR")))
      .isInstanceOf(IllegalArgumentException.class)
      .hasMessage("An amount in GBP cannot be added to one in EUR.");
    assertThatThrownBy(() -> new Money(1, "EUR").plus(new Money(1, null))).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aSumOrProductBeyondWhatALongHoldsThrowsInsteadOfWrapping() {
    assertThatThrownBy(() -> new Money(Long.MAX_VALUE, "EUR").plus(new Money(1, "EUR")))
      .isInstanceOf(ArithmeticException.class);
    assertThatThrownBy(() -> new Money(Long.MAX_VALUE / 2 + 1, "EUR").times(2)).isInstanceOf(ArithmeticException.class);
  }
}
