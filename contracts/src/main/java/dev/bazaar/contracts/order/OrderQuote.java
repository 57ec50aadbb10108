package dev.bazaar.contracts.order;

import dev.bazaar.contracts.Money;
import io.vertx.codegen.annotations.DataObject;
import io.vertx.codegen.json.annotations.JsonGen;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/** What an order of these items to that country would cost now: each line, the items, shipping and the total. */
@DataObject
@JsonGen(publicConverter = false)
public class OrderQuote {

  private List<OrderLine> lines = new ArrayList<>();
  private Money itemsSubtotal;
  private Money shipping;
  private Money total;
  private int weightGrams;

  public OrderQuote() {
  }

  public OrderQuote(JsonObject json) {
    OrderQuoteConverter.fromJson(json, this);
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject();
    OrderQuoteConverter.toJson(this, json);
    return json;
  }

  public List<OrderLine> getLines() {
    return lines;
  }

  public OrderQuote setLines(List<OrderLine> lines) {
    this.lines = lines;
    return this;
  }

  public Money getItemsSubtotal() {
    return itemsSubtotal;
  }

  public OrderQuote setItemsSubtotal(Money itemsSubtotal) {
    this.itemsSubtotal = itemsSubtotal;
    return this;
  }

  public Money getShipping() {
    return shipping;
  }

  public OrderQuote setShipping(Money shipping) {
    this.shipping = shipping;
    return this;
  }

  public Money getTotal() {
    return total;
  }

  public OrderQuote setTotal(Money total) {
    this.total = total;
    return this;
  }

  public int getWeightGrams() {
    return weightGrams;
  }

  public OrderQuote setWeightGrams(int weightGrams) {
    this.weightGrams = weightGrams;
    return this;
  }
}
