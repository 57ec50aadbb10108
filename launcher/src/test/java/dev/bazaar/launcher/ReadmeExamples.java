package dev.bazaar.launcher;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The runnable examples of the README: every {@code sh} block that calls curl, in order, and what each curl call is
 * said to answer. A call's answer is the {@code # -> STATUS [JSON]} comment that follows it; the JSON, which may run
 * on over further comment lines, names the fields to check, with {@code "..."} and {@code [...]} for any value.
 */
record ReadmeExamples(String script, int calls, List<Expectation> expectations) {

  private static final Pattern SH_BLOCK = Pattern.compile("```sh\\n(.*?)```", Pattern.DOTALL);
  private static final Pattern CURL_CALL = Pattern.compile("(^|\\$\\(|[;&|]\\s*)\\s*curl\\s");
  private static final Pattern ANSWER = Pattern.compile("^#\\s*->\\s*(\\d{3})\\s*(.*)$");
  private static final String ANY = "<<any value>>";

  /** What one curl call must answer: its status, and the JSON fields to compare, or null for the status alone. */
  record Expectation(int call, int status, Object json) {
  }

  static ReadmeExamples from(String readme) {
    StringBuilder script = new StringBuilder();
    List<Expectation> expectations = new ArrayList<>();
    int calls = 0;
    Matcher blocks = SH_BLOCK.matcher(readme);
    while (blocks.find()) {
      String block = blocks.group(1);
      List<String> lines = block.lines().toList();
      if (lines.stream().noneMatch(ReadmeExamples::callsCurl)) {
        continue; // building and testing the shop, not using it
      }
      script.append(block).append('\n');
      for (int i = 0; i < lines.size(); i++) {
        String line = lines.get(i).strip();
        if (callsCurl(line)) {
          calls++;
        }
        Matcher answer = ANSWER.matcher(line);
        if (answer.matches()) {
          StringBuilder json = new StringBuilder(answer.group(2));
          while (depth(json) > 0 && i + 1 < lines.size() && lines.get(i + 1).strip().startsWith("#")) {
            json.append(' ').append(lines.get(++i).strip().substring(1));
          }
          expectations.add(new Expectation(calls, Integer.parseInt(answer.group(1)), parse(json.toString().strip())));
        }
      }
    }
    return new ReadmeExamples(script.toString(), calls, expectations);
  }

  private static boolean callsCurl(String line) {
    return !line.strip().startsWith("#") && CURL_CALL.matcher(line.strip()).find();
  }

  private static Object parse(String json) {
    if (!json.startsWith("{") && !json.startsWith("[")) {
      return null; // prose after the status
    }
    String wildcards = json.replace("[...]", "\"" + ANY + "\"").replace("\"...\"", "\"" + ANY + "\"");
    return json.startsWith("{") ? new JsonObject(wildcards) : new JsonArray(wildcards);
  }

  private static int depth(CharSequence json) {
    int depth = 0;
    for (int i = 0; i < json.length(); i++) {
      char c = json.charAt(i);
      depth += c == '{' || c == '[' ? 1 : c == '}' || c == ']' ? -1 : 0;
    }
    return depth;
  }

  /** Null when {@code actual} has every field {@code expected} names, with the same values; else where it differs. */
  static String mismatch(Object expected, Object actual, String where) {
    if (ANY.equals(expected)) {
      return null;
    }
    if (expected instanceof JsonObject object) {
      if (!(actual instanceof JsonObject other)) {
        return where + ": expected an object, got " + actual;
      }
      for (Map.Entry<String, Object> field : object) {
        if (!other.containsKey(field.getKey())) {
          return where + "/" + field.getKey() + ": missing";
        }
        String inner = mismatch(field.getValue(), other.getValue(field.getKey()), where + "/" + field.getKey());
        if (inner != null) {
          return inner;
        }
      }
      return null;
    }
    if (expected instanceof JsonArray array) {
      if (!(actual instanceof JsonArray other) || other.size() != array.size()) {
        return where + ": expected " + array.encode() + ", got " + actual;
      }
      for (int i = 0; i < array.size(); i++) {
        String inner = mismatch(array.getValue(i), other.getValue(i), where + "/" + i);
        if (inner != null) {
          return inner;
        }
      }
      return null;
    }
    if (expected instanceof Number number && actual instanceof Number other) {
      return new BigDecimal(number.toString()).compareTo(new BigDecimal(other.toString())) == 0
        ? null : where + ": expected " + number + ", got " + other;
    }
    return Objects.equals(expected, actual) ? null : where + ": expected " + expected + ", got " + actual;
  }
}
