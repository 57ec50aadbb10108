package dev.bazaar.catalog;

import dev.bazaar.contracts.ErrorCode;
import dev.bazaar.contracts.Money;
import dev.bazaar.contracts.catalog.ReservationLine;
import io.vertx.core.Future;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Decides which of a group's reservations the stock can hold, one after the other in arrival order, each as if it had
 * come alone: one with a product that does not exist or is off sale, or that needs more units than those before it
 * left, is refused and takes nothing. It decides on stock rows its transaction has locked, so its answers still hold
 * when the transaction writes them.
 */
final class Allotment {

  /** A product as the reservation's transaction read it, with the units it had available for sale. */
  record Offer(String name, boolean active, Money price, int weightGrams, int available) {
  }

  /** By product id, in canonical text. */
  private final Map<String, Offer> offers;
  private final Map<String, Integer> left = new HashMap<>();
  private final Map<String, Integer> taken = new TreeMap<>();

  Allotment(Map<String, Offer> offers) {
    this.offers = offers;
    offers.forEach((productId, offer) -> left.put(productId, offer.available()));
  }

  /**
   * The request's lines with the price, weight and name they are held at, or the reason it is refused. What it holds
   * is no longer there for the requests decided after it.
   */
  Future<List<ReservationLine>> decide(ReservationRequest request) {
    List<ReservationLine> priced = new ArrayList<>();
    for (ReservationLine line : request.lines()) {
      Offer offer = offers.get(line.getProductId());
      if (offer == null) {
        return ErrorCode.NOT_FOUND.fail("There is no product " + line.getProductId() + ".");
      }
      if (!offer.active()) {
        return ErrorCode.CONFLICT.fail("Product " + line.getProductId() + " is no longer on sale.");
      }
      priced.add(new ReservationLine(line.getProductId(), line.getQuantity())
        .setName(offer.name())
        .setUnitPrice(offer.price())
        .setWeightGrams(offer.weightGrams()));
    }
    for (ReservationLine line : priced) {
      if (left.get(line.getProductId()) < line.getQuantity()) {
        return ErrorCode.INSUFFICIENT_STOCK.fail(
          "Not enough stock of product " + line.getProductId() + " for " + line.getQuantity() + " units.");
      }
    }
    for (ReservationLine line : priced) {
      left.merge(line.getProductId(), -line.getQuantity(), Integer::sum);
      taken.merge(line.getProductId(), line.getQuantity(), Integer::sum);
    }
    return Future.succeededFuture(priced);
  }

  /** The units held so far of each product, in product id order; products nobody got units of are not in it. */
  Map<String, Integer> taken() {
    return taken;
  }
}
