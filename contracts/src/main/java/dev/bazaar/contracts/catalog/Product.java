package dev.bazaar.contracts.catalog;

import dev.bazaar.contracts.Money;
import io.vertx.codegen.annotations.DataObject;
import io.vertx.codegen.json.annotations.JsonGen;
import io.vertx.core.json.JsonObject;

/** A product as the catalog shows it, with its stock. Its JSON form is also the public REST representation. */
@DataObject
@JsonGen(publicConverter = false)
public class Product {

  private String id;
  private String sku;
  private String name;
  private String description;
  private String category;
  private Money price;
  private int weightGrams;
  private boolean active;
  private Stock stock;
  private String createdAt;
  private String updatedAt;

  public Product() {
  }

  public Product(JsonObject json) {
    ProductConverter.fromJson(json, this);
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject();
    ProductConverter.toJson(this, json);
    return json;
  }

  public String getId() {
    return id;
  }

  public Product setId(String id) {
    this.id = id;
    return this;
  }

  public String getSku() {
    return sku;
  }

  public Product setSku(String sku) {
    this.sku = sku;
    return this;
  }

  public String getName() {
    return name;
  }

  public Product setName(String name) {
    this.name = name;
    return this;
  }

  public String getDescription() {
    return description;
  }

  public Product setDescription(String description) {
    this.description = description;
    return this;
  }

  public String getCategory() {
    return category;
  }

  public Product setCategory(String category) {
    this.category = category;
    return this;
  }

  public Money getPrice() {
    return price;
  }

  public Product setPrice(Money price) {
    this.price = price;
    return this;
  }

  /** Shipping weight in grams. */
  public int getWeightGrams() {
    return weightGrams;
  }

  public Product setWeightGrams(int weightGrams) {
    this.weightGrams = weightGrams;
    return this;
  }

  public boolean isActive() {
    return active;
  }

  public Product setActive(boolean active) {
    this.active = active;
    return this;
  }

  public Stock getStock() {
    return stock;
  }

  public Product setStock(Stock stock) {
    this.stock = stock;
    return this;
  }

  /** ISO-8601 instant. */
  public String getCreatedAt() {
    return createdAt;
  }

  public Product setCreatedAt(String createdAt) {
    this.createdAt = createdAt;
    return this;
  }

  /** ISO-8601 instant. */
  public String getUpdatedAt() {
    return updatedAt;
  }

  public Product setUpdatedAt(String updatedAt) {
    this.updatedAt = updatedAt;
    return this;
  }
}
