package dev.bazaar.contracts.order;

import io.vertx.codegen.annotations.DataObject;
import io.vertx.codegen.json.annotations.JsonGen;
import io.vertx.core.json.JsonObject;

/** How an order is paid: the payment method, as much of the card as may be shown, and what was refunded. */
@DataObject
@JsonGen(publicConverter = false)
public class OrderPayment {

  private String paymentMethodId;
  private String brand;
  private String last4;

  public OrderPayment() {
  }

  public OrderPayment(JsonObject json) {
    OrderPaymentConverter.fromJson(json, this);
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject();
    OrderPaymentConverter.toJson(this, json);
    return json;
  }

  public String getPaymentMethodId() {
    return paymentMethodId;
  }

  public OrderPayment setPaymentMethodId(String paymentMethodId) {
    this.paymentMethodId = paymentMethodId;
    return this;
  }

  public String getBrand() {
    return brand;
  }

  public OrderPayment setBrand(String brand) {
    this.brand = brand;
    return this;
  }

  public String getLast4() {
    return last4;
  }

  public OrderPayment setLast4(String last4) {
    this.last4 = last4;
    return this;
  }
}
