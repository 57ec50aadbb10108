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

  /**
   * The demo catalog's prices are amounts in whichever currency the shop sells in, as shipping's rates are: the file's
   * EUR is relabelled {@code currency}, so that a shop selling in another currency starts with products it can sell.
   */
  static DemoProduct fromJson(JsonObject json, String currency) {
    ProductDraft draft = new ProductDraft(json);
    draft.getPrice().setCurrency(currency);
    return new DemoProduct(idOf(draft.getSku()), draft, json.getInteger("onHand"));
  }

  static UUID idOf(String sku) {
    return UUID.nameUUIDFromBytes(("bazaar-demo:" + sku).getBytes(StandardCharsets.UTF_8));
  }
}
