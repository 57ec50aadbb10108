package dev.bazaar.platform;

import dev.bazaar.contracts.Money;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A shop sells in one currency it trades in that has hundredths, as the shipping rates do; EUR unless told. */
class SellingCurrencyTest {

  private static final String CHOICES = "AUD, CAD, CHF, CZK, DKK, EUR, GBP, HUF, NOK, NZD, PLN, SEK, USD";

  @Test
  void everyTradedCurrencyWithHundredthsCanBeTheSellingCurrency() {
    assertThat(String.join(", ", SellingCurrency.CHOICES)).isEqualTo(CHOICES);
    assertThat(Money.CURRENCIES).containsAll(SellingCurrency.CHOICES);
    assertThat(SellingCurrency.DEFAULT).isEqualTo("EUR");
    assertThat(SellingCurrency.checked("order", "GBP")).isEqualTo("GBP");
  }

  @Test
  void yenHasNoHundredthsSoItIsRefusedSayingWhy() {
    assertThat(SellingCurrency.violation("JPY"))
      .contains("JPY has no minor units, and the shipping rates are in hundredths; choose one of " + CHOICES);
  }

  @Test
  void aCodeTheShopDoesNotTradeInIsRefusedWithTheChoices() {
    for (String code : new String[] {"XYZ", "eur", "", null}) {
      assertThat(SellingCurrency.violation(code)).as("%s", code)
        .contains("must be the ISO-4217 code of one of " + CHOICES + ", not '" + code + "'");
    }
    assertThatThrownBy(() -> SellingCurrency.checked("catalog", "XYZ"))
      .isInstanceOf(IllegalArgumentException.class)
      .hasMessageStartingWith("catalog configuration: currency must be the ISO-4217 code of one of AUD");
  }
}
