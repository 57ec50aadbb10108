package dev.bazaar.contracts.notification;

import dev.bazaar.contracts.Event;
import io.vertx.codegen.annotations.ProxyGen;
import io.vertx.codegen.annotations.VertxGen;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;

import java.util.List;

/**
 * Notifications: what the shop tells a customer about their orders, by email, and the customer's live feed.
 *
 * <p>The service makes its notifications from the order, payment and shipping events on its own; nothing calls it to
 * send one. What it offers on the bus is each customer's address and opt-outs, their notifications, and their feed.
 * Failures carry an {@link dev.bazaar.contracts.ErrorCode}.
 */
@ProxyGen
@VertxGen
public interface NotificationService {

  /** The service's name, on the command line and in readiness reports. */
  String NAME = "notification";
  String ADDRESS = "bazaar.notification";

  static NotificationService createProxy(Vertx vertx, DeliveryOptions options) {
    return new NotificationServiceVertxEBProxy(vertx, ADDRESS, options);
  }

  /** Answers when the service and its database are up; used by readiness checks. */
  Future<Void> ping();

  /** The customer's address and opt-outs; a customer who never set them has no address and opted out of nothing. */
  Future<NotificationPreferences> preferences(String customerId);

  /**
   * Replaces the customer's address and opt-outs, and answers them as stored. An address that is not a plausible
   * mailbox ({@code local@domain}, at most 254 characters, no spaces or control characters) is INVALID_INPUT. Putting
   * the same preferences again changes nothing.
   */
  Future<NotificationPreferences> setPreferences(String customerId, NotificationPreferences preferences);

  /** One page of the customer's notifications, newest first, with where each one's delivery stands. */
  Future<NotificationPage> list(String customerId, int page, int size);

  /**
   * The customer's feed after {@code afterPosition}, oldest first, at most {@code limit} (capped at 1000): their
   * orders' status changes and their notifications, as {@link NotificationEvents} describes them. Positions are those
   * of the service's event log, so a client that saw position p asks for what came after p and misses nothing.
   */
  Future<List<Event>> feed(String customerId, long afterPosition, int limit);

  /**
   * The notification event log after {@code afterPosition}, oldest first, at most {@code limit} (capped at 1000):
   * what a consumer that was down or missed a publish on {@code bazaar.events.notification} reads to catch up.
   */
  Future<List<Event>> events(long afterPosition, int limit);
}
