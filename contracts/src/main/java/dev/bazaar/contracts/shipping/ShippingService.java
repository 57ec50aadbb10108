package dev.bazaar.contracts.shipping;

import dev.bazaar.contracts.Address;
import dev.bazaar.contracts.Event;
import io.vertx.codegen.annotations.ProxyGen;
import io.vertx.codegen.annotations.VertxGen;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;

import java.util.List;

/**
 * Shipping: what a parcel costs to send, and the parcels themselves, which a carrier moves from label to doorstep.
 *
 * <p>Failures carry an {@link dev.bazaar.contracts.ErrorCode}. Creating and cancelling a shipment are idempotent by
 * order id, so a caller that timed out may simply call again.
 */
@ProxyGen
@VertxGen
public interface ShippingService {

  /** The service's name, on the command line and in readiness reports. */
  String NAME = "shipping";
  String ADDRESS = "bazaar.shipping";

  static ShippingService createProxy(Vertx vertx, DeliveryOptions options) {
    return new ShippingServiceVertxEBProxy(vertx, ADDRESS, options);
  }

  /** Answers when the service and its database are up; used by readiness checks. */
  Future<Void> ping();

  /**
   * What sending {@code weightGrams} to {@code country} (ISO 3166-1 alpha-2) costs, from the rate of its zone and
   * weight band. An unknown country, or a weight outside 1 to 31500 g, is INVALID_INPUT.
   */
  Future<ShippingQuote> quote(String country, int weightGrams);

  /**
   * Prints the label of the order's parcel and hands it to the carrier; answers the shipment with its tracking number.
   * Calling it again for an order that already has a shipment returns that shipment and creates nothing.
   */
  Future<Shipment> createShipment(String orderId, Address address, int weightGrams);

  /**
   * Stops the order's parcel before it leaves: allowed until the carrier has it in transit, a CONFLICT after that.
   * Cancelling a cancelled shipment returns it; an order without a shipment is NOT_FOUND.
   */
  Future<Shipment> cancelShipment(String orderId);

  /** The order's shipment with every move it has made so far; NOT_FOUND when the order has none. */
  Future<Shipment> get(String orderId);

  /**
   * The shipping event log after {@code afterPosition}, oldest first, at most {@code limit} (capped at 1000): what a
   * consumer that was down or missed a publish on {@code bazaar.events.shipping} reads to catch up.
   */
  Future<List<Event>> events(long afterPosition, int limit);
}
