package dev.bazaar.contracts.shipping;

import dev.bazaar.contracts.Money;
import io.vertx.codegen.annotations.DataObject;
import io.vertx.codegen.json.annotations.JsonGen;
import io.vertx.core.json.JsonObject;

/** What sending a parcel of some weight to some country costs, and the zone that price comes from. */
@DataObject
@JsonGen(publicConverter = false)
public class ShippingQuote {

  private String country;
  private ShippingZone zone;
  private int weightGrams;
  private Money price;

  public ShippingQuote() {
  }

  public ShippingQuote(JsonObject json) {
    ShippingQuoteConverter.fromJson(json, this);
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject();
    ShippingQuoteConverter.toJson(this, json);
    return json;
  }

  /** ISO 3166-1 alpha-2, as asked. */
  public String getCountry() {
    return country;
  }

  public ShippingQuote setCountry(String country) {
    this.country = country;
    return this;
  }

  public ShippingZone getZone() {
    return zone;
  }

  public ShippingQuote setZone(ShippingZone zone) {
    this.zone = zone;
    return this;
  }

  public int getWeightGrams() {
    return weightGrams;
  }

  public ShippingQuote setWeightGrams(int weightGrams) {
    this.weightGrams = weightGrams;
    return this;
  }

  public Money getPrice() {
    return price;
  }

  public ShippingQuote setPrice(Money price) {
    this.price = price;
    return this;
  }
}
