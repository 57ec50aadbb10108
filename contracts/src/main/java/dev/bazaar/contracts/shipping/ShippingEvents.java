package dev.bazaar.contracts.shipping;

/**
 * The events shipping publishes on {@code bazaar.events.shipping}, one for every move of a shipment, its aggregate id
 * the order id. Each carries the move: {@code {"orderId", "trackingNumber", "status", "at", "place"}}, with {@code at}
 * an ISO-8601 instant and {@code place} where the parcel was (the warehouse, a sorting hub, a depot, the recipient's
 * city). {@link #SHIPMENT_CREATED} also carries the {@code address} and {@code weightGrams}.
 */
public final class ShippingEvents {

  /** The label is printed; the parcel waits at the warehouse for the carrier. */
  public static final String SHIPMENT_CREATED = "shipping.shipment-created";
  /** The carrier has the parcel: it can no longer be cancelled. */
  public static final String IN_TRANSIT = "shipping.in-transit";
  public static final String OUT_FOR_DELIVERY = "shipping.out-for-delivery";
  public static final String DELIVERED = "shipping.delivered";
  /** The shipment was stopped before the carrier took it. */
  public static final String SHIPMENT_CANCELLED = "shipping.shipment-cancelled";

  /** The event that announces a move into {@code status}. */
  public static String of(ShipmentStatus status) {
    return switch (status) {
      case LABEL_CREATED -> SHIPMENT_CREATED;
      case IN_TRANSIT -> IN_TRANSIT;
      case OUT_FOR_DELIVERY -> OUT_FOR_DELIVERY;
      case DELIVERED -> DELIVERED;
      case CANCELLED -> SHIPMENT_CANCELLED;
    };
  }

  private ShippingEvents() {
  }
}
