package dev.bazaar.notification;

import dev.bazaar.contracts.notification.DeliveryStatus;
import dev.bazaar.contracts.notification.Notification;
import dev.bazaar.contracts.notification.NotificationKind;
import dev.bazaar.contracts.order.Order;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.Arrays;
import java.util.List;

import static dev.bazaar.notification.TestNotifications.await;
import static dev.bazaar.notification.TestNotifications.awaitValue;
import static org.assertj.core.api.Assertions.assertThat;

/** Emails through a real SMTP server: once each, as written, and again, as the same message, after the server failed. */
@ExtendWith(VertxExtension.class)
class EmailDeliveryTest {

  private static TestNotifications shop;

  @BeforeAll
  static void start(Vertx vertx) {
    shop = TestNotifications.deployed(vertx);
  }

  @AfterAll
  static void stop() {
    shop.close();
  }

  @BeforeEach
  void emptyMailbox() throws Exception {
    if (!shop.smtp.isRunning()) {
      shop.startSmtp();
    }
    shop.smtp.purgeEmailFromAllMailboxes();
  }

  @Test
  void aConfirmedOrderIsEmailedOnceToTheCustomerWithItsTotalAndTrackingNumber() throws Exception {
    String customer = shop.newCustomer("ada@example.com");
    Order order = shop.confirm(customer, "Earl Grey");

    Notification sent = awaitValue(() -> shop.awaitNotification(customer, NotificationKind.ORDER_CONFIRMED),
      n -> n.getStatus() == DeliveryStatus.SENT, "the confirmation sent");
    assertThat(shop.received()).hasSize(1);
    MimeMessage email = shop.received()[0];
    assertThat(email.getRecipients(Message.RecipientType.TO)).extracting(Object::toString).containsExactly("ada@example.com");
    assertThat(email.getFrom()).extracting(Object::toString).containsExactly(NotificationConfig.DEFAULT_SENDER);
    assertThat(email.getSubject()).isEqualTo("Your order " + order.getId().substring(0, 8).toUpperCase() + " is confirmed");
    assertThat(email.getMessageID()).isEqualTo("<" + sent.getId() + "@bazaar.local>");
    String text = part(email, "text/plain");
    assertThat(text).as("the body, without the subject line").startsWith("Thank you for your order");
    assertThat(text).contains("2 x Earl Grey", "EUR 12.50", "Total:    EUR 29.90", "paid with VISA ending in 4242",
      "Tracking number: " + order.getTrackingNumber(), "1 Analytical Row");
    assertThat(part(email, "text/html")).contains("<strong>EUR 29.90</strong>", order.getTrackingNumber());
    assertThat(sent.getRecipient()).isEqualTo("ada@example.com");
    assertThat(sent.getAttempts()).isEqualTo(1);
    assertThat(sent.getSentAt()).isNotNull();

    // Further sweeps find nothing more to send.
    Thread.sleep(500);
    assertThat(shop.received()).hasSize(1);
  }

  @Test
  void whatACustomerTypedIsEscapedInTheHtmlAndLeftAsWrittenInTheText() throws Exception {
    String customer = shop.newCustomer("grace@example.com");
    shop.confirm(customer, "Tea <script>alert('x')</script> & cake");

    await(() -> shop.received().length == 1, "the email");
    MimeMessage email = shop.received()[0];
    String html = part(email, "text/html");
    assertThat(html).doesNotContain("<script>").doesNotContain("<b>Lovelace</b>")
      .contains("Tea &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; cake")
      .contains("Ada &lt;b&gt;Lovelace&lt;/b&gt;");
    assertThat(part(email, "text/plain")).contains("Tea <script>alert('x')</script> & cake", "Ada <b>Lovelace</b>");
  }

  @Test
  void withTheServerDownTheEmailIsRetriedAndDeliveredOnceWhenItReturnsAsTheSameMessage() throws Exception {
    shop.stopSmtp();
    String customer = shop.newCustomer("alan@example.com");
    shop.confirm(customer, "Darjeeling");

    Notification failing = awaitValue(() -> shop.awaitNotification(customer, NotificationKind.ORDER_CONFIRMED),
      n -> n.getAttempts() >= 2, "two failed attempts");
    assertThat(failing.getStatus()).isEqualTo(DeliveryStatus.PENDING);
    assertThat(failing.getReason()).startsWith("Attempt ").contains(" of " + TestNotifications.SEND_ATTEMPTS + " failed: ");
    shop.startSmtp();

    Notification sent = awaitValue(() -> shop.notificationsOf(customer).get(0), n -> n.getStatus() == DeliveryStatus.SENT,
      "sent once the server is back");
    assertThat(sent.getReason()).isNull();
    assertThat(shop.received()).hasSize(1);
    assertThat(shop.received()[0].getMessageID()).isEqualTo("<" + sent.getId() + "@bazaar.local>");
  }

  @Test
  void aServerThatStaysDownEndsTheNotificationFailedAfterTheLastAttemptWithTheReason() {
    shop.stopSmtp();
    String customer = shop.newCustomer("edsger@example.com");
    shop.confirm(customer, "Assam");

    Notification failed = awaitValue(() -> shop.awaitNotification(customer, NotificationKind.ORDER_CONFIRMED),
      n -> n.getStatus() == DeliveryStatus.FAILED, "given up");
    assertThat(failed.getAttempts()).isEqualTo(TestNotifications.SEND_ATTEMPTS);
    assertThat(failed.getReason()).startsWith("Attempt 4 of 4 failed: ").contains("Connection refused");
    assertThat(failed.getSentAt()).isNull();

    shop.startSmtp();
    List<Notification> after = shop.notificationsOf(customer);
    assertThat(after).extracting(Notification::getStatus).containsExactly(DeliveryStatus.FAILED);
  }

  @Test
  void aRestartSendsWhatWasPendingWhenTheServiceStopped(Vertx vertx) throws Exception {
    shop.stopSmtp();
    String customer = shop.newCustomer("barbara@example.com");
    shop.confirm(customer, "Oolong");
    awaitValue(() -> shop.awaitNotification(customer, NotificationKind.ORDER_CONFIRMED), n -> n.getAttempts() >= 1,
      "a failed attempt");

    shop.undeploy();
    shop.startSmtp();
    shop.deploy(shop.config());

    awaitValue(() -> shop.notificationsOf(customer).get(0), n -> n.getStatus() == DeliveryStatus.SENT, "sent after the restart");
    assertThat(Arrays.stream(shop.received()).filter(email -> TestNotifications.recipient(email).equals("barbara@example.com"))).hasSize(1);
  }


  /** The body of the given type in a multipart/alternative email. */
  static String part(MimeMessage email, String type) throws Exception {
    MimeMultipart alternatives = (MimeMultipart) email.getContent();
    for (int i = 0; i < alternatives.getCount(); i++) {
      if (alternatives.getBodyPart(i).isMimeType(type)) {
        return alternatives.getBodyPart(i).getContent().toString();
      }
    }
    throw new AssertionError("no " + type + " part in " + email.getContentType());
  }
}
