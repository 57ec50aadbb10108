package dev.bazaar.web.api;

import dev.bazaar.contracts.Event;
import dev.bazaar.contracts.notification.NotificationService;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The customers' live feeds on one web verticle instance, behind {@code GET /api/v1/me/events}. One bus consumer
 * receives every entry the notification service publishes and hands it to the open streams of the entry's customer
 * (its aggregate id), so a caller only ever sees their own. The publish reaches every web node of the cluster, so a
 * customer gets their entries whichever node they are connected to.
 *
 * <p>A client that names the last entry it saw ({@code Last-Event-ID}) is caught up from the service's log first. Its
 * stream is registered before the log is read, so an entry published meanwhile waits in the stream instead of falling
 * between the read and the live feed; the stream drops the ones the log had already given.
 *
 * <p>The consumer, the requests and the heartbeat timer are all set up from the instance's context, so everything here
 * runs on its one event loop and needs no lock.
 */
final class CustomerFeeds {

  /** What the service answers at most per call; a shorter page is the end of the log. */
  static final int PAGE = 1000;
  static final long HEARTBEAT_MILLIS = 15_000;

  private final Vertx vertx;
  private final NotificationService notifications;
  private final Map<String, Set<FeedStream>> open = new HashMap<>();
  private MessageConsumer<JsonObject> consumer;
  private Future<Void> receiving;
  private long heartbeat;

  CustomerFeeds(Vertx vertx, NotificationService notifications) {
    this.vertx = vertx;
    this.notifications = notifications;
  }

  void start() {
    consumer = vertx.eventBus().consumer(Event.address(NotificationService.NAME),
      message -> dispatch(new Event(message.body())));
    receiving = consumer.completion();
    heartbeat = vertx.setPeriodic(HEARTBEAT_MILLIS, tick -> streams().forEach(FeedStream::heartbeat));
  }

  /**
   * Opens the caller's stream. Nothing is answered until the catch-up is read: a service that cannot give it fails the
   * request as a problem, rather than opening a stream with a hole in it.
   *
   * @param after the client's {@code Last-Event-ID}, or null to go live at once
   */
  void open(RoutingContext rc, String customer, Long after) {
    if (rc.request().method() == HttpMethod.HEAD) {
      FeedStream.head(rc.response()).end();
      return;
    }
    FeedStream stream = new FeedStream(customer, rc.response(), after == null ? 0 : after, this::forget);
    open.computeIfAbsent(customer, none -> new LinkedHashSet<>()).add(stream);
    // The bus must be delivering to this node before the log is read, or an entry could fall between the two.
    receiving
      .compose(subscribed -> after == null ? Future.succeededFuture(List.<Event>of())
        : catchUp(customer, after, new ArrayList<>()))
      .onSuccess(stream::start)
      .onFailure(failure -> {
        if (stream.cancel()) {
          rc.fail(failure);
        }
      });
  }

  /** Ends every open stream, as the verticle stops; their clients reconnect, to another node if there is one. */
  void close() {
    vertx.cancelTimer(heartbeat);
    if (consumer != null) {
      consumer.unregister();
    }
    streams().forEach(FeedStream::end);
  }

  private void dispatch(Event entry) {
    Set<FeedStream> streams = open.get(entry.getAggregateId());
    if (streams != null) {
      List.copyOf(streams).forEach(stream -> stream.offer(entry));
    }
  }

  /** The customer's entries after {@code after}, page by page until a short one. */
  private Future<List<Event>> catchUp(String customer, long after, List<Event> read) {
    return notifications.feed(customer, after, PAGE).compose(page -> {
      read.addAll(page);
      return page.size() < PAGE ? Future.succeededFuture(read)
        : catchUp(customer, page.get(page.size() - 1).getPosition(), read);
    });
  }

  private void forget(FeedStream stream) {
    Set<FeedStream> streams = open.get(stream.customer);
    if (streams != null && streams.remove(stream) && streams.isEmpty()) {
      open.remove(stream.customer);
    }
  }

  /** A copy, since a stream that ends leaves the map. */
  private List<FeedStream> streams() {
    return open.values().stream().flatMap(Set::stream).toList();
  }
}
