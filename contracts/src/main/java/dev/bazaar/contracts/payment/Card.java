package dev.bazaar.contracts.payment;

import io.vertx.codegen.annotations.DataObject;
import io.vertx.codegen.json.annotations.JsonGen;
import io.vertx.core.json.JsonObject;

/**
 * A payment card as a customer types it. It goes to the payment service and no further: nothing stores, logs or
 * forwards the number or the CVC.
 */
@DataObject
@JsonGen(publicConverter = false)
public class Card {

  private String number;
  private int expMonth;
  private int expYear;
  private String cvc;

  public Card() {
  }

  public Card(JsonObject json) {
    CardConverter.fromJson(json, this);
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject();
    CardConverter.toJson(this, json);
    return json;
  }

  /** 12 to 19 digits, no spaces. */
  public String getNumber() {
    return number;
  }

  public Card setNumber(String number) {
    this.number = number;
    return this;
  }

  /** 1 to 12. */
  public int getExpMonth() {
    return expMonth;
  }

  public Card setExpMonth(int expMonth) {
    this.expMonth = expMonth;
    return this;
  }

  /** Four digits, such as 2030. */
  public int getExpYear() {
    return expYear;
  }

  public Card setExpYear(int expYear) {
    this.expYear = expYear;
    return this;
  }

  /** 3 or 4 digits. */
  public String getCvc() {
    return cvc;
  }

  public Card setCvc(String cvc) {
    this.cvc = cvc;
    return this;
  }

  /** Never the number or the CVC, should a card ever be printed. */
  @Override
  public String toString() {
    return "Card(**** " + (number == null || number.length() < 4 ? "" : number.substring(number.length() - 4)) + ")";
  }
}
