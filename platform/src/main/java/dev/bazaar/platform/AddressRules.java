package dev.bazaar.platform;

import dev.bazaar.contracts.Address;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What makes a postal address one a parcel can be sent to: a name, a first line, a city and a postal code of sensible
 * length without control characters, and an ISO 3166-1 alpha-2 country that exists. Orders check it before anything is
 * reserved; shipping checks it again, for every caller on the bus.
 */
public final class AddressRules {

  private static final Pattern COUNTRY_SHAPE = Pattern.compile("[A-Z]{2}");

  private AddressRules() {
  }

  /** Why the country code is not one, or empty when it is. */
  public static Optional<String> countryViolation(String country) {
    return countryViolation("country", country, "There is no country " + country + ".");
  }

  private static Optional<String> countryViolation(String field, String country, String noCountry) {
    if (country == null || !COUNTRY_SHAPE.matcher(country).matches()) {
      return Optional.of(field + " must be an ISO 3166-1 alpha-2 code in upper case, such as DE.");
    }
    return Countries.isCode(country) ? Optional.empty() : Optional.of(noCountry);
  }

  /** Why the address cannot be shipped to, or empty when it can. */
  public static Optional<String> violation(Address address) {
    if (address == null) {
      return Optional.of("address is required.");
    }
    return lineViolation("address.name", address.getName(), 200, true)
      .or(() -> lineViolation("address.line1", address.getLine1(), 200, true))
      .or(() -> lineViolation("address.line2", address.getLine2(), 200, false))
      .or(() -> lineViolation("address.city", address.getCity(), 100, true))
      .or(() -> lineViolation("address.postalCode", address.getPostalCode(), 20, true))
      // Like every message above, it begins with the field, which callers build on ("shippingAddress.country ...").
      .or(() -> countryViolation("address.country", address.getCountry(),
        "address.country must be the code of a country; there is no country " + address.getCountry() + "."));
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
