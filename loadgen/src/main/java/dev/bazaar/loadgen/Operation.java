package dev.bazaar.loadgen;

import java.util.Locale;
import java.util.Set;

/**
 * What a virtual customer can do to the shop, each one request. A status in {@link #expected} is an outcome the
 * operation can have in a healthy shop (a declined card, an order that has already shipped); any other failure, or no
 * answer at all, counts as an error.
 */
public enum Operation {
  BROWSE(Set.of(200)),
  PRODUCT(Set.of(200)),
  QUOTE(Set.of(200)),
  CHECKOUT(Set.of(201, 402, 409)),
  STATUS(Set.of(200)),
  CANCEL(Set.of(200, 409)),
  HEALTH(Set.of(200));

  private final Set<Integer> expected;

  Operation(Set<Integer> expected) {
    this.expected = expected;
  }

  public boolean expects(int status) {
    return expected.contains(status);
  }

  /** Its name in mixes and reports: {@code checkout}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Operation of(String label) {
    try {
      return valueOf(label.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown operation '" + label.strip() + "'; operations are browse, product, "
        + "quote, checkout, status, cancel, health");
    }
  }
}
