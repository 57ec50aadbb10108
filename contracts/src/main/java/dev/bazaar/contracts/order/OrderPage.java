package dev.bazaar.contracts.order;

import io.vertx.codegen.annotations.DataObject;
import io.vertx.codegen.json.annotations.JsonGen;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/** One page of orders, newest first, and how many there are on all pages. */
@DataObject
@JsonGen(publicConverter = false)
public class OrderPage {

  private List<Order> items = new ArrayList<>();
  private int page;
  private int size;
  private long total;

  public OrderPage() {
  }

  public OrderPage(JsonObject json) {
    OrderPageConverter.fromJson(json, this);
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject();
    OrderPageConverter.toJson(this, json);
    return json;
  }

  public List<Order> getItems() {
    return items;
  }

  public OrderPage setItems(List<Order> items) {
    this.items = items;
    return this;
  }

  public int getPage() {
    return page;
  }

  public OrderPage setPage(int page) {
    this.page = page;
    return this;
  }

  public int getSize() {
    return size;
  }

  public OrderPage setSize(int size) {
    this.size = size;
    return this;
  }

  public long getTotal() {
    return total;
  }

  public OrderPage setTotal(long total) {
    this.total = total;
    return this;
  }
}
