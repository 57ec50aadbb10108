package dev.bazaar.contracts.catalog;

import io.vertx.codegen.annotations.DataObject;
import io.vertx.codegen.json.annotations.JsonGen;
import io.vertx.core.json.JsonObject;

/** Units of a product: on the shelf, promised to running checkouts, and what is left to sell. */
@DataObject
@JsonGen(publicConverter = false)
public class Stock {

  private int onHand;
  private int reserved;

  public Stock() {
  }

  public Stock(int onHand, int reserved) {
    this.onHand = onHand;
    this.reserved = reserved;
  }

  public Stock(JsonObject json) {
    StockConverter.fromJson(json, this);
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject();
    StockConverter.toJson(this, json);
    return json;
  }

  public int getOnHand() {
    return onHand;
  }

  public Stock setOnHand(int onHand) {
    this.onHand = onHand;
    return this;
  }

  public int getReserved() {
    return reserved;
  }

  public Stock setReserved(int reserved) {
    this.reserved = reserved;
    return this;
  }

  /** Derived, never stored: what a new reservation may still take. */
  public int getAvailable() {
    return onHand - reserved;
  }
}
