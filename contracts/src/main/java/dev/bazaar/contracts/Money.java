package dev.bazaar.contracts;

import io.vertx.codegen.annotations.DataObject;
import io.vertx.codegen.json.annotations.JsonGen;
import io.vertx.core.json.JsonObject;

import java.util.Collections;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/** An amount of money: integer minor units (cents) and an ISO-4217 currency code, never a floating point number. */
@DataObject
@JsonGen(publicConverter = false)
public class Money {

  /** The currencies the shop trades in. The public contract lists the same codes, and a test keeps them equal. */
  public static final Set<String> CURRENCIES = Collections.unmodifiableSet(new TreeSet<>(Set.of(
    "AUD", "CAD", "CHF", "CZK", "DKK", "EUR", "GBP", "HUF", "JPY", "NOK", "NZD", "PLN", "SEK", "USD")));

  private long value;
  private String currency;

  public Money() {
  }

  public Money(long value, String currency) {
    this.value = value;
    this.currency = currency;
  }

  public Money(JsonObject json) {
    MoneyConverter.fromJson(json, this);
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject();
    MoneyConverter.toJson(this, json);
    return json;
  }

  /** The amount in minor units of the currency, for example cents. */
  public long getValue() {
    return value;
  }

  public Money setValue(long value) {
    this.value = value;
    return this;
  }

  /** One of {@link #CURRENCIES}. */
  public String getCurrency() {
    return currency;
  }

  public Money setCurrency(String currency) {
    this.currency = currency;
    return this;
  }

  /**
   * This amount and {@code other} together. Amounts in two currencies have no sum without an exchange rate, which the
   * shop does not have: adding them throws rather than relabelling one of them.
   */
  public Money plus(Money other) {
    if (!Objects.equals(currency, other.currency)) {
      throw new IllegalArgumentException("An amount in " + currency + " cannot be added to one in " + other.currency + ".");
    }
    return new Money(Math.addExact(value, other.value), currency);
  }

  /** This amount {@code times} times over, such as an order line's unit price times its quantity. */
  public Money times(long times) {
    return new Money(Math.multiplyExact(value, times), currency);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Money other && value == other.value && Objects.equals(currency, other.currency);
  }

  @Override
  public int hashCode() {
    return Objects.hash(value, currency);
  }

  @Override
  public String toString() {
    return value + " " + currency;
  }
}
