package dev.bazaar.web.bridge;

import dev.bazaar.web.WebConfig;
import dev.bazaar.web.api.RequestFingerprint;
import dev.bazaar.web.auth.Caller;
import dev.bazaar.web.auth.TokenVerifier;
import dev.bazaar.web.bridge.BridgeRules.Action;
import dev.bazaar.web.bridge.Refusal.Refused;
import dev.bazaar.web.edge.RateLimiter;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.bridge.BridgeEventType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;

/**
 * The gate of both event bus bridges, TCP and SockJS: every frame a client sends passes here before the bridge acts on
 * it, as every request passes the REST edge. In order: the frame's bearer token is checked as the edge checks it (an
 * address whose tokens keep failing is turned away first); the caller is held to the edge's rate; then
 * {@link BridgeRules} say whether the caller may call that action or follow that address. A frame that passes is
 * rewritten to carry only what the service needs: the action, checked arguments, and for a customer's action the
 * caller's own id; the token goes no further. A frame that does not pass gets an error frame saying why, and the
 * connection carries on. Each bridge acts on what passed in its own way: {@link TcpConnection} and {@link SockJsBridge}.
 *
 * <p>A frame carries its token in its headers: {@code {"headers": {"authorization": "Bearer <JWT>"}}}.
 *
 * <p>Every check here completes at once (the keys are in memory), so the frames of a connection are judged, and
 * refused, in the order they came: a client that sends a ping after a registration knows, from the pong, that no
 * refusal is coming. A check that waited on I/O would have to keep that order per connection.
 */
final class BusGuard {

  private static final Logger LOG = LoggerFactory.getLogger(BusGuard.class);
  private static final String BEARER = "Bearer ";

  private final TokenVerifier tokens;
  private final RateLimiter limiter;

  /**
   * @param limiter the edge's limiter, shared with REST; null when requests are not rate-limited
   */
  BusGuard(TokenVerifier tokens, RateLimiter limiter) {
    this.tokens = tokens;
    this.limiter = limiter;
  }

  /** The guard of a bridge configured as the web verticle is: the same token rules, the same shared rate. */
  static BusGuard of(Vertx vertx, WebConfig config) {
    return new BusGuard(new TokenVerifier(vertx, config.auth()), RateLimiter.sharedIn(vertx, config.rateLimit()));
  }

  /**
   * Judges one frame of a client: rewrites it in place and succeeds when it may go on, fails with a
   * {@link Refused} saying why when not. Frames that ask for nothing (pings, a client taking back its own registration,
   * deliveries to it, its socket coming and going) pass as they are.
   *
   * @param client the client's IP address, the rate limit's key for an anonymous caller
   */
  Future<Admitted> admit(BridgeEventType type, JsonObject frame, String client) {
    Future<Admitted> judged = switch (type) {
      case SEND -> sender(frame, client).compose(sender -> call(sender.caller(), frame).map(sender));
      case REGISTER -> sender(frame, client).compose(sender -> follow(sender, frame).map(sender));
      case PUBLISH -> sender(frame, client).compose(sender -> Future.failedFuture(
        Refusal.forbidden("Clients call services and follow events; they do not publish on the bus.").refused()));
      default -> Future.succeededFuture(Admitted.WITHOUT_TOKEN);
    };
    return judged.recover(failure -> Future.failedFuture(failure instanceof Refused ? failure : unexpected(failure).refused()));
  }

  /** The error frame that answers a frame {@link #admit} refused, on the address its client waits on. */
  static JsonObject refusalOf(Throwable refused, JsonObject frame) {
    return ((Refused) refused).refusal.frame(addressToAnswer(frame));
  }

  /**
   * Who sent a frame that passed, and until when their token holds: what outlives the frame (a registration) must end
   * then.
   *
   * @param tokenExpiry null when the frame carried no token
   */
  record Admitted(Caller caller, Instant tokenExpiry) {

    static final Admitted WITHOUT_TOKEN = new Admitted(Caller.ANONYMOUS, null);

    /** How long from now until the token expires, at least 1 ms (a timer's least). */
    long millisToExpiry() {
      return Math.max(1, Duration.between(Instant.now(), tokenExpiry).toMillis());
    }
  }

