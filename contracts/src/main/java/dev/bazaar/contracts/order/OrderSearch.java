package dev.bazaar.contracts.order;

import io.vertx.codegen.annotations.DataObject;
import io.vertx.codegen.json.annotations.JsonGen;
import io.vertx.core.json.JsonObject;

/** Which orders an admin pages through: every filter is optional; pages count from 1. */
@DataObject
@JsonGen(publicConverter = false)
public class OrderSearch {

  private OrderStatus status;
  private String customerId;
  private int page = 1;
  private int size = 20;

  public OrderSearch() {
  }

  public OrderSearch(JsonObject json) {
    OrderSearchConverter.fromJson(json, this);
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject();
    OrderSearchConverter.toJson(this, json);
    return json;
  }

  public OrderStatus getStatus() {
    return status;
  }

  public OrderSearch setStatus(OrderStatus status) {
    this.status = status;
    return this;
  }

  public String getCustomerId() {
    return customerId;
  }

  public OrderSearch setCustomerId(String customerId) {
    this.customerId = customerId;
    return this;
  }

  public int getPage() {
    return page;
  }

  public OrderSearch setPage(int page) {
    this.page = page;
    return this;
  }

  public int getSize() {
    return size;
  }

  public OrderSearch setSize(int size) {
    this.size = size;
    return this;
  }
}
