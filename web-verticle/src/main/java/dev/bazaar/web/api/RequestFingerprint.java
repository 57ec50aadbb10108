package dev.bazaar.web.api;

import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * What identifies a request sent under an idempotency key: a SHA-256 of its body with the keys sorted, so that the same
 * request written in another order is the same request. A card in the body counts by its last 4 and expiry only: the
 * number and CVC, even hashed, never leave the payment service's hands.
 */
public final class RequestFingerprint {

  private RequestFingerprint() {
  }

  public static String of(JsonObject body) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256")
        .digest(canonical(withoutCardData(body)).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JVM has no SHA-256", e);
    }
  }

  private static JsonObject withoutCardData(JsonObject body) {
    JsonObject payment = body.getJsonObject("payment");
    JsonObject card = payment == null ? null : payment.getJsonObject("card");
    if (card == null) {
      return body;
    }
    String number = card.getString("number", "");
    JsonObject shown = new JsonObject()
      .put("last4", number.length() < 4 ? number : number.substring(number.length() - 4))
      .put("expMonth", card.getValue("expMonth"))
      .put("expYear", card.getValue("expYear"));
    return body.copy().put("payment", new JsonObject().put("card", shown));
  }

  /** JSON with every object's keys in order, so that equal requests give equal text. */
  private static String canonical(Object value) {
    if (value instanceof JsonObject object) {
      Map<String, Object> sorted = new TreeMap<>();
      object.forEach(entry -> sorted.put(entry.getKey(), entry.getValue()));
      StringBuilder text = new StringBuilder("{");
      sorted.forEach((key, field) -> text.append(text.length() > 1 ? "," : "")
        .append(Json.encode(key)).append(':').append(canonical(field)));
      return text.append('}').toString();
    }
    if (value instanceof JsonArray array) {
      StringBuilder text = new StringBuilder("[");
      for (int i = 0; i < array.size(); i++) {
        text.append(i > 0 ? "," : "").append(canonical(array.getValue(i)));
      }
      return text.append(']').toString();
    }
    return Json.encode(value);
  }
}
