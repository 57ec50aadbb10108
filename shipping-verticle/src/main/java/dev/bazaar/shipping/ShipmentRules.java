package dev.bazaar.shipping;

import dev.bazaar.contracts.Address;
import dev.bazaar.contracts.shipping.ShipmentStatus;
import dev.bazaar.platform.Countries;
import dev.bazaar.platform.Text;
import dev.bazaar.platform.Transitions;

import java.util.Optional;
import java.util.regex.Pattern;

import static dev.bazaar.contracts.shipping.ShipmentStatus.CANCELLED;
import static dev.bazaar.contracts.shipping.ShipmentStatus.DELIVERED;
import static dev.bazaar.contracts.shipping.ShipmentStatus.IN_TRANSIT;
import static dev.bazaar.contracts.shipping.ShipmentStatus.LABEL_CREATED;
import static dev.bazaar.contracts.shipping.ShipmentStatus.OUT_FOR_DELIVERY;

/**
 * What shipping accepts and how a shipment may move. The REST edge checks shapes already; these rules hold for every
 * caller on the bus, whatever language it is written in.
 */
final class ShipmentRules {

  /**
   * Every move a shipment can make. The carrier takes the one that is not a cancellation; a cancellation is only
   * possible before the carrier has the parcel.
   */
  static final Transitions<ShipmentStatus> MOVES = Transitions.of(ShipmentStatus.class)
    .allow(LABEL_CREATED, IN_TRANSIT, CANCELLED)
    .allow(IN_TRANSIT, OUT_FOR_DELIVERY)
    .allow(OUT_FOR_DELIVERY, DELIVERED);

  /** What parcel carriers take, and the heaviest band of the rate table. */
  static final int MAX_WEIGHT_GRAMS = 31_500;

  private static final Pattern COUNTRY_SHAPE = Pattern.compile("[A-Z]{2}");

  private ShipmentRules() {
  }

  static Optional<String> countryViolation(String country) {
    if (country == null || !COUNTRY_SHAPE.matcher(country).matches()) {
      return Optional.of("country must be an ISO 3166-1 alpha-2 code in upper case, such as DE.");
    }
    return Countries.isCode(country) ? Optional.empty() : Optional.of("There is no country " + country + ".");
  }

  static Optional<String> weightViolation(int weightGrams) {
    return weightGrams < 1 || weightGrams > MAX_WEIGHT_GRAMS
      ? Optional.of("weightGrams must be 1 to " + MAX_WEIGHT_GRAMS + "; heavier parcels are not shipped.")
      : Optional.empty();
  }

  /** Why the address cannot be shipped to, or empty when it can. */
  static Optional<String> addressViolation(Address address) {
    if (address == null) {
      return Optional.of("address is required.");
    }
    return lineViolation("address.name", address.getName(), 200, true)
      .or(() -> lineViolation("address.line1", address.getLine1(), 200, true))
      .or(() -> lineViolation("address.line2", address.getLine2(), 200, false))
      .or(() -> lineViolation("address.city", address.getCity(), 100, true))
      .or(() -> lineViolation("address.postalCode", address.getPostalCode(), 20, true))
      .or(() -> countryViolation(address.getCountry()).map(violation -> "address." + violation));
  }

  private static Optional<String> lineViolation(String field, String value, int maxLength, boolean required) {
    if (value == null && !required) {
      return Optional.empty();
    }
    if (value == null || value.isBlank() || value.length() > maxLength || Text.hasControlCharacters(value, false)) {
      return Optional.of(field + " must be 1 to " + maxLength + " characters, none of them control characters.");
    }
    return Optional.empty();
  }
}
