package dev.bazaar.contracts.payment;

import dev.bazaar.contracts.Money;
import io.vertx.codegen.annotations.DataObject;
import io.vertx.codegen.json.annotations.JsonGen;
import io.vertx.core.json.JsonObject;

/** The payment of one order: what was authorized, captured and refunded, and where it stands. */
@DataObject
@JsonGen(publicConverter = false)
public class Payment {

  private String orderId;
  private PaymentStatus status;
  private Money amount;
  private Money captured;
  private Money refunded;
  private String paymentMethodId;
  private String brand;
  private String last4;
  private String declineReason;
  private String createdAt;
  private String updatedAt;

  public Payment() {
  }

  public Payment(JsonObject json) {
    PaymentConverter.fromJson(json, this);
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject();
    PaymentConverter.toJson(this, json);
    return json;
  }

  public String getOrderId() {
    return orderId;
  }

  public Payment setOrderId(String orderId) {
    this.orderId = orderId;
    return this;
  }

  public PaymentStatus getStatus() {
    return status;
  }

  public Payment setStatus(PaymentStatus status) {
    this.status = status;
    return this;
  }

  /** What was authorized. */
  public Money getAmount() {
    return amount;
  }

  public Payment setAmount(Money amount) {
    this.amount = amount;
    return this;
  }

  /** What was taken; zero until captured. */
  public Money getCaptured() {
    return captured;
  }

  public Payment setCaptured(Money captured) {
    this.captured = captured;
    return this;
  }

  /** What was given back so far. */
  public Money getRefunded() {
    return refunded;
  }

  public Payment setRefunded(Money refunded) {
    this.refunded = refunded;
    return this;
  }

  public String getPaymentMethodId() {
    return paymentMethodId;
  }

  public Payment setPaymentMethodId(String paymentMethodId) {
    this.paymentMethodId = paymentMethodId;
    return this;
  }

  public String getBrand() {
    return brand;
  }

  public Payment setBrand(String brand) {
    this.brand = brand;
    return this;
  }

  public String getLast4() {
    return last4;
  }

  public Payment setLast4(String last4) {
    this.last4 = last4;
    return this;
  }

  /**
   * Why the issuer declined, or the processor failed: {@code generic_decline}, {@code insufficient_funds},
   * {@code stolen_card}, {@code processor_error}; null otherwise.
   */
  public String getDeclineReason() {
    return declineReason;
  }

  public Payment setDeclineReason(String declineReason) {
    this.declineReason = declineReason;
    return this;
  }

  /** ISO-8601 instant. */
  public String getCreatedAt() {
    return createdAt;
  }

  public Payment setCreatedAt(String createdAt) {
    this.createdAt = createdAt;
    return this;
  }

  /** ISO-8601 instant. */
  public String getUpdatedAt() {
    return updatedAt;
  }

  public Payment setUpdatedAt(String updatedAt) {
    this.updatedAt = updatedAt;
    return this;
  }
}
