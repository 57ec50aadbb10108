package dev.bazaar.web;

import dev.bazaar.contracts.Event;
import dev.bazaar.contracts.Roles;
import dev.bazaar.contracts.notification.NotificationEvents;
import dev.bazaar.contracts.notification.NotificationService;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClientSession;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code GET /api/v1/me/events}: a customer's own feed, live, resumable from the last entry seen. */
@ExtendWith(VertxExtension.class)
class CustomerFeedTest {

  private static final String EVENTS = "/api/v1/me/events";

  private static Vertx vertx;
  private static TestShop shop;

  @BeforeAll
  static void start(Vertx v) {
    vertx = v;
    shop = TestShop.start(vertx);
  }

  @AfterAll
  static void stop() {
    shop.close();
  }

  @Test
  void aStreamCarriesTheCallersOrderStatusesInOrderAndNothingOfAnotherCustomer() {
    String alice = "alice-" + UUID.randomUUID();
    String bob = "bob-" + UUID.randomUUID();
    JsonObject product = shop.stockedProduct(1500, 10);
    try (FeedClient aliceFeed = connect(alice, null); FeedClient bobFeed = connect(bob, null)) {
      assertThat(aliceFeed.response().statusCode()).isEqualTo(200);
      assertThat(aliceFeed.response().getHeader("Content-Type")).isEqualTo("text/event-stream");
      assertThat(aliceFeed.response().getHeader("Cache-Control")).isEqualTo("no-store");
      assertThat(aliceFeed.response().getHeader("X-Accel-Buffering")).isEqualTo("no");

      List<HttpResponse<Buffer>> placed = Future.all(TestShop.placeCardOrder(customer(alice), product),
        TestShop.placeCardOrder(customer(bob), product)).await().list();
      String aliceOrder = placed.get(0).bodyAsJsonObject().getString("id");
      String bobOrder = placed.get(1).bodyAsJsonObject().getString("id");

      List<FeedClient.Entry> aliceSaw = aliceFeed.awaitEntries(confirmed(aliceOrder), "alice's order confirmed");
      List<FeedClient.Entry> bobSaw = bobFeed.awaitEntries(confirmed(bobOrder), "bob's order confirmed");

      assertThat(statuses(aliceSaw, aliceOrder)).containsExactly("PENDING", "CONFIRMED");
      assertThat(statuses(bobSaw, bobOrder)).containsExactly("PENDING", "CONFIRMED");
      assertThat(aliceSaw).allSatisfy(entry -> assertThat(entry.data().getString("customerId")).isEqualTo(alice));
      assertThat(bobSaw).allSatisfy(entry -> assertThat(entry.data().getString("customerId")).isEqualTo(bob));
      assertThat(aliceSaw.toString()).doesNotContain(bobOrder);
      assertThat(aliceSaw).extracting(FeedClient.Entry::type).isSubsetOf(NotificationEvents.ORDER_STATUS,
        NotificationEvents.CREATED, NotificationEvents.SENT, NotificationEvents.FAILED);
      assertThat(aliceSaw).extracting(FeedClient.Entry::id).isSorted().doesNotHaveDuplicates();
      assertThat(aliceFeed.lines().get(0)).startsWith("retry: ");
    }
  }

  @Test
  void aReconnectWithTheLastEventIdGetsEveryLaterEntryOnceAndNoneMissed() {
    String carol = "carol-" + UUID.randomUUID();
    JsonObject product = shop.stockedProduct(800, 10);
    String first;
    try (FeedClient live = connect(carol, null)) {
      String order = place(carol, product);
      first = Long.toString(live.awaitEntries(confirmed(order), "the first order confirmed").get(0).id());
    }
    // Placed while carol is not connected: only the log can give it to her.
    String missed = place(carol, product);

    try (FeedClient everything = connect(carol, "0"); FeedClient resumed = connect(carol, first)) {
      List<FeedClient.Entry> all = everything.awaitEntries(confirmed(missed), "the whole feed");
      long last = all.get(all.size() - 1).id();
      List<FeedClient.Entry> after = resumed.awaitEntries(entries -> entries.stream().anyMatch(entry -> entry.id() == last),
        "the resumed feed up to the whole feed's last entry");

      assertThat(after.stream().filter(entry -> entry.id() <= last).toList())
        .isEqualTo(all.stream().filter(entry -> entry.id() > Long.parseLong(first)).toList());
      assertThat(after).extracting(FeedClient.Entry::id).isSorted().doesNotHaveDuplicates();
      assertThat(all).extracting(FeedClient.Entry::id).isSorted().doesNotHaveDuplicates();
      assertThat(statuses(after, missed)).containsExactly("PENDING", "CONFIRMED");
    }
  }

