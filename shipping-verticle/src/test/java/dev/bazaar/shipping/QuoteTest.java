package dev.bazaar.shipping;

import dev.bazaar.contracts.ErrorCode;
import dev.bazaar.contracts.Money;
import dev.bazaar.contracts.shipping.ShippingQuote;
import dev.bazaar.contracts.shipping.ShippingZone;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static dev.bazaar.shipping.TestShipping.assertFails;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** Quotes through the proxy, against the rate table the migration seeds, for a shop at home in DE. */
@ExtendWith(VertxExtension.class)
class QuoteTest {

  private static TestShipping shipping;

  @BeforeAll
  static void deploy(Vertx vertx) {
    shipping = TestShipping.deploy(vertx, TestShipping.NEVER);
  }

  @AfterAll
  static void stop() {
    shipping.close();
  }

  @ParameterizedTest(name = "{1} g to {0}: {2} {3}")
  @CsvSource({
    // the home country is domestic, although it is in the EU too
    "DE,     1, DOMESTIC,       499",
    "DE,  1000, DOMESTIC,       499",
    "DE,  1001, DOMESTIC,       699",
    "DE,  5000, DOMESTIC,       699",
    "DE,  5001, DOMESTIC,       999",
    "DE, 10000, DOMESTIC,       999",
    "DE, 10001, DOMESTIC,      1699",
    "DE, 31500, DOMESTIC,      1699",
    "FR,  1000, EU,             999",
    "FR,  1200, EU,            1599",
    "AT,  5001, EU,            2499",
    "SE, 31500, EU,            3999",
    "US,   500, REST_OF_WORLD, 1999",
    "CH,  5000, REST_OF_WORLD, 3499",
    "GB, 10000, REST_OF_WORLD, 5499",
    "JP, 10001, REST_OF_WORLD, 8999"})
  void eachZoneAndWeightBandHasItsPrice(String country, int grams, ShippingZone zone, long cents) {
    ShippingQuote quote = shipping.service.quote(country, grams).await();

    assertThat(quote.getZone()).isEqualTo(zone);
    assertThat(quote.getPrice()).isEqualTo(new Money(cents, "EUR"));
    assertThat(quote.getCountry()).isEqualTo(country);
    assertThat(quote.getWeightGrams()).isEqualTo(grams);
  }

  @ParameterizedTest
  @ValueSource(strings = {"XX", "ZZ", "de", "Fr", "DEU", "D", "", " DE", "D\u0000"})
  void anUnknownOrMalformedCountryIsInvalidInput(String country) {
    assertFails(() -> shipping.service.quote(country, 1000).await(), ErrorCode.INVALID_INPUT);
  }

  @Test
  void noCountryIsInvalidInput() {
    assertFails(() -> shipping.service.quote(null, 1000).await(), ErrorCode.INVALID_INPUT);
  }

  @ParameterizedTest
  @ValueSource(ints = {31_501, 1_000_000, 0, -1, Integer.MIN_VALUE})
  void aParcelOutsideTheBandsIsInvalidInput(int grams) {
    assertFails(() -> shipping.service.quote("DE", grams).await(), ErrorCode.INVALID_INPUT);
  }

  @Test
  void theRefusalsSayWhatIsWrong() {
    assertThat(catchThrowable(() -> shipping.service.quote("XX", 1000).await())).hasMessage("There is no country XX.");
    assertThat(catchThrowable(() -> shipping.service.quote("de", 1000).await()))
      .hasMessageContaining("ISO 3166-1 alpha-2").hasMessageContaining("upper case");
    assertThat(catchThrowable(() -> shipping.service.quote("DE", 40_000).await())).hasMessageContaining("1 to 31500");
  }
}
