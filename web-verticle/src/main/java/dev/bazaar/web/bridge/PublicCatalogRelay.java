package dev.bazaar.web.bridge;

import dev.bazaar.contracts.Event;
import dev.bazaar.contracts.catalog.CatalogEvents;
import dev.bazaar.contracts.catalog.CatalogService;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;

/**
 * The catalog as anyone on a bridge may follow it: each catalog event cut down to what the public REST API shows of a
 * product and what a shop page needs to stay current, published on {@value #ADDRESS} on this node only (as
 * {@link CustomerEventRelay} does for customers):
 * <pre>{@code
 * {"type": "catalog.stock-changed", "productId": "…", "available": 7}
 * {"type": "catalog.product-updated", "productId": "…", "available": 7, "price": {"value": 2500, "currency": "EUR"}, "active": true}
 * }</pre>
 * The catalog's own events carry the order each reservation was for and the exact on-hand and reserved counts, so
 * whoever followed them would watch every sale as it happens; they are for admins only.
 */
final class PublicCatalogRelay {

  static final String ADDRESS = "bazaar.public.catalog";

  private static final DeliveryOptions THIS_NODE = new DeliveryOptions().setLocalOnly(true);

  private final Vertx vertx;

  PublicCatalogRelay(Vertx vertx) {
    this.vertx = vertx;
  }

  Future<Void> start() {
    return vertx.eventBus().<JsonObject>consumer(Event.address(CatalogService.NAME),
        event -> vertx.eventBus().publish(ADDRESS, publicView(event.body()), THIS_NODE))
      .completion();
  }

  /** A catalog event as the public may see it: the product, its units for sale and, for a product event, its offer. */
  static JsonObject publicView(JsonObject event) {
    JsonObject data = event.getJsonObject("data", new JsonObject());
    JsonObject view = new JsonObject().put("type", event.getString("type")).put("productId", event.getString("aggregateId"));
    if (CatalogEvents.STOCK_CHANGED.equals(event.getString("type"))) {
      return view.put("available", data.getInteger("available"));
    }
    // Product events carry the product as the REST API shows it.
    return view.put("available", data.getJsonObject("stock", new JsonObject()).getInteger("available"))
      .put("price", data.getJsonObject("price"))
      .put("active", data.getBoolean("active"));
  }
}
