package dev.bazaar.shipping;

import dev.bazaar.contracts.ErrorCode;
import dev.bazaar.contracts.Money;
import dev.bazaar.contracts.shipping.ShippingQuote;
import dev.bazaar.contracts.shipping.ShippingZone;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static dev.bazaar.shipping.TestShipping.assertFails;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rate table is read once, at start, so quotes go on while the database is away: a checkout asks for one per
 * order, and none of them costs a statement.
 */
@ExtendWith(VertxExtension.class)
class QuoteWithoutDatabaseTest {

  @Test
  void quotesAreAnsweredWhileTheDatabaseIsDown(Vertx vertx) {
    try (TestShipping shipping = TestShipping.deploy(vertx, TestShipping.NEVER)) {
      shipping.stopDatabase();

      ShippingQuote quote = shipping.service.quote("FR", 1200).await();

      assertThat(quote.getZone()).isEqualTo(ShippingZone.EU);
      assertThat(quote.getPrice()).isEqualTo(new Money(1599, "EUR"));
      assertThat(shipping.service.quote("DE", 31_500).await().getPrice()).isEqualTo(new Money(1699, "EUR"));
      assertFails(() -> shipping.service.quote("DE", 31_501).await(), ErrorCode.INVALID_INPUT);
    }
  }
}
