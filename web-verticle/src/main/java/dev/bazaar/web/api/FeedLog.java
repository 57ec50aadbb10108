package dev.bazaar.web.api;

import dev.bazaar.contracts.Event;
import dev.bazaar.contracts.notification.NotificationService;
import io.vertx.core.Future;

import java.util.List;

/**
 * A customer's entries in the notification service's log, read one bounded page at a time, so that catching up on a
 * long history holds one page in memory, never the whole of it.
 *
 * @param pageSize at most 1000, what the service answers at most per call; a shorter page is the end of the log
 */
record FeedLog(NotificationService notifications, String customer, int pageSize) {

  /** The next page: the entries after {@code position}, oldest first. */
  Future<List<Event>> after(long position) {
    return notifications.feed(customer, position, pageSize);
  }

  boolean isLast(List<Event> page) {
    return page.size() < pageSize;
  }
}
