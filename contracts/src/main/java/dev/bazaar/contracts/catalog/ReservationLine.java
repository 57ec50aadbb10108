package dev.bazaar.contracts.catalog;

import io.vertx.codegen.annotations.DataObject;
import io.vertx.codegen.json.annotations.JsonGen;
import io.vertx.core.json.JsonObject;

/** Some units of one product, held for an order. */
@DataObject
@JsonGen(publicConverter = false)
public class ReservationLine {

  private String productId;
  private int quantity;

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
}
