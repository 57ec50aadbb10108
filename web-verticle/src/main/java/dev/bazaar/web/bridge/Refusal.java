package dev.bazaar.web.bridge;

import dev.bazaar.web.edge.RateLimit;
import io.vertx.core.json.JsonObject;

/**
 * Why a bridge refused a client's frame, with the status the REST edge answers the same refusal with. The client gets
 * it as an error frame on the address it was waiting on: the reply address of a call, or the address it tried to follow.
 * <pre>{@code {"type": "err", "address": "…", "failureCode": 403, "failureType": "REFUSED", "message": "…"}}</pre>
 */
record Refusal(int code, String message) {

  static final String FAILURE_TYPE = "REFUSED";

  static Refusal malformed(String message) {
    return new Refusal(400, message);
  }

  static Refusal unauthenticated(String message) {
    return new Refusal(401, message);
  }

  static Refusal forbidden(String message) {
    return new Refusal(403, message);
  }

  /** Said on an address a client follows, or asks to, when the token it was followed with has expired. */
  static Refusal tokenExpired() {
    return unauthenticated("The token has expired; follow the address again with a fresh one.");
  }

  static Refusal tooMany(long secondsToWait) {
    return new Refusal(429, RateLimit.tooMany(secondsToWait));
  }

  JsonObject frame(String address) {
    JsonObject frame = new JsonObject().put("type", "err");
    if (address != null) {
      frame.put("address", address);
    }
    return frame.put("failureCode", code).put("failureType", FAILURE_TYPE).put("message", message);
  }

  Refused refused() {
    return new Refused(this);
  }

  /** A refusal on its way out of a check. */
  static final class Refused extends RuntimeException {

    final Refusal refusal;

    Refused(Refusal refusal) {
      super(refusal.message(), null, false, false);
      this.refusal = refusal;
    }
  }
}