  @Test
  void anEntryIsWrittenOnceAndNoneAtOrBeforeTheLastEventId() {
    String hank = "hank-" + UUID.randomUUID();
    try (FeedClient feed = connect(hank, "100")) {
      for (long position : new long[] {99, 100, 101, 101, 102}) {
        publish(hank, position);
      }

      List<FeedClient.Entry> got = feed.awaitEntries(entries -> entries.stream().anyMatch(entry -> entry.id() == 102), "102");

      assertThat(got).extracting(FeedClient.Entry::id).containsExactly(101L, 102L);
    }
  }

  @Test
  void aLastEventIdThatIsNotANumberIs400() {
    for (String bad : List.of("abc", "-1", "12 3", "1".repeat(19))) {
      Problems.assertProblem(shop.customer.get(EVENTS).putHeader("Last-Event-ID", bad).send().await(), 400);
    }
  }

  @Test
  void withoutTheNotificationServiceACatchUpIs503AndALiveStreamStillOpens() {
    String dave = "dave-" + UUID.randomUUID();
    shop.stopNotifications();
    try {
      HttpResponse<Buffer> catchUp = customer(dave).get(EVENTS).putHeader("Last-Event-ID", "0").send().await();
      Problems.assertProblem(catchUp, 503);
      try (FeedClient live = connect(dave, null)) {
        assertThat(live.response().statusCode()).isEqualTo(200);
        publish(dave, 7);
        assertThat(live.awaitEntries(entries -> !entries.isEmpty(), "the published entry").get(0).id()).isEqualTo(7);
      }
    } finally {
      shop.startNotifications();
    }
  }

