package dev.bazaar.platform;

import dev.bazaar.contracts.ErrorCode;
import io.vertx.core.Future;

/**
 * The rule every service holds an order id to. Order ids are the idempotency keys of reservations, payments and
 * shipments, so they are refused in one way everywhere: a caller that gets one service to accept an id never finds
 * another service refusing the same id.
 */
public final class OrderIds {

  public static final int MAX_LENGTH = 100;

  private OrderIds() {
  }

  /** The order id, or INVALID_INPUT when it is blank, longer than {@value #MAX_LENGTH} or has a control character. */
  public static Future<String> check(String orderId) {
    return orderId == null || orderId.isBlank() || orderId.length() > MAX_LENGTH || Text.hasControlCharacters(orderId, false)
      ? ErrorCode.INVALID_INPUT.fail("orderId must be 1 to " + MAX_LENGTH + " characters, none of them control characters.")
      : Future.succeededFuture(orderId);
  }
}