  /** Who sent the frame, once the rate allows it: a verified token's caller, or anonymous without a token. */
  private Future<Admitted> sender(JsonObject frame, String client) {
    return Future.succeededFuture(frame)
      .compose(sent -> {
        Object authorization = authorization(sent);
        return authorization == null ? Future.succeededFuture(Admitted.WITHOUT_TOKEN) : verified(authorization, client);
      })
      .compose(sender -> {
        long wait = limiter == null ? 0 : limiter.secondsToWait(sender.caller(), client);
        return wait == 0 ? Future.succeededFuture(sender) : Future.failedFuture(Refusal.tooMany(wait).refused());
      });
  }

  /**
   * As at the REST edge: while an address's refused tokens have used up its bucket, no new token of it is checked,
   * but a token that verified before still passes, so forged tokens cannot lock a real client out.
   */
  private Future<Admitted> verified(Object authorization, String client) {
    String token = authorization instanceof String header && header.regionMatches(true, 0, BEARER, 0, BEARER.length())
      ? header.substring(BEARER.length()).trim() : null;
    long wait = limiter == null || tokens.isKnownGood(token) ? 0 : limiter.secondsToWaitAfterRefusedTokens(client);
    if (wait > 0) {
      return Future.failedFuture(Refusal.tooMany(wait).refused());
    }
    if (token == null) {
      return Future.failedFuture(Refusal.unauthenticated("Send the token as 'Bearer <token>' in the frame's "
        + "authorization header.").refused());
    }
    return tokens.verify(token)
      .map(caller -> new Admitted(caller, caller.expiresAt()))
      .recover(invalid -> {
        if (limiter != null) {
          limiter.countRefusedToken(client);
        }
        return Future.failedFuture(Refusal.unauthenticated(invalid.getMessage()).refused());
      });
  }

  /** A call to a service: only an open action, with checked arguments, is passed on, and nothing else of the frame. */
  private Future<Void> call(Caller caller, JsonObject frame) {
    String address = text(frame, "address");
    Action action = BridgeRules.action(address, headers(frame).getValue("action"));
    BridgeRules.mayCall(caller, action);
    JsonObject sent = frame.getValue("body") == null ? new JsonObject() : object(frame, "body");
    JsonObject arguments = new JsonObject();
    if (action.isTheCallersOwn()) {
      arguments.put("customerId", caller.subject());
    }
    action.arguments().forEach(argument -> arguments.put(argument.name(), argument.check(sent.getValue(argument.name()))));
    if (arguments.getValue("request") instanceof JsonObject request && arguments.containsKey("idempotencyKey")) {
      // Placing under a key: a key used again with another request is refused by the service, as over REST.
      arguments.put("fingerprint", RequestFingerprint.of(request));
    }
    frame.put("headers", new JsonObject().put("action", action.name()));
    frame.put("body", arguments);
    return Future.succeededFuture();
  }

  /**
   * A registration lasts, so a token past its exp is refused here even within the leeway a single call gets: a page
   * that reconnects after its registration ended at exp is told at once, and does not register again and again.
   */
  private Future<Void> follow(Admitted sender, JsonObject frame) {
    if (sender.tokenExpiry() != null && !sender.tokenExpiry().isAfter(Instant.now())) {
      throw Refusal.tokenExpired().refused();
    }
    BridgeRules.mayFollow(sender.caller(), text(frame, "address"));
    frame.remove("headers");
    return Future.succeededFuture();
  }

  private static Object authorization(JsonObject frame) {
    JsonObject headers = headers(frame);
    for (String name : headers.fieldNames()) {
      if (name.equalsIgnoreCase("authorization")) {
        return headers.getValue(name);
      }
    }
    return null;
  }

  private static JsonObject headers(JsonObject frame) {
    return frame.getValue("headers") == null ? new JsonObject() : object(frame, "headers");
  }

  private static JsonObject object(JsonObject frame, String field) {
    if (!(frame.getValue(field) instanceof JsonObject object)) {
      throw Refusal.malformed("A frame's " + field + " must be a JSON object.").refused();
    }
    return object;
  }

  private static String text(JsonObject frame, String field) {
    if (!(frame.getValue(field) instanceof String text) || text.isEmpty()) {
      throw Refusal.malformed("A frame needs an " + field + ".").refused();
    }
    return text;
  }

  /** Where the client waits for the answer: the reply address of a call, else the address it named. */
  private static String addressToAnswer(JsonObject frame) {
    Object replyAddress = frame.getValue("replyAddress");
    if (replyAddress instanceof String reply) {
      return reply;
    }
    return frame.getValue("address") instanceof String address ? address : null;
  }

  private static Refusal unexpected(Throwable failure) {
    LOG.error("The bridge could not judge a frame", failure);
    return new Refusal(500, "The bridge failed to handle this frame.");
  }
}
