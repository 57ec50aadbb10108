package dev.bazaar.catalog;

import dev.bazaar.contracts.catalog.ProductDraft;
import io.vertx.core.json.JsonObject;

/** One product of the demo catalog a fresh shop starts with, and the units it has on hand. */
record DemoProduct(ProductDraft draft, int onHand) {

  static DemoProduct fromJson(JsonObject json) {
    return new DemoProduct(new ProductDraft(json), json.getInteger("onHand"));
  }
}
