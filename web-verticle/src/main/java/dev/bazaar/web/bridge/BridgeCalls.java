package dev.bazaar.web.bridge;

import dev.bazaar.contracts.ErrorCode;
import dev.bazaar.platform.Problem;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way a bridge client's call, once {@link BusGuard} let it through, reaches a service: and its failure comes
 * back as the REST edge would tell it. A service's own {@link ErrorCode} failure keeps its code and message, which are
 * written for clients; anything else (a bug's exception text, an event bus timeout naming internal addresses) becomes
 * {@link Problem}'s generic wording, and its cause goes to the log.
 *
 * <p>The TCP bridge calls {@link #call} itself. The SockJS bridge (vertx-web 5.0.7) writes a failed reply's raw message
 * straight to the socket, with no hook to change it, so its calls go through {@link #GATEWAY}, a consumer on this node
 * that makes the call and answers with the failure already cleaned; {@link SockJsBridge} points each admitted call
 * there.
 */
final class BridgeCalls {

  /** Where the SockJS bridge sends the calls it admitted; never an address a client may name. */
  static final String GATEWAY = "bazaar.web.bridge.calls";
  /** The service a call to the {@link #GATEWAY} is for, in a header beside its action. */
  static final String TARGET = "target";
  static final String ACTION = "action";

  private static final Logger LOG = LoggerFactory.getLogger(BridgeCalls.class);

  private BridgeCalls() {
  }

  /** Calls the action of the service at {@code address}; a failure is the one the client may see. */
  static Future<Message<Object>> call(Vertx vertx, String address, String action, Object body) {
    return vertx.eventBus().request(address, body, new DeliveryOptions().addHeader(ACTION, action))
      .recover(failure -> Future.failedFuture(shown(failure, address, action)));
  }

  /** Rewrites an admitted SockJS call to go through the {@link #GATEWAY}. */
  static void throughGateway(JsonObject frame) {
    JsonObject headers = frame.getJsonObject("headers");
    headers.put(TARGET, frame.getString("address"));
    frame.put("address", GATEWAY);
  }

  /** Serves the {@link #GATEWAY} on this node, for the SockJS bridges of its web verticles. */
  static Future<Void> serveGateway(Vertx vertx) {
    MessageConsumer<Object> gateway = vertx.eventBus().localConsumer(GATEWAY, message -> {
      String target = message.headers().get(TARGET);
      String action = message.headers().get(ACTION);
      Future.succeededFuture()
        // A second lock: only what the rules open, whatever reached this address.
        .map(start -> BridgeRules.action(target, action))
        .compose(open -> call(vertx, target, action, message.body()))
        .onSuccess(reply -> message.reply(reply.body()))
        // A ReplyException as the reply fails the caller's request with it, its failure type kept.
        .onFailure(failure -> message.reply(failure instanceof ReplyException shown ? shown
          : new ReplyException(ReplyFailure.RECIPIENT_FAILURE, 403, failure.getMessage())));
    });
    return gateway.completion();
  }

  /** An error frame of either bridge's framing for a failed call, answering on {@code replyAddress}. */
  static JsonObject errorFrame(String replyAddress, ReplyException failure) {
    return new JsonObject().put("type", "err").put("address", replyAddress).put("failureCode", failure.failureCode())
      .put("failureType", failure.failureType().name()).put("message", failure.getMessage());
  }

  private static ReplyException shown(Throwable failure, String address, String action) {
    if (failure instanceof ReplyException reply && reply.failureType() == ReplyFailure.RECIPIENT_FAILURE
      && ErrorCode.of(reply.failureCode()).isPresent()) {
      return new ReplyException(ReplyFailure.RECIPIENT_FAILURE, reply.failureCode(), reply.getMessage());
    }
    Problem problem = Problem.fromFailure(failure);
    if (problem.status() != 503) {
      LOG.error("A bridge client's call of {} {} failed", address, action, failure);
    }
    ReplyFailure type = failure instanceof ReplyException reply ? reply.failureType() : ReplyFailure.RECIPIENT_FAILURE;
    return new ReplyException(type, problem.status(), problem.detail());
  }
}