  @Test
  void headAnswersTheStreamsHeadersAndEnds() {
    HttpResponse<Buffer> head = shop.customer.head(EVENTS).timeout(5_000).send().await();

    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.getHeader("Content-Type")).isEqualTo("text/event-stream");
  }

  @Test
  void aStreamOutlivesTheRequestTimeout() {
    TestShop.Web web = shop.startWeb(new JsonObject().put("requestTimeoutMillis", 300));
    String erin = "erin-" + UUID.randomUUID();
    try (FeedClient feed = FeedClient.connect(vertx, web.port(), shop.token(erin, Roles.CUSTOMER), null)) {
      Instant past = Instant.now().plusMillis(1_000);
      while (Instant.now().isBefore(past)) {
        assertThat(feed.closed()).as("the stream is open after the request timeout").isFalse();
        LockSupport.parkNanos(10_000_000);
      }
      publish(erin, 11);

      assertThat(feed.awaitEntries(entries -> !entries.isEmpty(), "an entry after the timeout").get(0).id()).isEqualTo(11);
      assertThat(feed.closed()).isFalse();
    } finally {
      vertx.undeploy(web.deploymentId()).await();
    }
  }

  @Test
  void stoppingAWebVerticleEndsItsStreamsAtOnce() {
    TestShop.Web web = shop.startWeb(new JsonObject());
    String frank = "frank-" + UUID.randomUUID();
    try (FeedClient feed = FeedClient.connect(vertx, web.port(), shop.token(frank, Roles.CUSTOMER), null)) {
      publish(frank, 3);
      feed.awaitEntries(entries -> !entries.isEmpty(), "the stream open");

      long began = System.nanoTime();
      vertx.undeploy(web.deploymentId()).await();
      Duration took = Duration.ofNanos(System.nanoTime() - began);

      assertThat(took).as("not held up until the request timeout").isLessThan(Duration.ofSeconds(5));
      feed.awaitClosed(Duration.ofSeconds(5));
    }
  }

  @Test
  void aClientThatStopsReadingIsCutOffRatherThanBufferedForever() {
    String gina = "gina-" + UUID.randomUUID();
    String marker = "marker-" + UUID.randomUUID();
    JsonObject bulky = new JsonObject().put("customerId", gina).put("bulk", "x".repeat(16 * 1024));
    // 64 MB: more than the socket buffers of both ends and the entries the server keeps waiting for a slow reader.
    int sent = 4_000;
    try (FeedClient feed = connect(gina, null); FeedClient markers = connect(marker, null)) {
      feed.response().pause();
      for (long position = 1; position <= sent; position++) {
        publish(gina, position, bulky);
      }
      // The bus hands one consumer its messages in order: once the marker is through, so is every entry before it.
      publish(marker, sent + 1);
      markers.awaitEntries(entries -> !entries.isEmpty(), "the marker");

      feed.response().resume();
      feed.awaitClosed(FeedClient.PATIENCE);

      List<FeedClient.Entry> got = feed.entries();
      assertThat(got.size()).as("entries before the cut").isLessThan(sent);
      assertThat(got).extracting(FeedClient.Entry::id).isSorted().doesNotHaveDuplicates();
    }
  }

  @Test
  void aStreamEndsWhenItsTokenExpiresAndAFreshTokenResumesAfterItsLastEntry() {
    String ivy = "ivy-" + UUID.randomUUID();
    JsonObject product = shop.stockedProduct(700, 10);
    String before = place(ivy, product);
    // In the log before the stream opens, so that the short-lived stream has it from its first page.
    awaitLog(ivy, before);
    String shortLived = shop.tokens.mint(ivy, List.of(Roles.CUSTOMER), Duration.ofSeconds(2));
    Instant expiry = Instant.ofEpochSecond(new JsonObject(new String(Base64.getUrlDecoder()
      .decode(shortLived.split("\\.")[1]), StandardCharsets.UTF_8)).getLong("exp"));
    long last;
    try (FeedClient expiring = FeedClient.connect(vertx, shop.port, shortLived, "0")) {
      expiring.awaitEntries(confirmed(before), "the first order confirmed");
      expiring.awaitClosed(Duration.between(Instant.now(), expiry.plusMillis(1_500)));

      assertThat(Instant.now()).as("ended at the token's expiry, not before").isAfterOrEqualTo(expiry.minusMillis(50));
      List<FeedClient.Entry> seen = expiring.entries();
      last = seen.get(seen.size() - 1).id();
    }
    // Placed while ivy is not connected: only the log can give it to her.
    String after = place(ivy, product);

    try (FeedClient resumed = connect(ivy, Long.toString(last)); FeedClient everything = connect(ivy, "0")) {
      List<FeedClient.Entry> all = everything.awaitEntries(confirmed(after), "the whole feed");
      long lastOfAll = all.get(all.size() - 1).id();
      List<FeedClient.Entry> got = resumed.awaitEntries(entries -> entries.stream().anyMatch(entry -> entry.id() == lastOfAll),
        "the resumed feed up to the whole feed's last entry");

      long lastSeen = last;
      assertThat(got.stream().filter(entry -> entry.id() <= lastOfAll).toList())
        .isEqualTo(all.stream().filter(entry -> entry.id() > lastSeen).toList());
      assertThat(got).extracting(FeedClient.Entry::id).isSorted().doesNotHaveDuplicates().allMatch(id -> id > lastSeen);
      assertThat(statuses(got, after)).containsExactly("PENDING", "CONFIRMED");
    }
  }

  @Test
  void aSixthStreamOfOneCustomerIs429UntilOneOfTheirFiveCloses() {
    String jack = "jack-" + UUID.randomUUID();
    List<FeedClient> five = new ArrayList<>();
    try {
      for (int i = 0; i < 5; i++) {
        five.add(connect(jack, null));
        assertThat(five.get(i).response().statusCode()).as("stream %d", i + 1).isEqualTo(200);
      }
      HttpResponse<Buffer> sixth = customer(jack).get(EVENTS).timeout(5_000).send().await();
      Problems.assertProblem(sixth, 429);
      assertThat(Integer.parseInt(sixth.getHeader("Retry-After"))).isPositive();
      try (FeedClient someoneElse = connect("kate-" + UUID.randomUUID(), null)) {
        assertThat(someoneElse.response().statusCode()).as("another customer's stream").isEqualTo(200);
      }

      five.remove(0).close();

      Instant deadline = Instant.now().plus(FeedClient.PATIENCE);
      FeedClient admitted = connect(jack, null);
      while (admitted.response().statusCode() == 429) {
        admitted.close();
        assertThat(Instant.now()).as("a stream admitted once one of the five closed").isBefore(deadline);
        LockSupport.parkNanos(20_000_000);
        admitted = connect(jack, null);
      }
      five.add(admitted);
      assertThat(admitted.response().statusCode()).isEqualTo(200);
    } finally {
      five.forEach(FeedClient::close);
    }
  }

  @Test
  void aWholeHistoryLongerThanAPageComesPageByPageEachEntryOnceAndInOrder() {
    TestShop.Web web = shop.startWeb(new JsonObject().put("feeds",
      new JsonObject().put("catchUpPage", 2)));
    String liam = "liam-" + UUID.randomUUID();
    JsonObject product = shop.stockedProduct(600, 10);
    String first = place(liam, product);
    String second = place(liam, product);
    List<Event> log = awaitLog(liam, second);
    assertThat(log.size()).as("more than two pages of history").isGreaterThan(4);
    long lastLogged = log.get(log.size() - 1).getPosition();
    try (FeedClient feed = FeedClient.connect(vertx, web.port(), shop.token(liam, Roles.CUSTOMER), "0")) {
      List<FeedClient.Entry> got = feed.awaitEntries(entries -> entries.stream().anyMatch(entry -> entry.id() == lastLogged),
        "the whole history");

      assertThat(got.stream().filter(entry -> entry.id() <= lastLogged).map(FeedClient.Entry::id).toList())
        .isEqualTo(log.stream().map(Event::getPosition).toList());
      assertThat(got).extracting(FeedClient.Entry::id).isSorted().doesNotHaveDuplicates();
      assertThat(statuses(got, first)).containsExactly("PENDING", "CONFIRMED");
      assertThat(statuses(got, second)).containsExactly("PENDING", "CONFIRMED");
    } finally {
      vertx.undeploy(web.deploymentId()).await();
    }
  }

  // ---- helpers

  private static FeedClient connect(String customer, String lastEventId) {
    return FeedClient.connect(vertx, shop.port, shop.token(customer, Roles.CUSTOMER), lastEventId);
  }

  private static WebClientSession customer(String subject) {
    return shop.session(subject, Roles.CUSTOMER);
  }

  private static String place(String customer, JsonObject product) {
    HttpResponse<Buffer> placed = TestShop.placeCardOrder(customer(customer), product).await();
    assertThat(placed.statusCode()).as(placed.bodyAsString()).isEqualTo(201);
    return placed.bodyAsJsonObject().getString("id");
  }

  /** The order statuses of {@code orderId} in the entries, in the order they came. */
  private static List<String> statuses(List<FeedClient.Entry> entries, String orderId) {
    return entries.stream()
      .filter(entry -> entry.type().equals(NotificationEvents.ORDER_STATUS))
      .filter(entry -> entry.data().getString("orderId").equals(orderId))
      .map(entry -> entry.data().getString("status"))
      .toList();
  }

  private static Predicate<List<FeedClient.Entry>> confirmed(String orderId) {
    return entries -> statuses(entries, orderId).contains("CONFIRMED");
  }

  /** The customer's feed in the notification service's log, once it holds the confirmation of {@code orderId}. */
  private static List<Event> awaitLog(String customer, String orderId) {
    NotificationService notifications = NotificationService.createProxy(vertx, new DeliveryOptions().setSendTimeout(10_000));
    Instant deadline = Instant.now().plus(FeedClient.PATIENCE);
    while (true) {
      List<Event> log = notifications.feed(customer, 0, 1000).await();
      if (log.stream().anyMatch(entry -> entry.getType().equals(NotificationEvents.ORDER_STATUS)
        && orderId.equals(entry.getData().getString("orderId")) && "CONFIRMED".equals(entry.getData().getString("status")))) {
        return log;
      }
      assertThat(Instant.now()).as("order %s confirmed in the log in time", orderId).isBefore(deadline);
      LockSupport.parkNanos(20_000_000);
    }
  }

  /** Publishes a made-up feed entry, as the notification service would, straight on the bus. */
  private static void publish(String customer, long position) {
    publish(customer, position, new JsonObject().put("customerId", customer));
  }

  private static void publish(String customer, long position, JsonObject data) {
    Event entry = new Event().setId(UUID.randomUUID().toString()).setSource(NotificationService.NAME)
      .setType(NotificationEvents.ORDER_STATUS).setAggregateId(customer).setOccurredAt(Instant.now().toString())
      .setPosition(position).setData(data);
    vertx.eventBus().publish(Event.address(NotificationService.NAME), entry.toJson());
  }
}
