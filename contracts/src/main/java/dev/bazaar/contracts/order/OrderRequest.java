package dev.bazaar.contracts.order;

import dev.bazaar.contracts.Address;
import io.vertx.codegen.annotations.DataObject;
import io.vertx.codegen.json.annotations.JsonGen;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/**
 * What a customer orders: the items, where they go and which payment method pays. Prices and weights come from the
 * catalog, never from here.
 */
@DataObject
@JsonGen(publicConverter = false)
public class OrderRequest {

  private List<OrderItem> lines = new ArrayList<>();
  private Address shippingAddress;
  private String paymentMethodId;

  public OrderRequest() {
  }

  public OrderRequest(JsonObject json) {
    OrderRequestConverter.fromJson(json, this);
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject();
    OrderRequestConverter.toJson(this, json);
    return json;
  }

  /** 1 to 50 lines. */
  public List<OrderItem> getLines() {
    return lines;
  }

  public OrderRequest setLines(List<OrderItem> lines) {
    this.lines = lines;
    return this;
  }

  public Address getShippingAddress() {
    return shippingAddress;
  }

  public OrderRequest setShippingAddress(Address shippingAddress) {
    this.shippingAddress = shippingAddress;
    return this;
  }

  /** A payment method of the customer placing the order. */
  public String getPaymentMethodId() {
    return paymentMethodId;
  }

  public OrderRequest setPaymentMethodId(String paymentMethodId) {
    this.paymentMethodId = paymentMethodId;
    return this;
  }
}
