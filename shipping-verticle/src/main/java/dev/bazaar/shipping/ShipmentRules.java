package dev.bazaar.shipping;

import dev.bazaar.contracts.Address;
import dev.bazaar.contracts.shipping.ShipmentStatus;
import dev.bazaar.platform.AddressRules;
import dev.bazaar.platform.Transitions;

import java.util.Optional;

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

  private ShipmentRules() {
  }

  static Optional<String> countryViolation(String country) {
    return AddressRules.countryViolation(country);
  }

  static Optional<String> weightViolation(int weightGrams) {
    return weightGrams < 1 || weightGrams > MAX_WEIGHT_GRAMS
      ? Optional.of("weightGrams must be 1 to " + MAX_WEIGHT_GRAMS + "; heavier parcels are not shipped.")
      : Optional.empty();
  }

  /** Why the address cannot be shipped to, or empty when it can. */
  static Optional<String> addressViolation(Address address) {
    return AddressRules.violation(address);
  }
}
