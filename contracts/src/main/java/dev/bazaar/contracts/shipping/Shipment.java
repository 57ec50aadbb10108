package dev.bazaar.contracts.shipping;

import dev.bazaar.contracts.Address;
import io.vertx.codegen.annotations.DataObject;
import io.vertx.codegen.json.annotations.JsonGen;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/** The parcel of one order: where it goes, its tracking number, where it stands, and every move it has made. */
@DataObject
@JsonGen(publicConverter = false)
public class Shipment {

  private String orderId;
  private String trackingNumber;
  private ShipmentStatus status;
  private Address address;
  private int weightGrams;
  private String createdAt;
  private List<ShipmentMove> history = new ArrayList<>();

  public Shipment() {
  }

  public Shipment(JsonObject json) {
    ShipmentConverter.fromJson(json, this);
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject();
    ShipmentConverter.toJson(this, json);
    return json;
  }

  public String getOrderId() {
    return orderId;
  }

  public Shipment setOrderId(String orderId) {
    this.orderId = orderId;
    return this;
  }

  public String getTrackingNumber() {
    return trackingNumber;
  }

  public Shipment setTrackingNumber(String trackingNumber) {
    this.trackingNumber = trackingNumber;
    return this;
  }

  public ShipmentStatus getStatus() {
    return status;
  }

  public Shipment setStatus(ShipmentStatus status) {
    this.status = status;
    return this;
  }

  public Address getAddress() {
    return address;
  }

  public Shipment setAddress(Address address) {
    this.address = address;
    return this;
  }

  public int getWeightGrams() {
    return weightGrams;
  }

  public Shipment setWeightGrams(int weightGrams) {
    this.weightGrams = weightGrams;
    return this;
  }

  /** ISO-8601 instant the label was created. */
  public String getCreatedAt() {
    return createdAt;
  }

  public Shipment setCreatedAt(String createdAt) {
    this.createdAt = createdAt;
    return this;
  }

  /** Every move, oldest first; the last one is the current status. */
  public List<ShipmentMove> getHistory() {
    return history;
  }

  public Shipment setHistory(List<ShipmentMove> history) {
    this.history = history;
    return this;
  }
}
