package dev.bazaar.notification;

import dev.bazaar.contracts.ErrorCode;
import dev.bazaar.contracts.Event;
import dev.bazaar.contracts.notification.NotificationPage;
import dev.bazaar.contracts.notification.NotificationPreferences;
import dev.bazaar.contracts.notification.NotificationService;
import dev.bazaar.platform.Identifiers;
import io.vertx.core.Future;

import java.util.List;

/** The notification service's answers on the bus: preferences, history and feeds, each checked before it is read. */
final class NotificationServiceImpl implements NotificationService {

  static final int MAX_PAGE_SIZE = 100;

  private final NotificationRepository repository;

  NotificationServiceImpl(NotificationRepository repository) {
    this.repository = repository;
  }

  @Override
  public Future<Void> ping() {
    return repository.ping();
  }

  @Override
  public Future<NotificationPreferences> preferences(String customerId) {
    return Identifiers.valid("customerId", customerId).compose(valid -> repository.preferences(customerId));
  }

  @Override
  public Future<NotificationPreferences> setPreferences(String customerId, NotificationPreferences preferences) {
    return Identifiers.valid("customerId", customerId)
      .compose(valid -> preferences == null
        ? ErrorCode.INVALID_INPUT.fail("Preferences are required: an email, or none, and the kinds opted out of.")
        : Future.succeededFuture())
      .compose(valid -> preferences.getEmail() != null && !Mailbox.isPlausible(preferences.getEmail())
        ? ErrorCode.INVALID_INPUT.fail("email must be an address such as ada@example.com, at most "
          + Mailbox.MAX_LENGTH + " characters, without spaces or angle brackets.")
        : Future.succeededFuture())
      .compose(valid -> repository.savePreferences(customerId, preferences));
  }

  @Override
  public Future<NotificationPage> list(String customerId, int page, int size) {
    return Identifiers.valid("customerId", customerId)
      .compose(valid -> page < 1 || page > 1_000_000 || size < 1
        ? ErrorCode.INVALID_INPUT.fail("page must be 1 to 1000000 and size at least 1.")
        : Future.succeededFuture())
      .compose(valid -> repository.page(customerId, page, Math.min(size, MAX_PAGE_SIZE)));
  }

  @Override
  public Future<List<Event>> feed(String customerId, long afterPosition, int limit) {
    return Identifiers.valid("customerId", customerId)
      .compose(valid -> repository.feed(customerId, afterPosition, limit));
  }

  @Override
  public Future<List<Event>> events(long afterPosition, int limit) {
    return repository.events(afterPosition, limit);
  }
}
