package dev.bazaar.catalog;

import dev.bazaar.contracts.catalog.ProductDraft;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * One product of the demo catalog a fresh shop starts with, and the units it has on hand. Its id is derived from its
 * SKU, so every fresh shop has the same ids and the README's examples can name them.
 */
record DemoProduct(UUID id, ProductDraft draft, int onHand) {

  static DemoProduct fromJson(JsonObject json) {
    ProductDraft draft = new ProductDraft(json);
    return new DemoProduct(idOf(draft.getSku()), draft, json.getInteger("onHand"));
  }

  static UUID idOf(String sku) {
    return UUID.nameUUIDFromBytes(("bazaar-demo:" + sku).getBytes(StandardCharsets.UTF_8));
  }
}
