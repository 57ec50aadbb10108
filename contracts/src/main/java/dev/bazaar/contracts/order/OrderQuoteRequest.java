package dev.bazaar.contracts.order;

import io.vertx.codegen.annotations.DataObject;
import io.vertx.codegen.json.annotations.JsonGen;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/** Items and a destination to price, without reserving anything. */
@DataObject
@JsonGen(publicConverter = false)
public class OrderQuoteRequest {

  private List<OrderItem> lines = new ArrayList<>();
  private String country;

  public OrderQuoteRequest() {
  }

  public OrderQuoteRequest(JsonObject json) {
    OrderQuoteRequestConverter.fromJson(json, this);
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject();
    OrderQuoteRequestConverter.toJson(this, json);
    return json;
  }

  public List<OrderItem> getLines() {
    return lines;
  }

  public OrderQuoteRequest setLines(List<OrderItem> lines) {
    this.lines = lines;
    return this;
  }

  /** ISO 3166-1 alpha-2. */
  public String getCountry() {
    return country;
  }

  public OrderQuoteRequest setCountry(String country) {
    this.country = country;
    return this;
  }
}
