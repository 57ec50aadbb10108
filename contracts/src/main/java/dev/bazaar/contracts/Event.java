package dev.bazaar.contracts;

import io.vertx.codegen.annotations.DataObject;
import io.vertx.codegen.json.annotations.JsonGen;
import io.vertx.core.json.JsonObject;

/**
 * The envelope of every event a service publishes: plain JSON, the same on the bus, in a producer's log and to a
 * client in another language.
 * <pre>{@code
 * {"id": "…uuid…", "source": "catalog", "type": "catalog.stock-changed", "aggregateId": "…",
 *  "occurredAt": "2026-11-25T20:00:00Z", "position": 42, "data": {...}}
 * }</pre>
 * The id makes a delivery recognisable when it comes twice. The position is the event's place in its producer's log:
 * it grows in commit order, so a consumer that has applied everything up to a position never has to look back.
 */
@DataObject
@JsonGen(publicConverter = false)
public class Event {

  /** Events of a service are published here, for example {@code bazaar.events.catalog}. */
  public static String address(String source) {
    return "bazaar.events." + source;
  }

  private String id;
  private String source;
  private String type;
  private String aggregateId;
  private String occurredAt;
  private long position;
  private JsonObject data;

  public Event() {
  }

  public Event(JsonObject json) {
    EventConverter.fromJson(json, this);
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject();
    EventConverter.toJson(this, json);
    return json;
  }

  public String getId() {
    return id;
  }

  public Event setId(String id) {
    this.id = id;
    return this;
  }

  /** The service that published it, such as {@code catalog}. */
  public String getSource() {
    return source;
  }

  public Event setSource(String source) {
    this.source = source;
    return this;
  }

  /** What happened, such as {@code catalog.stock-changed}; each service lists its types in contracts. */
  public String getType() {
    return type;
  }

  public Event setType(String type) {
    this.type = type;
    return this;
  }

  /** The thing it happened to: a product id, an order id. */
  public String getAggregateId() {
    return aggregateId;
  }

  public Event setAggregateId(String aggregateId) {
    this.aggregateId = aggregateId;
    return this;
  }

  /** ISO-8601 instant of the change. */
  public String getOccurredAt() {
    return occurredAt;
  }

  public Event setOccurredAt(String occurredAt) {
    this.occurredAt = occurredAt;
    return this;
  }

  public long getPosition() {
    return position;
  }

  public Event setPosition(long position) {
    this.position = position;
    return this;
  }

  public JsonObject getData() {
    return data;
  }

  public Event setData(JsonObject data) {
    this.data = data;
    return this;
  }
}
