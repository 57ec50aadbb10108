package dev.bazaar.contracts.order;

import io.vertx.codegen.annotations.DataObject;
import io.vertx.codegen.json.annotations.JsonGen;
import io.vertx.core.json.JsonObject;

/** A product and how many of it a customer asks for. */
@DataObject
@JsonGen(publicConverter = false)
public class OrderItem {

  private String productId;
  private int quantity;

  public OrderItem() {
  }

  public OrderItem(JsonObject json) {
    OrderItemConverter.fromJson(json, this);
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject();
    OrderItemConverter.toJson(this, json);
    return json;
  }

  public String getProductId() {
    return productId;
  }

  public OrderItem setProductId(String productId) {
    this.productId = productId;
    return this;
  }

  /** 1 to 100. */
  public int getQuantity() {
    return quantity;
  }

  public OrderItem setQuantity(int quantity) {
    this.quantity = quantity;
    return this;
  }
}
