package dev.bazaar.contracts.catalog;

import dev.bazaar.contracts.Money;
import io.vertx.codegen.annotations.DataObject;
import io.vertx.codegen.json.annotations.JsonGen;
import io.vertx.core.json.JsonObject;

/** Some units of one product, held for an order, with the price and weight they were held at. */
@DataObject
@JsonGen(publicConverter = false)
public class ReservationLine {

  private String productId;
  private int quantity;
  private String name;
  private Money unitPrice;
  private Integer weightGrams;

  public ReservationLine() {
  }

  public ReservationLine(String productId, int quantity) {
    this.productId = productId;
    this.quantity = quantity;
  }

  public ReservationLine(JsonObject json) {
    ReservationLineConverter.fromJson(json, this);
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject();
    ReservationLineConverter.toJson(this, json);
    return json;
  }

  public String getProductId() {
    return productId;
  }

  public ReservationLine setProductId(String productId) {
    this.productId = productId;
    return this;
  }

  public int getQuantity() {
    return quantity;
  }

  public ReservationLine setQuantity(int quantity) {
    this.quantity = quantity;
    return this;
  }

  /** The product's name when the units were reserved; the catalog fills it in, a caller's value is ignored. */
  public String getName() {
    return name;
  }

  public ReservationLine setName(String name) {
    this.name = name;
    return this;
  }

  /** The product's price when the units were reserved; the catalog fills it in, a caller's value is ignored. */
  public Money getUnitPrice() {
    return unitPrice;
  }

  public ReservationLine setUnitPrice(Money unitPrice) {
    this.unitPrice = unitPrice;
    return this;
  }

  /** One unit's shipping weight when reserved; the catalog fills it in, a caller's value is ignored. */
  public Integer getWeightGrams() {
    return weightGrams;
  }

  public ReservationLine setWeightGrams(Integer weightGrams) {
    this.weightGrams = weightGrams;
    return this;
  }
}
