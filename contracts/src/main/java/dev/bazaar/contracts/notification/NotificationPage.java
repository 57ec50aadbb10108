package dev.bazaar.contracts.notification;

import io.vertx.codegen.annotations.DataObject;
import io.vertx.codegen.json.annotations.JsonGen;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/** One page of notifications, newest first, and how many there are on all pages. */
@DataObject
@JsonGen(publicConverter = false)
public class NotificationPage {

  private List<Notification> items = new ArrayList<>();
  private int page;
  private int size;
  private long total;

  public NotificationPage() {
  }

  public NotificationPage(JsonObject json) {
    NotificationPageConverter.fromJson(json, this);
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject();
    NotificationPageConverter.toJson(this, json);
    return json;
  }

  public List<Notification> getItems() {
    return items;
  }

  public NotificationPage setItems(List<Notification> items) {
    this.items = items;
    return this;
  }

  public int getPage() {
    return page;
  }

  public NotificationPage setPage(int page) {
    this.page = page;
    return this;
  }

  public int getSize() {
    return size;
  }

  public NotificationPage setSize(int size) {
    this.size = size;
    return this;
  }

  public long getTotal() {
    return total;
  }

  public NotificationPage setTotal(long total) {
    this.total = total;
    return this;
  }
}
