package dev.bazaar.contracts.shipping;

import io.vertx.codegen.annotations.DataObject;
import io.vertx.codegen.json.annotations.JsonGen;
import io.vertx.core.json.JsonObject;

/** One step in a shipment's history: the status it moved into, when, and where the parcel was. */
@DataObject
@JsonGen(publicConverter = false)
public class ShipmentMove {

  private ShipmentStatus status;
  private String at;
  private String place;

  public ShipmentMove() {
  }

  public ShipmentMove(ShipmentStatus status, String at, String place) {
    this.status = status;
    this.at = at;
    this.place = place;
  }

  public ShipmentMove(JsonObject json) {
    ShipmentMoveConverter.fromJson(json, this);
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject();
    ShipmentMoveConverter.toJson(this, json);
    return json;
  }

  public ShipmentStatus getStatus() {
    return status;
  }

  public ShipmentMove setStatus(ShipmentStatus status) {
    this.status = status;
    return this;
  }

  /** ISO-8601 instant of the move. */
  public String getAt() {
    return at;
  }

  public ShipmentMove setAt(String at) {
    this.at = at;
    return this;
  }

  /** Where the parcel was: the warehouse, a sorting hub, a depot, the recipient's city. */
  public String getPlace() {
    return place;
  }

  public ShipmentMove setPlace(String place) {
    this.place = place;
    return this;
  }
}
