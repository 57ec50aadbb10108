package dev.bazaar.platform;

import java.util.Locale;
import java.util.Set;

/**
 * The countries there are, as ISO 3166-1 alpha-2 codes in upper case (DE, FR, US), the way addresses and settings name
 * them. The JDK's list is the source, so no service keeps a copy that drifts from the others.
 */
public final class Countries {

  private static final Set<String> CODES = Locale.getISOCountries(Locale.IsoCountryCode.PART1_ALPHA2);

  private Countries() {
  }

  /** True for an assigned code such as DE; false for null, lower case, three letters or a code nobody has. */
  public static boolean isCode(String code) {
    return code != null && CODES.contains(code);
  }
}
