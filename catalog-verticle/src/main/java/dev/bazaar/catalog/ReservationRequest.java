package dev.bazaar.catalog;

import dev.bazaar.contracts.ErrorCode;
import dev.bazaar.contracts.catalog.ReservationLine;
import io.vertx.core.Future;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * What one order asks to reserve, checked: one line per product, in the order rows get locked.
 *
 * @param orderId the order, the reservation's idempotency key
 * @param lines   one line per product, sorted by product id
 */
record ReservationRequest(String orderId, List<ReservationLine> lines) {

  static final int MAX_LINES = 100;
  static final int MAX_QUANTITY = 10_000;

  /** The order's request with its lines normalized, or the reason they cannot be reserved. */
  static Future<ReservationRequest> of(String orderId, List<ReservationLine> lines) {
    return normalize(lines).map(normalized -> new ReservationRequest(orderId, normalized));
  }

  /**
   * Checks every line and merges lines of the same product. The result is sorted by the product id's canonical text,
   * which is PostgreSQL's uuid order too, so every transaction that locks stock rows locks them in one order.
   */
  static Future<List<ReservationLine>> normalize(List<ReservationLine> lines) {
    if (lines == null || lines.isEmpty() || lines.size() > MAX_LINES) {
      return ErrorCode.INVALID_INPUT.fail("A reservation needs 1 to " + MAX_LINES + " lines.");
    }
    Map<String, Integer> quantities = new TreeMap<>();
    for (ReservationLine line : lines) {
      if (line == null || line.getQuantity() < 1 || line.getQuantity() > MAX_QUANTITY) {
        return ErrorCode.INVALID_INPUT.fail("Each line needs a quantity from 1 to " + MAX_QUANTITY + ".");
      }
      String productId = canonical(line.getProductId());
      if (productId == null) {
        return ErrorCode.INVALID_INPUT.fail("Each line needs a productId that is a UUID.");
      }
      quantities.merge(productId, line.getQuantity(), Integer::sum);
    }
    if (quantities.values().stream().anyMatch(q -> q > MAX_QUANTITY)) {
      return ErrorCode.INVALID_INPUT.fail("At most " + MAX_QUANTITY + " units of one product per reservation.");
    }
    return Future.succeededFuture(quantities.entrySet().stream()
      .map(e -> new ReservationLine(e.getKey(), e.getValue()))
      .toList());
  }

  private static String canonical(String productId) {
    try {
      return productId == null ? null : UUID.fromString(productId).toString();
    } catch (IllegalArgumentException notAUuid) {
      return null;
    }
  }
}
