package dev.bazaar.contracts.order;

import dev.bazaar.contracts.Money;
import io.vertx.codegen.annotations.DataObject;
import io.vertx.codegen.json.annotations.JsonGen;
import io.vertx.core.json.JsonObject;

/** An item of an order with the price its units were reserved at. */
@DataObject
@JsonGen(publicConverter = false)
public class OrderLine {

  private String productId;
  private String name;
  private int quantity;
  private Money unitPrice;
  private Money lineTotal;

  public OrderLine() {
  }

  public OrderLine(JsonObject json) {
    OrderLineConverter.fromJson(json, this);
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject();
    OrderLineConverter.toJson(this, json);
    return json;
  }

  public String getProductId() {
    return productId;
  }

  public OrderLine setProductId(String productId) {
    this.productId = productId;
    return this;
  }

  /** The product's name as it was when its stock was reserved, so the order reads the same later; null until then. */
  public String getName() {
    return name;
  }

  public OrderLine setName(String name) {
    this.name = name;
    return this;
  }

  public int getQuantity() {
    return quantity;
  }

  public OrderLine setQuantity(int quantity) {
    this.quantity = quantity;
    return this;
  }

  public Money getUnitPrice() {
    return unitPrice;
  }

  public OrderLine setUnitPrice(Money unitPrice) {
    this.unitPrice = unitPrice;
    return this;
  }

  /** unitPrice times quantity. */
  public Money getLineTotal() {
    return lineTotal;
  }

  public OrderLine setLineTotal(Money lineTotal) {
    this.lineTotal = lineTotal;
    return this;
  }
}
