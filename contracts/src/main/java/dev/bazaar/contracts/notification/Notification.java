package dev.bazaar.contracts.notification;

import io.vertx.codegen.annotations.DataObject;
import io.vertx.codegen.json.annotations.JsonGen;
import io.vertx.core.json.JsonObject;

/** One thing the shop told a customer about an order, and where its email stands. */
@DataObject
@JsonGen(publicConverter = false)
public class Notification {

  private String id;
  private String customerId;
  private String orderId;
  private NotificationKind kind;
  private String subject;
  private String recipient;
  private DeliveryStatus status;
  private String reason;
  private int attempts;
  private String createdAt;
  private String sentAt;

  public Notification() {
  }

  public Notification(JsonObject json) {
    NotificationConverter.fromJson(json, this);
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject();
    NotificationConverter.toJson(this, json);
    return json;
  }

  @Override
  public String toString() {
    return toJson().encode();
  }

  public String getId() {
    return id;
  }

  public Notification setId(String id) {
    this.id = id;
    return this;
  }

  public String getCustomerId() {
    return customerId;
  }

  public Notification setCustomerId(String customerId) {
    this.customerId = customerId;
    return this;
  }

  public String getOrderId() {
    return orderId;
  }

  public Notification setOrderId(String orderId) {
    this.orderId = orderId;
    return this;
  }

  public NotificationKind getKind() {
    return kind;
  }

  public Notification setKind(NotificationKind kind) {
    this.kind = kind;
    return this;
  }

  /** The email's subject line. */
  public String getSubject() {
    return subject;
  }

  public Notification setSubject(String subject) {
    this.subject = subject;
    return this;
  }

  /** The address it goes to, as the customer's preferences gave it when it was made; null when there was none. */
  public String getRecipient() {
    return recipient;
  }

  public Notification setRecipient(String recipient) {
    this.recipient = recipient;
    return this;
  }

  public DeliveryStatus getStatus() {
    return status;
  }

  public Notification setStatus(DeliveryStatus status) {
    this.status = status;
    return this;
  }

  /** Why it was not sent, or why the last attempt failed; null otherwise. */
  public String getReason() {
    return reason;
  }

  public Notification setReason(String reason) {
    this.reason = reason;
    return this;
  }

  /** How many times its email was handed to the mail server. */
  public int getAttempts() {
    return attempts;
  }

  public Notification setAttempts(int attempts) {
    this.attempts = attempts;
    return this;
  }

  /** ISO-8601 instant. */
  public String getCreatedAt() {
    return createdAt;
  }

  public Notification setCreatedAt(String createdAt) {
    this.createdAt = createdAt;
    return this;
  }

  /** ISO-8601 instant the server accepted the email; null until then. */
  public String getSentAt() {
    return sentAt;
  }

  public Notification setSentAt(String sentAt) {
    this.sentAt = sentAt;
    return this;
  }
}
