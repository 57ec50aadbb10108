package dev.bazaar.contracts.order;

import dev.bazaar.contracts.Address;
import dev.bazaar.contracts.Money;
import io.vertx.codegen.annotations.DataObject;
import io.vertx.codegen.json.annotations.JsonGen;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/**
 * An order as its customer sees it: lines with their prices, the amounts, where it goes, how it is paid, its tracking
 * number and its history.
 */
@DataObject
@JsonGen(publicConverter = false)
public class Order {

  private String id;
  private String customerId;
  private OrderStatus status;
  private List<OrderLine> lines = new ArrayList<>();
  private Money itemsSubtotal;
  private Money shipping;
  private Money total;
  private Money refunded;
  private Integer weightGrams;
  private Address shippingAddress;
  private OrderPayment payment;
  private String trackingNumber;
  private String reason;
  private List<OrderTransition> history = new ArrayList<>();
  private String createdAt;
  private String updatedAt;

  public Order() {
  }

  public Order(JsonObject json) {
    OrderConverter.fromJson(json, this);
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject();
    OrderConverter.toJson(this, json);
    return json;
  }

  public String getId() {
    return id;
  }

  public Order setId(String id) {
    this.id = id;
    return this;
  }

  public String getCustomerId() {
    return customerId;
  }

  public Order setCustomerId(String customerId) {
    this.customerId = customerId;
    return this;
  }

  public OrderStatus getStatus() {
    return status;
  }

  public Order setStatus(OrderStatus status) {
    this.status = status;
    return this;
  }

  public List<OrderLine> getLines() {
    return lines;
  }

  public Order setLines(List<OrderLine> lines) {
    this.lines = lines;
    return this;
  }

  /** Null until the stock is reserved. */
  public Money getItemsSubtotal() {
    return itemsSubtotal;
  }

  public Order setItemsSubtotal(Money itemsSubtotal) {
    this.itemsSubtotal = itemsSubtotal;
    return this;
  }

  /** Null until shipping is quoted. */
  public Money getShipping() {
    return shipping;
  }

  public Order setShipping(Money shipping) {
    this.shipping = shipping;
    return this;
  }

  /** Items and shipping; null until shipping is quoted. */
  public Money getTotal() {
    return total;
  }

  public Order setTotal(Money total) {
    this.total = total;
    return this;
  }

  /** What was given back after the order was paid; null when nothing was. */
  public Money getRefunded() {
    return refunded;
  }

  public Order setRefunded(Money refunded) {
    this.refunded = refunded;
    return this;
  }

  /** What the parcel weighs, from the catalog's weights; null until the stock is reserved. */
  public Integer getWeightGrams() {
    return weightGrams;
  }

  public Order setWeightGrams(Integer weightGrams) {
    this.weightGrams = weightGrams;
    return this;
  }

  public Address getShippingAddress() {
    return shippingAddress;
  }

  public Order setShippingAddress(Address shippingAddress) {
    this.shippingAddress = shippingAddress;
    return this;
  }

  public OrderPayment getPayment() {
    return payment;
  }

  public Order setPayment(OrderPayment payment) {
    this.payment = payment;
    return this;
  }

  /** Null until the shipment exists. */
  public String getTrackingNumber() {
    return trackingNumber;
  }

  public Order setTrackingNumber(String trackingNumber) {
    this.trackingNumber = trackingNumber;
    return this;
  }

  /** Why the order ended where it did, for an order that did not succeed. */
  public String getReason() {
    return reason;
  }

  public Order setReason(String reason) {
    this.reason = reason;
    return this;
  }

  /** Every status it reached, oldest first. */
  public List<OrderTransition> getHistory() {
    return history;
  }

  public Order setHistory(List<OrderTransition> history) {
    this.history = history;
    return this;
  }

  /** ISO-8601 instant. */
  public String getCreatedAt() {
    return createdAt;
  }

  public Order setCreatedAt(String createdAt) {
    this.createdAt = createdAt;
    return this;
  }

  /** ISO-8601 instant. */
  public String getUpdatedAt() {
    return updatedAt;
  }

  public Order setUpdatedAt(String updatedAt) {
    this.updatedAt = updatedAt;
    return this;
  }
}
