package dev.bazaar.shipping;

import dev.bazaar.contracts.Money;
import dev.bazaar.contracts.shipping.ShippingQuote;
import dev.bazaar.contracts.shipping.ShippingZone;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/** Pricing from a rate table in memory, including a table whose bands stop short of what the carrier takes. */
class RateTableTest {

  private static final RateTable RATES = new RateTable(Map.of(
    ShippingZone.DOMESTIC, bands(1000, 400L, 2000, 600L),
    ShippingZone.EU, bands(1000, 900L)), Set.of("DE", "FR"));

  @Test
  void theLightestBandTheParcelFitsInPricesIt() {
    assertThat(price("DE", 1)).contains(new Money(400, "GBP"));
    assertThat(price("DE", 1000)).contains(new Money(400, "GBP"));
    assertThat(price("DE", 1001)).contains(new Money(600, "GBP"));
    assertThat(price("DE", 2000)).contains(new Money(600, "GBP"));
  }

  @Test
  void theHomeCountryIsDomesticThoughItIsInTheEu() {
    ShippingQuote quote = RATES.quote("DE", "DE", 500, "GBP").orElseThrow();

    assertThat(quote.getZone()).isEqualTo(ShippingZone.DOMESTIC);
    assertThat(quote.getCountry()).isEqualTo("DE");
    assertThat(quote.getWeightGrams()).isEqualTo(500);
    assertThat(RATES.quote("FR", "DE", 500, "GBP").orElseThrow().getZone()).isEqualTo(ShippingZone.EU);
  }

  @Test
  void noBandOrNoZoneRateIsNoQuote() {
    assertThat(price("DE", 2001)).isEmpty();
    assertThat(price("FR", 1001)).isEmpty();
    assertThat(RATES.quote("US", "DE", 10, "GBP")).as("no rate for the rest of the world").isEmpty();
  }

  private static Optional<Money> price(String country, int grams) {
    return RATES.quote(country, "DE", grams, "GBP").map(ShippingQuote::getPrice);
  }

  private static NavigableMap<Integer, Long> bands(Object... gramsThenPrice) {
    NavigableMap<Integer, Long> bands = new TreeMap<>();
    for (int i = 0; i < gramsThenPrice.length; i += 2) {
      bands.put((Integer) gramsThenPrice[i], (Long) gramsThenPrice[i + 1]);
    }
    return bands;
  }
}
