package dev.bazaar.platform;

import dev.bazaar.contracts.Address;
import org.junit.jupiter.api.Test;

import java.util.function.BiFunction;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An address a parcel can go to: name, first line, city and postal code present, not blank, within their lengths and
 * free of control characters; a second line optional but held to the same rules; a country that exists. Every message
 * begins with the field it is about, which callers build on ("shippingAddress.city ...").
 */
class AddressRulesTest {

  @Test
  void aCompleteAddressCanBeShippedTo() {
    assertThat(AddressRules.violation(address())).isEmpty();
    assertThat(AddressRules.violation(address().setLine2("Flat 3"))).as("with a second line").isEmpty();
  }

  @Test
  void noAddressIsRequired() {
    assertThat(AddressRules.violation(null)).contains("address is required.");
  }

  @Test
  void eachLineMayBeAsLongAsItsLimitAndNoLonger() {
    assertLimit("address.name", 200, Address::setName);
    assertLimit("address.line1", 200, Address::setLine1);
    assertLimit("address.line2", 200, Address::setLine2);
    assertLimit("address.city", 100, Address::setCity);
    assertLimit("address.postalCode", 20, Address::setPostalCode);
  }

  @Test
  void aRequiredLineMustBePresentAndNotBlank() {
    assertThat(AddressRules.violation(address().setName(null))).contains(lineMessage("address.name", 200));
    assertThat(AddressRules.violation(address().setName(""))).contains(lineMessage("address.name", 200));
    assertThat(AddressRules.violation(address().setLine1("   "))).contains(lineMessage("address.line1", 200));
    assertThat(AddressRules.violation(address().setCity(null))).contains(lineMessage("address.city", 100));
    assertThat(AddressRules.violation(address().setPostalCode(null))).contains(lineMessage("address.postalCode", 20));
  }

  @Test
  void theSecondLineMayBeAbsentButNotBlank() {
    assertThat(AddressRules.violation(address().setLine2(null))).isEmpty();
    assertThat(AddressRules.violation(address().setLine2(" "))).contains(lineMessage("address.line2", 200));
  }

  @Test
  void aControlCharacterInAnyLineIsRefusedLineBreaksIncluded() {
    assertThat(AddressRules.violation(address().setName("Ada\nLovelace"))).contains(lineMessage("address.name", 200));
    assertThat(AddressRules.violation(address().setLine2("Flat\t3"))).contains(lineMessage("address.line2", 200));
    assertThat(AddressRules.violation(address().setCity("Lon\u0000don"))).contains(lineMessage("address.city", 100));
  }

  @Test
  void theCountryMustBeAnUpperCaseAlpha2CodeThatExists() {
    String shape = "country must be an ISO 3166-1 alpha-2 code in upper case, such as DE.";
    assertThat(AddressRules.countryViolation("DE")).isEmpty();
    assertThat(AddressRules.countryViolation("GB")).isEmpty();
    for (String bad : new String[] {null, "", "de", "D", "DEU", "D1", " DE"}) {
      assertThat(AddressRules.countryViolation(bad)).as("%s", bad).contains(shape);
    }
    assertThat(AddressRules.countryViolation("XX")).contains("There is no country XX.");
  }

  @Test
  void anAddressCountryMessageNamesTheField() {
    assertThat(AddressRules.violation(address().setCountry("gb")))
      .contains("address.country must be an ISO 3166-1 alpha-2 code in upper case, such as DE.");
    assertThat(AddressRules.violation(address().setCountry(null))).get().asString().startsWith("address.country ");
    assertThat(AddressRules.violation(address().setCountry("XX")))
      .contains("address.country must be the code of a country; there is no country XX.");
  }

  private static void assertLimit(String field, int limit, BiFunction<Address, String, Address> set) {
    assertThat(AddressRules.violation(set.apply(address(), "x".repeat(limit)))).as("%s of %d", field, limit).isEmpty();
    assertThat(AddressRules.violation(set.apply(address(), "x".repeat(limit + 1)))).as("%s of %d", field, limit + 1)
      .contains(lineMessage(field, limit));
  }

  private static String lineMessage(String field, int limit) {
    return field + " must be 1 to " + limit + " characters, none of them control characters.";
  }

  private static Address address() {
    return new Address().setName("Ada Lovelace").setLine1("12 St James's Square").setCity("London")
      .setPostalCode("SW1Y 4JH").setCountry("GB");
  }
}
