package dev.bazaar.web.openapi;

import io.vertx.json.schema.OutputUnit;
import io.vertx.openapi.validation.SchemaValidationException;
import io.vertx.openapi.validation.ValidatorException;

/** Turns the contract validator's verdict into one sentence a client can act on. */
public final class ValidationDetail {

  private ValidationDetail() {
  }

  /**
   * The validator reports the outermost schema that failed ("the body does not match"); the client needs the
   * innermost one, with where it is ("/price/value: expected integer").
   */
  public static String of(ValidatorException invalid) {
    if (invalid instanceof SchemaValidationException schema && schema.getOutputUnit() != null) {
      OutputUnit innermost = innermost(schema.getOutputUnit());
      if (innermost.getError() != null) {
        String where = innermost.getInstanceLocation() == null ? "" : innermost.getInstanceLocation().replaceFirst("^#", "");
        String subject = invalid.getMessage().replaceFirst(" is invalid\\. Reason:.*$", "").replaceFirst("^The value of t", "T");
        return subject + " is invalid" + (where.isEmpty() ? "" : " at " + where) + ": " + innermost.getError();
      }
    }
    return invalid.getMessage();
  }

  private static OutputUnit innermost(OutputUnit unit) {
    OutputUnit deepest = unit;
    if (unit.getErrors() != null) {
      for (OutputUnit error : unit.getErrors()) {
        OutputUnit candidate = innermost(error);
        if (candidate.getError() != null && depth(candidate) >= depth(deepest)) {
          deepest = candidate;
        }
      }
    }
    return deepest;
  }

  /**
   * How deep in the instance, then in the schema, an error sits: deeper means more specific. At the same spot a wrong
   * type wins, because it explains every other complaint about that value.
   */
  private static int depth(OutputUnit unit) {
    boolean wrongType = unit.getKeywordLocation() != null && unit.getKeywordLocation().endsWith("/type");
    return 1000 * slashes(unit.getInstanceLocation()) + 10 * (wrongType ? 50 : slashes(unit.getKeywordLocation()));
  }

  private static int slashes(String location) {
    return location == null ? -1 : (int) location.chars().filter(c -> c == '/').count();
  }
}
