package dev.bazaar.contracts.notification;

import io.vertx.codegen.annotations.DataObject;
import io.vertx.codegen.json.annotations.JsonGen;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/** Where a customer's emails go, and the kinds they want none of. Without an email, nothing is sent to them. */
@DataObject
@JsonGen(publicConverter = false)
public class NotificationPreferences {

  private String email;
  private List<NotificationKind> optedOut = new ArrayList<>();

  public NotificationPreferences() {
  }

  public NotificationPreferences(JsonObject json) {
    NotificationPreferencesConverter.fromJson(json, this);
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject();
    NotificationPreferencesConverter.toJson(this, json);
    return json;
  }

  /** Null when the customer gave none. */
  public String getEmail() {
    return email;
  }

  public NotificationPreferences setEmail(String email) {
    this.email = email;
    return this;
  }

  public List<NotificationKind> getOptedOut() {
    return optedOut;
  }

  public NotificationPreferences setOptedOut(List<NotificationKind> optedOut) {
    this.optedOut = optedOut;
    return this;
  }
}
