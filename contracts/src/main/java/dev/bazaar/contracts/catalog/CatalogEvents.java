package dev.bazaar.contracts.catalog;

/**
 * The events the catalog publishes on {@code bazaar.events.catalog}. Product events carry the product as the REST API
 * shows it; a stock change carries the product id, the new stock, why it changed and, for reservations, the order.
 */
public final class CatalogEvents {

  public static final String PRODUCT_CREATED = "catalog.product-created";
  public static final String PRODUCT_UPDATED = "catalog.product-updated";
  public static final String PRODUCT_DEACTIVATED = "catalog.product-deactivated";
  public static final String STOCK_CHANGED = "catalog.stock-changed";

  /** Why stock changed, in a {@link #STOCK_CHANGED} event's {@code reason}. */
  public enum StockChange {
    SET, RESERVED, COMMITTED, RELEASED, EXPIRED, RETURNED
  }

  private CatalogEvents() {
  }
}
