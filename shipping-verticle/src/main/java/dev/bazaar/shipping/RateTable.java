package dev.bazaar.shipping;

import dev.bazaar.contracts.Money;
import dev.bazaar.contracts.shipping.ShippingQuote;
import dev.bazaar.contracts.shipping.ShippingZone;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The rate table and the EU's member states, held in memory so that a quote needs no database. Both are seeded by the
 * migrations and nothing changes them while the service runs (no statement of the service writes them, no operation
 * of its API does), so reading them once at start is reading them always; a new rate comes with a migration, which
 * comes with a restart.
 *
 * @param bands per zone, each band's heaviest weight in grams to its price in minor units of the selling currency
 * @param euCountries the member states of the EU, ISO 3166-1 alpha-2
 */
record RateTable(Map<ShippingZone, NavigableMap<Integer, Long>> bands, Set<String> euCountries) {

  RateTable {
    EnumMap<ShippingZone, NavigableMap<Integer, Long>> copy = new EnumMap<>(ShippingZone.class);
    bands.forEach((zone, byWeight) -> copy.put(zone, Collections.unmodifiableNavigableMap(new TreeMap<>(byWeight))));
    bands = Collections.unmodifiableMap(copy);
    euCountries = Set.copyOf(euCountries);
  }

  /**
   * The price of the cheapest band the parcel fits in, in the zone of {@code country}: the home country is domestic
   * even though it is in the EU too. Empty when the parcel is heavier than every band of its zone.
   */
  Optional<ShippingQuote> quote(String country, String homeCountry, int weightGrams, String currency) {
    ShippingZone zone = country.equals(homeCountry) ? ShippingZone.DOMESTIC
      : euCountries.contains(country) ? ShippingZone.EU
      : ShippingZone.REST_OF_WORLD;
    return Optional.ofNullable(bands.getOrDefault(zone, new TreeMap<>()).ceilingEntry(weightGrams))
      .map(band -> new ShippingQuote()
        .setCountry(country)
        .setZone(zone)
        .setWeightGrams(weightGrams)
        .setPrice(new Money(band.getValue(), currency)));
  }
}
