package dev.bazaar.platform;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Country codes are ISO 3166-1 alpha-2, upper case, and assigned. */
class CountriesTest {

  @Test
  void assignedUpperCaseCodesAreCountries() {
    assertThat(Countries.isCode("DE")).isTrue();
    assertThat(Countries.isCode("FR")).isTrue();
    assertThat(Countries.isCode("US")).isTrue();
    assertThat(Countries.isCode("JP")).isTrue();
  }

  @Test
  void anythingElseIsNot() {
    for (String bad : new String[] {null, "", "de", "De", "DEU", "D", "XX", "ZZ", "1A", " DE"}) {
      assertThat(Countries.isCode(bad)).as("%s", bad).isFalse();
    }
  }
}
