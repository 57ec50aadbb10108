package dev.bazaar.contracts.payment;

import io.vertx.codegen.annotations.DataObject;
import io.vertx.codegen.json.annotations.JsonGen;
import io.vertx.core.json.JsonObject;

/**
 * A card exchanged for a token: what may be stored and shown of it, and nothing that could charge it elsewhere.
 */
@DataObject
@JsonGen(publicConverter = false)
public class PaymentMethod {

  private String id;
  private String brand;
  private String last4;
  private int expMonth;
  private int expYear;

  public PaymentMethod() {
  }

  public PaymentMethod(JsonObject json) {
    PaymentMethodConverter.fromJson(json, this);
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject();
    PaymentMethodConverter.toJson(this, json);
    return json;
  }

  /** The token, {@code pm_…}, that payments name. */
  public String getId() {
    return id;
  }

  public PaymentMethod setId(String id) {
    this.id = id;
    return this;
  }

  /** visa, mastercard, amex or unknown. */
  public String getBrand() {
    return brand;
  }

  public PaymentMethod setBrand(String brand) {
    this.brand = brand;
    return this;
  }

  public String getLast4() {
    return last4;
  }

  public PaymentMethod setLast4(String last4) {
    this.last4 = last4;
    return this;
  }

  public int getExpMonth() {
    return expMonth;
  }

  public PaymentMethod setExpMonth(int expMonth) {
    this.expMonth = expMonth;
    return this;
  }

  public int getExpYear() {
    return expYear;
  }

  public PaymentMethod setExpYear(int expYear) {
    this.expYear = expYear;
    return this;
  }
}
