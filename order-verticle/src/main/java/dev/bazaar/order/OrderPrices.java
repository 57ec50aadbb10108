package dev.bazaar.order;

import dev.bazaar.contracts.Money;

import java.util.Optional;
import java.util.stream.Stream;

/**
 * How the amounts of a quote or an order add up: all in the one currency the shop sells in. A price in another
 * currency is refused, never relabelled, as the shop has no exchange rates; and {@link Money#plus} throws on two
 * currencies, so no other path can add them either.
 */
final class OrderPrices {

  private final String currency;

  OrderPrices(String currency) {
    this.currency = currency;
  }

  /** Why a line of {@code productId} at {@code unitPrice} cannot be ordered here, or empty when it can. */
  Optional<String> foreignPrice(String productId, Money unitPrice) {
    return unitPrice.getCurrency().equals(currency) ? Optional.empty()
      : Optional.of("Product " + productId + " is priced in " + unitPrice.getCurrency() + ", and this shop sells in "
        + currency + " only; it cannot be ordered.");
  }

  /**
   * Why shipping's price cannot be added to the items, or empty when it can. Shipping quotes in the selling currency of
   * its own configuration, so a different one means the services were started with different currencies.
   */
  Optional<String> foreignShipping(Money shipping) {
    return shipping.getCurrency().equals(currency) ? Optional.empty()
      : Optional.of("Shipping quoted in " + shipping.getCurrency() + ", and this shop sells in " + currency
        + "; the shop's services disagree on its currency.");
  }

  /** The sum of the line totals, in the selling currency; zero of it for no lines. */
  Money sum(Stream<Money> lineTotals) {
    return lineTotals.reduce(new Money(0, currency), Money::plus);
  }
}
