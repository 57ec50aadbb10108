package dev.bazaar.web.api;

import dev.bazaar.contracts.Event;
import dev.bazaar.contracts.notification.NotificationService;
import dev.bazaar.platform.Problem;
import dev.bazaar.web.WebConfig;
import dev.bazaar.web.auth.Caller;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.time.Duration;
import java.time.Instant;
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
 * <p>A client that names the last entry it saw ({@code Last-Event-ID}) is caught up from the service's log first, a
 * page at a time. Its stream is registered before the log is read, so an entry published meanwhile waits in the stream
 * instead of falling between the read and the live feed; the stream drops the ones the log had already given.
 *
 * <p>A stream lasts no longer than the token it was opened with: it ends at the token's {@code exp}, and the client
 * reconnects with a fresh token and its {@code Last-Event-ID}. A customer holds at most so many streams on this node
 * ({@link FeedSeats}); one more is answered 429.
 *
 * <p>The consumer, the requests and the heartbeat timer are all set up from the instance's context, so everything here
 * runs on its one event loop and needs no lock.
 */
final class CustomerFeeds {

  static final long HEARTBEAT_MILLIS = 15_000;
  /** When a customer who holds every seat is asked to try again: about when a client's closed stream is noticed. */
  static final int SEATS_TAKEN_RETRY_SECONDS = 5;

  private final Vertx vertx;
  private final NotificationService notifications;
  private final WebConfig.Feeds limits;
  private final FeedSeats seats;
  private final Map<String, Set<FeedStream>> open = new HashMap<>();
  private final Map<FeedStream, Long> expiries = new HashMap<>();
  private MessageConsumer<JsonObject> consumer;
  private Future<Void> receiving;
  private long heartbeat;

  CustomerFeeds(Vertx vertx, NotificationService notifications, WebConfig.Feeds limits) {
    this.vertx = vertx;
    this.notifications = notifications;
    this.limits = limits;
    this.seats = new FeedSeats(vertx, limits.streamsPerCustomer());
  }

  void start() {
    consumer = vertx.eventBus().consumer(Event.address(NotificationService.NAME),
      message -> dispatch(new Event(message.body())));
    receiving = consumer.completion();
    heartbeat = vertx.setPeriodic(HEARTBEAT_MILLIS, tick -> streams().forEach(FeedStream::heartbeat));
  }

  /**
   * Opens the caller's stream, to end at their token's expiry. Nothing is answered until the catch-up's first page is
   * read: a service that cannot give it fails the request as a problem, rather than opening a stream with a hole in it.
   *
   * @param after the client's {@code Last-Event-ID}, or null to go live at once
   */
  void open(RoutingContext rc, Caller caller, Long after) {
    if (rc.request().method() == HttpMethod.HEAD) {
      FeedStream.head(rc.response()).end();
      return;
    }
    String customer = caller.subject();
    if (!seats.take(customer)) {
      Problem.of(429, "You have " + seats.perCustomer() + " live feeds open already; close one before opening another.")
        .retryAfter(SEATS_TAKEN_RETRY_SECONDS).send(rc.response());
      return;
    }
    FeedLog log = after == null ? null : new FeedLog(notifications, customer, limits.catchUpPage());
    FeedStream stream = new FeedStream(customer, rc.response(), log, after == null ? 0 : after, this::forget);
    open.computeIfAbsent(customer, none -> new LinkedHashSet<>()).add(stream);
    expiries.put(stream, vertx.setTimer(millisUntil(caller.expiresAt()), expired -> stream.expire()));
    // The bus must be delivering to this node before the log is read, or an entry could fall between the two.
    receiving
      .compose(subscribed -> log == null ? Future.succeededFuture(List.<Event>of()) : log.after(after))
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

  /**
   * At least a millisecond, as a timer needs: a token the verifier took within its leeway, past its {@code exp} by this
   * node's clock, ends at once (answered 401 if nothing was written yet).
   */
  private static long millisUntil(Instant expiresAt) {
    return Math.max(1, Duration.between(Instant.now(), expiresAt).toMillis());
  }

  /** Called once per stream as it ends, however it ends. */
  private void forget(FeedStream stream) {
    Set<FeedStream> streams = open.get(stream.customer);
    if (streams != null && streams.remove(stream) && streams.isEmpty()) {
      open.remove(stream.customer);
    }
    Long expiry = expiries.remove(stream);
    if (expiry != null) {
      vertx.cancelTimer(expiry);
    }
    seats.release(stream.customer);
  }

  /** A copy, since a stream that ends leaves the map. */
  private List<FeedStream> streams() {
    return open.values().stream().flatMap(Set::stream).toList();
  }
}
