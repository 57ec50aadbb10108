package dev.bazaar.contracts.order;

import io.vertx.codegen.annotations.DataObject;
import io.vertx.codegen.json.annotations.JsonGen;
import io.vertx.core.json.JsonObject;

/** One step of an order's history: the status it reached, when, and why. */
@DataObject
@JsonGen(publicConverter = false)
public class OrderTransition {

  private OrderStatus status;
  private String at;
  private String reason;

  public OrderTransition() {
  }

  public OrderTransition(JsonObject json) {
    OrderTransitionConverter.fromJson(json, this);
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject();
    OrderTransitionConverter.toJson(this, json);
    return json;
  }

  public OrderStatus getStatus() {
    return status;
  }

  public OrderTransition setStatus(OrderStatus status) {
    this.status = status;
    return this;
  }

  /** ISO-8601 instant. */
  public String getAt() {
    return at;
  }

  public OrderTransition setAt(String at) {
    this.at = at;
    return this;
  }

  public String getReason() {
    return reason;
  }

  public OrderTransition setReason(String reason) {
    this.reason = reason;
    return this;
  }
}
