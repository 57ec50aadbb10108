package dev.bazaar.loadgen;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The weighted mix of operations a run draws from: {@code browse=40,product=30,checkout=10}, or the same as a JSON file
 * {@code {"browse": 40, "product": 30, "checkout": 10}}. Weights are relative; an operation left out is never drawn.
 */
public final class Mix {

  /** What a shopper mostly does: look, then sometimes buy, check on an order, or cancel one. */
  public static final String DEFAULT = "browse=35,product=30,quote=10,checkout=15,status=7,cancel=3";

  private final Map<Operation, Integer> weights;
  private final Operation[] table;

  private Mix(Map<Operation, Integer> weights) {
    this.weights = Collections.unmodifiableMap(weights);
    int total = weights.values().stream().mapToInt(Integer::intValue).sum();
    this.table = new Operation[total];
    int i = 0;
    for (Map.Entry<Operation, Integer> weight : weights.entrySet()) {
      for (int k = 0; k < weight.getValue(); k++) {
        table[i++] = weight.getKey();
      }
    }
  }

  /** A spec such as {@code browse=40,checkout=10}, or the path of a JSON file with the same. */
  public static Mix parse(String specOrFile) {
    Map<Operation, Integer> weights = new EnumMap<>(Operation.class);
    String spec = specOrFile.strip();
    if (spec.endsWith(".json") || Files.isRegularFile(Path.of(spec))) {
      JsonObject json;
      try {
        json = new JsonObject(Files.readString(Path.of(spec)));
      } catch (IOException | DecodeException e) {
        throw new IllegalArgumentException("cannot read the mix file " + spec + ": " + e.getMessage());
      }
      json.forEach(entry -> weights.put(Operation.of(entry.getKey()), weight(String.valueOf(entry.getValue()), spec)));
    } else {
      for (String part : spec.split(",")) {
        String[] pair = part.split("=", 2);
        if (pair.length != 2) {
          throw new IllegalArgumentException("a mix is OPERATION=WEIGHT,..., e.g. " + DEFAULT + "; not '" + part.strip() + "'");
        }
        weights.put(Operation.of(pair[0]), weight(pair[1], spec));
      }
    }
    weights.values().removeIf(weight -> weight == 0);
    if (weights.isEmpty()) {
      throw new IllegalArgumentException("the mix gives no operation a weight above 0");
    }
    return new Mix(weights);
  }

  private static int weight(String value, String spec) {
    try {
      int weight = Integer.parseInt(value.strip());
      if (weight >= 0 && weight <= 1000) {
        return weight;
      }
    } catch (NumberFormatException notANumber) {
      // said below
    }
    throw new IllegalArgumentException("each weight must be a whole number from 0 to 1000, not '" + value.strip()
      + "' in " + spec);
  }

  public Operation draw(SplittableRandom random) {
    return table[random.nextInt(table.length)];
  }

  public boolean includes(Operation operation) {
    return weights.containsKey(operation);
  }

  public Map<Operation, Integer> weights() {
    return weights;
  }

  @Override
  public String toString() {
    StringBuilder spec = new StringBuilder();
    weights.forEach((operation, weight) -> spec.append(spec.length() == 0 ? "" : ",").append(operation.label())
      .append('=').append(weight));
    return spec.toString();
  }
}
