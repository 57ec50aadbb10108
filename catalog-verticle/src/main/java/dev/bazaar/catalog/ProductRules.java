package dev.bazaar.catalog;

import dev.bazaar.contracts.catalog.ProductDraft;
import dev.bazaar.platform.MoneyRules;
import dev.bazaar.platform.Text;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What makes a product draft acceptable. The REST edge checks shapes already; these rules hold for every caller on
 * the bus, whatever language it is written in.
 */
final class ProductRules {

  static final long MAX_PRICE = 100_000_000_00L;
  /** What a product weighs that was given no weight: enough for a book, too little for a grinder. */
  static final int DEFAULT_WEIGHT_GRAMS = 500;
  static final int MAX_WEIGHT_GRAMS = 1_000_000;
  private static final Pattern SKU = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

  private ProductRules() {
  }

  /** Why the draft is unacceptable to a shop selling in {@code currency}, or empty when it is fine. */
  static Optional<String> violation(ProductDraft draft, String currency) {
    if (draft == null) {
      return Optional.of("A product needs sku, name, category and price.");
    }
    if (draft.getSku() == null || !SKU.matcher(draft.getSku()).matches()) {
      return Optional.of("sku must be 1 to 64 letters, digits, dots, dashes or underscores, starting with a letter or digit.");
    }
    if (isBlank(draft.getName()) || draft.getName().length() > 200) {
      return Optional.of("name must be 1 to 200 characters.");
    }
    if (draft.getDescription() != null && draft.getDescription().length() > 4000) {
      return Optional.of("description must be at most 4000 characters.");
    }
    if (isBlank(draft.getCategory()) || draft.getCategory().length() > 64) {
      return Optional.of("category must be 1 to 64 characters.");
    }
    if (Text.hasControlCharacters(draft.getName(), false) || Text.hasControlCharacters(draft.getCategory(), false)
      || Text.hasControlCharacters(draft.getDescription(), true)) {
      return Optional.of("name, category and description must not contain control characters.");
    }
    if (draft.getWeightGrams() != null && (draft.getWeightGrams() < 1 || draft.getWeightGrams() > MAX_WEIGHT_GRAMS)) {
      return Optional.of("weightGrams must be 1 to " + MAX_WEIGHT_GRAMS + ".");
    }
    return MoneyRules.violation("price", draft.getPrice(), 0, MAX_PRICE, currency);
  }

  private static boolean isBlank(String s) {
    return s == null || s.isBlank();
  }
}
