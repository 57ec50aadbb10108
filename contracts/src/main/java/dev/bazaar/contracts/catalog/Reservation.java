package dev.bazaar.contracts.catalog;

import io.vertx.codegen.annotations.DataObject;
import io.vertx.codegen.json.annotations.JsonGen;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/** The stock one order holds, and where that hold stands. */
@DataObject
@JsonGen(publicConverter = false)
public class Reservation {

  private String orderId;
  private ReservationStatus status;
  private List<ReservationLine> lines = new ArrayList<>();
  private String expiresAt;

  public Reservation() {
  }

  public Reservation(JsonObject json) {
    ReservationConverter.fromJson(json, this);
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject();
    ReservationConverter.toJson(this, json);
    return json;
  }

  public String getOrderId() {
    return orderId;
  }

  public Reservation setOrderId(String orderId) {
    this.orderId = orderId;
    return this;
  }

  public ReservationStatus getStatus() {
    return status;
  }

  public Reservation setStatus(ReservationStatus status) {
    this.status = status;
    return this;
  }

  public List<ReservationLine> getLines() {
    return lines;
  }

  public Reservation setLines(List<ReservationLine> lines) {
    this.lines = lines;
    return this;
  }

  /** ISO-8601 instant after which a HELD reservation returns its units to stock. */
  public String getExpiresAt() {
    return expiresAt;
  }

  public Reservation setExpiresAt(String expiresAt) {
    this.expiresAt = expiresAt;
    return this;
  }
}
