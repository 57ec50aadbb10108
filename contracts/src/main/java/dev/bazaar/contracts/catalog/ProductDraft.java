package dev.bazaar.contracts.catalog;

import dev.bazaar.contracts.Money;
import io.vertx.codegen.annotations.DataObject;
import io.vertx.codegen.json.annotations.JsonGen;
import io.vertx.core.json.JsonObject;

/** What a client may say about a product when creating or replacing it; everything else is owned by the service. */
@DataObject
@JsonGen(publicConverter = false)
public class ProductDraft {

  private String sku;
  private String name;
  private String description;
  private String category;
  private Money price;
  private Integer weightGrams;

  public ProductDraft() {
  }

  public ProductDraft(JsonObject json) {
    ProductDraftConverter.fromJson(json, this);
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject();
    ProductDraftConverter.toJson(this, json);
    return json;
  }

  public String getSku() {
    return sku;
  }

  public ProductDraft setSku(String sku) {
    this.sku = sku;
    return this;
  }

  public String getName() {
    return name;
  }

  public ProductDraft setName(String name) {
    this.name = name;
    return this;
  }

  public String getDescription() {
    return description;
  }

  public ProductDraft setDescription(String description) {
    this.description = description;
    return this;
  }

  public String getCategory() {
    return category;
  }

  public ProductDraft setCategory(String category) {
    this.category = category;
    return this;
  }

  public Money getPrice() {
    return price;
  }

  public ProductDraft setPrice(Money price) {
    this.price = price;
    return this;
  }

  /** Shipping weight in grams; a product without one weighs {@code DEFAULT_WEIGHT_GRAMS} of the catalog's rules. */
  public Integer getWeightGrams() {
    return weightGrams;
  }

  public ProductDraft setWeightGrams(Integer weightGrams) {
    this.weightGrams = weightGrams;
    return this;
  }
}
