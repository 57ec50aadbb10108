package dev.bazaar.platform;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Reads one section of a verticle's configuration for a config record's {@code from(JsonObject)}. It refuses a key the
 * record does not know, so that a misspelt key stops start-up instead of leaving its setting at the default, and it
 * words every mistake as one line that names the section and the key.
 */
public final class ConfigReader {

  private final String section;
  private final JsonObject json;

  private ConfigReader(String section, JsonObject json) {
    this.section = section;
    this.json = json;
  }

  /** A reader of {@code json}, which may hold only the {@code known} keys; null reads as an empty section. */
  public static ConfigReader of(String section, JsonObject json, Set<String> known) {
    JsonObject present = json == null ? new JsonObject() : json;
    for (String key : present.fieldNames()) {
      if (!known.contains(key)) {
        throw new IllegalArgumentException("unknown key '" + key + "' in the " + section + " configuration; known keys: "
          + String.join(", ", new TreeSet<>(known)));
      }
    }
    return new ConfigReader(section, present);
  }

  public boolean has(String key) {
    return json.getValue(key) != null;
  }

  public String string(String key, String fallback) {
    return read(key, fallback, String.class, "a string");
  }

  public int integer(String key, int fallback) {
    return read(key, (Number) fallback, Number.class, "a number").intValue();
  }

  public double number(String key, double fallback) {
    return read(key, (Number) fallback, Number.class, "a number").doubleValue();
  }

  public boolean bool(String key, boolean fallback) {
    return read(key, fallback, Boolean.class, "true or false");
  }

  /** A duration written as whole milliseconds. */
  public Duration millis(String key, Duration fallback) {
    return Duration.ofMillis(read(key, (Number) fallback.toMillis(), Number.class, "a number of milliseconds").longValue());
  }

  /** A nested section, read with its own known keys; null when absent. */
  public <T> T section(String key, Function<JsonObject, T> reader) {
    JsonObject nested = read(key, null, JsonObject.class, "an object");
    return nested == null ? null : reader.apply(nested);
  }

  public List<String> strings(String key) {
    JsonArray array = read(key, new JsonArray(), JsonArray.class, "a list of strings");
    if (!array.stream().allMatch(String.class::isInstance)) {
      throw invalid(key, "a list of strings");
    }
    return array.stream().map(String.class::cast).toList();
  }

  public List<JsonObject> objects(String key) {
    JsonArray array = read(key, new JsonArray(), JsonArray.class, "a list of objects");
    if (!array.stream().allMatch(JsonObject.class::isInstance)) {
      throw invalid(key, "a list of objects");
    }
    return array.stream().map(JsonObject.class::cast).toList();
  }

  /** Stops start-up unless the condition holds; the message says what the key must be. */
  public void require(boolean condition, String key, String mustBe) {
    if (!condition) {
      throw invalid(key, mustBe);
    }
  }

  private <T> T read(String key, T fallback, Class<T> type, String mustBe) {
    Object value = json.getValue(key);
    if (value == null) {
      return fallback;
    }
    if (!type.isInstance(value)) {
      throw invalid(key, mustBe);
    }
    return type.cast(value);
  }

  private IllegalArgumentException invalid(String key, String mustBe) {
    return new IllegalArgumentException(section + " configuration: " + key + " must be " + mustBe);
  }
}
