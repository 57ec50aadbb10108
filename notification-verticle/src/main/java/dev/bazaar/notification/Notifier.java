package dev.bazaar.notification;

import dev.bazaar.contracts.Event;
import dev.bazaar.contracts.notification.DeliveryStatus;
import dev.bazaar.contracts.notification.NotificationEvents;
import dev.bazaar.contracts.notification.NotificationPreferences;
import dev.bazaar.contracts.order.Order;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;

import java.util.Optional;
import java.util.UUID;

/**
 * Turns the order, payment and shipping events into notifications and feed entries. Each method is an
 * {@link dev.bazaar.platform.EventConsumer.Effect}: it runs inside the transaction that records the event as applied,
 * so an event makes its notification exactly once, however often it arrives.
 */
final class Notifier {

  private final NotificationRepository repository;
  private final Templates templates;
  private final boolean mailServerConfigured;

  Notifier(NotificationRepository repository, Templates templates, boolean mailServerConfigured) {
    this.repository = repository;
    this.templates = templates;
    this.mailServerConfigured = mailServerConfigured;
  }

  /** Every order event goes to its customer's feed; some are also a notification. */
  Future<Void> orderEvent(SqlConnection tx, Event event) {
    Order order = new Order(event.getData());
    return repository.rememberOrder(tx, order.getId(), order.getCustomerId())
      .compose(remembered -> repository.toFeed(tx, order.getCustomerId(), NotificationEvents.ORDER_STATUS, statusOf(order)))
      .compose(fed -> Notice.of(event).map(notice -> write(tx, event, order.getCustomerId(), notice))
        .orElse(Future.succeededFuture()));
  }

  /**
   * A payment or shipping event names only the order. Its customer is known from the order's own events, which the
   * order service wrote before it called payment or shipping; when they have not arrived here yet, the event fails
   * and is applied again on the next catch-up, so it waits rather than being lost.
   */
  Future<Void> orderPartEvent(SqlConnection tx, Event event) {
    Optional<Notice> notice = Notice.of(event);
    if (notice.isEmpty()) {
      return Future.succeededFuture();
    }
    return repository.customerOf(tx, notice.get().orderId()).compose(customer -> customer == null
      ? Future.failedFuture("order " + notice.get().orderId() + " is not known here yet")
      : write(tx, event, customer, notice.get()));
  }

  private Future<Void> write(SqlConnection tx, Event event, String customerId, Notice notice) {
    return repository.preferences(tx, customerId).compose(preferences -> {
      Letter letter = templates.write(customerId, notice.orderId(), notice.kind(), notice.model());
      Optional<String> notSent = whyNotSent(preferences, notice);
      return repository.insert(tx, UUID.fromString(event.getId()), letter, preferences.getEmail(),
        notSent.isPresent() ? DeliveryStatus.NOT_SENT : DeliveryStatus.PENDING, notSent.orElse(null));
    }).mapEmpty();
  }

  private Optional<String> whyNotSent(NotificationPreferences preferences, Notice notice) {
    if (preferences.getEmail() == null) {
      return Optional.of("The customer has given no email address.");
    }
    if (preferences.getOptedOut().contains(notice.kind())) {
      return Optional.of("The customer opted out of " + notice.kind() + ".");
    }
    if (!mailServerConfigured) {
      return Optional.of("No mail server is configured.");
    }
    return Optional.empty();
  }

  private static JsonObject statusOf(Order order) {
    return new JsonObject()
      .put("orderId", order.getId())
      .put("customerId", order.getCustomerId())
      .put("status", order.getStatus().name())
      .put("reason", order.getReason())
      .put("at", order.getUpdatedAt());
  }
}
