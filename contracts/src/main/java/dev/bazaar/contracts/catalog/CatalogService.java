package dev.bazaar.contracts.catalog;

import dev.bazaar.contracts.Event;
import dev.bazaar.contracts.NotRetriedAfterTimeout;
import io.vertx.codegen.annotations.ProxyGen;
import io.vertx.codegen.annotations.VertxGen;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;

import java.util.List;

/**
 * The product catalog: products, their stock, and the stock reservations a checkout holds while it runs.
 *
 * <p>Failures carry an {@link dev.bazaar.contracts.ErrorCode}. The three reservation operations are idempotent by
 * order id, so a caller that timed out may simply call again.
 */
@ProxyGen
@VertxGen
public interface CatalogService {

  /** The service's name, on the command line and in readiness reports. */
  String NAME = "catalog";
  String ADDRESS = "bazaar.catalog";

  static CatalogService createProxy(Vertx vertx, DeliveryOptions options) {
    return new CatalogServiceVertxEBProxy(vertx, ADDRESS, options);
  }

  /** Answers when the service and its database are up; used by readiness checks. */
  Future<Void> ping();

  Future<Product> get(String productId);

  /** The products with these ids, in the order asked, active or not; an unknown id is NOT_FOUND. At most 100. */
  Future<List<Product>> products(List<String> productIds);

  /** Active products matching the query, one page of them, with the total count of matches. */
  Future<ProductPage> search(ProductQuery query);

  /** Creates an active product with no stock. Fails with DUPLICATE when the SKU is taken. */
  @NotRetriedAfterTimeout
  Future<Product> create(ProductDraft draft);

  Future<Product> update(String productId, ProductDraft draft);

  /** Takes the product off sale. Idempotent; its stock and history stay. */
  Future<Product> deactivate(String productId);

  /** Sets the units on hand. Fails with CONFLICT when that is fewer than are reserved. */
  Future<Product> setStock(String productId, int onHand);

  /**
   * Reserves every line or nothing, and answers each line with the price and weight it was reserved at. Fails with
   * INSUFFICIENT_STOCK when any line cannot be met. Calling it again for an order that already holds a reservation
   * returns that reservation and reserves nothing more.
   */
  Future<Reservation> reserve(String orderId, List<ReservationLine> lines);

  /** Turns the order's held reservation into a sale: the units leave stock. Idempotent. */
  Future<Reservation> commitReservation(String orderId);

  /** Returns the order's held units to stock. Idempotent; releasing a committed reservation is a CONFLICT. */
  Future<Reservation> releaseReservation(String orderId);

  /**
   * Puts the units of a committed reservation back on hand, when its order is cancelled after all. Idempotent;
   * a reservation that was never committed is a CONFLICT.
   */
  Future<Reservation> returnReservation(String orderId);

  /**
   * The catalog's event log after {@code afterPosition}, oldest first, at most {@code limit} (capped at 1000): what a
   * consumer that was down or missed a publish on {@code bazaar.events.catalog} reads to catch up.
   */
  Future<List<Event>> events(long afterPosition, int limit);
}
