package dev.bazaar.notification;

import dev.bazaar.contracts.Event;
import dev.bazaar.contracts.notification.DeliveryStatus;
import dev.bazaar.contracts.notification.Notification;
import dev.bazaar.contracts.notification.NotificationEvents;
import dev.bazaar.contracts.notification.NotificationKind;
import dev.bazaar.contracts.notification.NotificationService;
import dev.bazaar.platform.Database;
import dev.bazaar.platform.Outbox;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The service with no mail server: notifications are stored, never sent. With no sender running, the test also takes
 * emails itself, as an instance would, to pin down the lease that lets another instance send what a dead one took.
 */
@ExtendWith(VertxExtension.class)
class StoredOnlyTest {

  private static TestNotifications shop;
  private static Pool pool;
  private static NotificationRepository repository;

  @BeforeAll
  static void start(Vertx vertx) {
    shop = TestNotifications.deployedWithoutMailServer(vertx);
    pool = Database.pool(vertx, shop.database);
    repository = new NotificationRepository(pool, new Outbox("notification", NotificationService.NAME));
  }

  @AfterAll
  static void stop() {
    pool.close().await();
    shop.close();
  }

  @Test
  void withoutAMailServerANotificationIsStoredAndListedButNotSent() throws Exception {
    String customer = shop.newCustomer("stored@example.com");
    shop.confirm(customer, "Chai");

    Notification stored = shop.awaitNotification(customer, NotificationKind.ORDER_CONFIRMED);
    assertThat(stored.getStatus()).isEqualTo(DeliveryStatus.NOT_SENT);
    assertThat(stored.getReason()).isEqualTo("No mail server is configured.");
    assertThat(stored.getRecipient()).isEqualTo("stored@example.com");
    Thread.sleep(300);
    assertThat(shop.received()).isEmpty();
    shop.service.ping().await();
    List<Event> log = shop.service.events(0, 1000).await();
    assertThat(log).extracting(Event::getSource).containsOnly(NotificationService.NAME);
    assertThat(log).extracting(Event::getType).contains(NotificationEvents.ORDER_STATUS, NotificationEvents.CREATED);
  }

  @Test
  void anEmailTakenByAnInstanceIsDueAgainOnlyAfterItsLeaseAndEndsOnce() throws Exception {
    String customer = "lease-" + UUID.randomUUID();
    Letter letter = new Letter(customer, UUID.randomUUID().toString(), NotificationKind.SHIPPED, "Shipped", "text", "<p>html</p>");
    Notification pending = pool.withTransaction(tx -> repository.insert(tx, UUID.randomUUID(), letter, "lease@example.com",
      DeliveryStatus.PENDING, null)).await();
    UUID id = UUID.fromString(pending.getId());

    List<Email> taken = repository.takeDue(10, Duration.ofSeconds(2)).await();
    assertThat(taken).extracting(Email::id).containsExactly(id);
    assertThat(taken.get(0).attempt()).isOne();
    assertThat(taken.get(0).html()).isEqualTo("<p>html</p>");
    assertThat(repository.takeDue(10, Duration.ofSeconds(2)).await()).as("held by the instance that took it").isEmpty();

    Thread.sleep(2_100);
    List<Email> again = repository.takeDue(10, Duration.ofSeconds(2)).await();
    assertThat(again).as("due again once the lease ran out").extracting(Email::id).containsExactly(id);
    assertThat(again.get(0).attempt()).isEqualTo(2);

    repository.sent(id).await();
    repository.failed(id, "too late").await();
    repository.retryLater(id, "too late", Duration.ZERO).await();
    Notification sent = shop.notificationsOf(customer).get(0);
    assertThat(sent.getStatus()).as("a sent email stays sent").isEqualTo(DeliveryStatus.SENT);
    assertThat(sent.getReason()).isNull();
    assertThat(repository.takeDue(10, Duration.ofSeconds(2)).await()).isEmpty();
    assertThat(shop.service.feed(customer, 0, 100).await()).extracting(Event::getType)
      .containsExactly(NotificationEvents.CREATED, NotificationEvents.SENT);
  }
}
