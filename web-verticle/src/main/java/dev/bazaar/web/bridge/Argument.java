package dev.bazaar.web.bridge;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * One named argument of a service action, as a bridge client sends it in a frame's body. A proxy that gets an argument
 * of the wrong shape throws and answers a failure like a bug's, so the bridge checks each argument first and refuses the
 * frame with a reason; what passes is rebuilt from the checked values only.
 */
interface Argument {

  /** Printable ASCII, as the REST contract asks of an Idempotency-Key. */
  Pattern KEY = Pattern.compile("[\\x21-\\x7E]{1,255}");
  int LONGEST_TEXT = 200;
  int MOST_IDS = 100;

  String name();

  /** The value to pass on, checked; throws a {@link Refusal.Refused} saying what is wrong with it. */
  Object check(Object value);

  /** A string of 1 to 200 characters: an id. */
  static Argument text(String name) {
    return required(name, value -> {
      if (!(value instanceof String text) || text.isEmpty() || text.length() > LONGEST_TEXT) {
        throw Refusal.malformed(name + " must be a string of 1 to " + LONGEST_TEXT + " characters.").refused();
      }
      return text;
    });
  }

  /** An idempotency key: 1 to 255 printable ASCII characters, as over REST. */
  static Argument key(String name) {
    return required(name, value -> {
      if (!(value instanceof String text) || !KEY.matcher(text).matches()) {
        throw Refusal.malformed(name + " must be 1 to 255 printable ASCII characters.").refused();
      }
      return text;
    });
  }

  /** A list of 1 to 100 ids. */
  static Argument texts(String name) {
    Argument each = text(name + "[]");
    return required(name, value -> {
      if (!(value instanceof JsonArray list) || list.isEmpty() || list.size() > MOST_IDS) {
        throw Refusal.malformed(name + " must be a list of 1 to " + MOST_IDS + " ids.").refused();
      }
      JsonArray checked = new JsonArray();
      list.forEach(id -> checked.add(each.check(id)));
      return checked;
    });
  }

  /** A whole number from {@code min} to {@code max}; {@code fallback} when it is left out. */
  static Argument integer(String name, int fallback, int min, int max) {
    return new Checked(name, value -> {
      if (value == null) {
        return fallback;
      }
      if (!(value instanceof Integer || value instanceof Long) || ((Number) value).longValue() < min
        || ((Number) value).longValue() > max) {
        throw Refusal.malformed(name + " must be a whole number from " + min + " to " + max + ".").refused();
      }
      return ((Number) value).intValue();
    });
  }

  /**
   * A data object of the contracts, read as its proxy will read it: {@code read} is its JSON constructor and
   * {@code write} its {@code toJson}. The generated converters skip a field they do not know or whose type is wrong,
   * and throw on some nested ones; either way the client meant something the service would not see, so it is refused.
   */
  static <T> Argument object(String name, Function<JsonObject, T> read, Function<T, JsonObject> write) {
    return required(name, value -> {
      if (!(value instanceof JsonObject json)) {
        throw Refusal.malformed(name + " must be a JSON object.").refused();
      }
      JsonObject checked;
      try {
        checked = write.apply(read.apply(json));
      } catch (RuntimeException wrongShape) {
        throw Refusal.malformed(name + " has a field of the wrong type.").refused();
      }
      String lost = lost(json, checked, name);
      if (lost != null) {
        throw Refusal.malformed(lost + " is not a field of " + name + ", or has the wrong type.").refused();
      }
      return checked;
    });
  }

  /** The path of the first field of {@code sent} that did not survive reading into {@code read}; null when none. */
  private static String lost(Object sent, Object read, String path) {
    if (sent instanceof JsonObject object) {
      if (!(read instanceof JsonObject kept)) {
        return path;
      }
      for (String field : object.fieldNames()) {
        if (object.getValue(field) != null) {
          String lost = kept.containsKey(field) ? lost(object.getValue(field), kept.getValue(field), path + "." + field)
            : path + "." + field;
          if (lost != null) {
            return lost;
          }
        }
      }
    } else if (sent instanceof JsonArray array) {
      if (!(read instanceof JsonArray kept) || kept.size() != array.size()) {
        return path;
      }
      for (int i = 0; i < array.size(); i++) {
        String lost = lost(array.getValue(i), kept.getValue(i), path + "[" + i + "]");
        if (lost != null) {
          return lost;
        }
      }
    } else if (sent instanceof Number number) {
      return read instanceof Number same && same.doubleValue() == number.doubleValue() ? null : path;
    } else if (!sent.equals(read)) {
      return path;
    }
    return null;
  }

  /** An argument that must be given, checked by {@code checker}. */
  static Argument required(String name, Function<Object, Object> checker) {
    return new Checked(name, value -> {
      if (value == null) {
        throw Refusal.malformed(name + " is required.").refused();
      }
      return checker.apply(value);
    });
  }

  record Checked(String name, Function<Object, Object> checker) implements Argument {

    @Override
    public Object check(Object value) {
      return checker.apply(value);
    }
  }
}
