package dev.bazaar.platform;

import dev.bazaar.contracts.ErrorCode;
import io.vertx.core.Future;

/**
 * The rule every key a caller chooses must keep (an order id, a customer id, a refund id): 1 to 100 characters, none
 * of them a control character, so it fits an index, a log line and a URL.
 */
public final class Identifiers {

  public static final int MAX_LENGTH = 100;

  private Identifiers() {
  }

  /** The value when it keeps the rule, else INVALID_INPUT naming the field. */
  public static Future<String> valid(String field, String value) {
    return value == null || value.isBlank() || value.length() > MAX_LENGTH || Text.hasControlCharacters(value, false)
      ? ErrorCode.INVALID_INPUT.fail(field + " must be 1 to " + MAX_LENGTH + " characters, none of them control characters.")
      : Future.succeededFuture(value);
  }
}
