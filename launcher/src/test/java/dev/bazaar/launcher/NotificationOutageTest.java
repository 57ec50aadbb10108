package dev.bazaar.launcher;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole shop in this JVM, emailing a real SMTP server here: checkouts go on while the notification service is
 * away, and every confirmation is emailed once when it comes back, from the order service's event log.
 */
class NotificationOutageTest {

  @TempDir
  Path dataDir;

  private final GreenMail smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));

  @AfterEach
  void stopSmtp() {
    smtp.stop();
  }

  @Test
  void ordersPlacedWhileNotificationsAreDownAreEachEmailedOnceWhenTheServiceReturns() throws Exception {
    smtp.start();
    int port = ShopProcess.freePort();
    try (Shop shop = Shop.start(CommandRun.settings("--data-dir=" + dataDir, "--http-port=" + port, "--web-instances=1",
      "--rate-limit=0", "--smtp-uri=smtp://127.0.0.1:" + smtp.getSmtp().getPort() + "?starttls=disabled"))) {
      ShopClient client = new ShopClient(port);
      String admin = token("admin-1", "admin");
      String customer = token("outage-customer", "customer");
      client.emailTo(customer, "outage@example.com");
      String product = client.stockedProduct(admin, 1000);
      String method = client.paymentMethod(customer);

      assertThat(client.placeOrders(1, 1, customer, product, method, new AtomicInteger()).get(30, TimeUnit.SECONDS)
        .values()).containsExactly(201);
      awaitEmails(1);

      shop.stopService("notification");
      Map<String, Integer> whileDown = client.placeOrders(50, 8, customer, product, method, new AtomicInteger())
        .get(120, TimeUnit.SECONDS);
      assertThat(whileDown.values()).as("no checkout failed while notifications were down").containsOnly(201).hasSize(50);
      assertThat(smtp.getReceivedMessages()).as("nothing is sent while the service is down").hasSize(1);

      long back = System.nanoTime();
      shop.startService("notification");
      MimeMessage[] emails = awaitEmails(51);
      System.out.printf("The 50 confirmations missed while notifications were down were emailed %d ms after they "
        + "started again%n", (System.nanoTime() - back) / 1_000_000);

      Map<String, Long> byMessageId = Arrays.stream(emails).collect(Collectors.groupingBy(NotificationOutageTest::messageId,
        Collectors.counting()));
      assertThat(byMessageId).as("each confirmation once").hasSize(51).allSatisfy((id, count) -> assertThat(count).isOne());
      Map<String, Long> bySubject = Arrays.stream(emails).collect(Collectors.groupingBy(NotificationOutageTest::subject,
        Collectors.counting()));
      assertThat(bySubject).as("one email for each order").hasSize(51);
      assertThat(bySubject.keySet()).allMatch(subject -> subject.matches("Your order [0-9A-F]{8} is confirmed"));
      Thread.sleep(1_000);
      assertThat(smtp.getReceivedMessages()).as("and nothing more").hasSize(51);
    }
  }

  private MimeMessage[] awaitEmails(int count) throws InterruptedException {
    Instant deadline = Instant.now().plusSeconds(60);
    while (smtp.getReceivedMessages().length < count) {
      assertThat(Instant.now()).as("%d emails in time, %d so far", count, smtp.getReceivedMessages().length)
        .isBefore(deadline);
      Thread.sleep(100);
    }
    return smtp.getReceivedMessages();
  }

  private String token(String subject, String role) {
    CommandRun run = CommandRun.of("token", "--data-dir=" + dataDir, "--sub", subject, "--role", role);
    assertThat(run.exitCode()).as(run.err()).isZero();
    return run.out().strip();
  }

  private static String messageId(MimeMessage email) {
    return unchecked(MimeMessage::getMessageID).apply(email);
  }

  private static String subject(MimeMessage email) {
    return unchecked(MimeMessage::getSubject).apply(email);
  }

  private interface MailRead {
    String read(MimeMessage email) throws Exception;
  }

  private static Function<MimeMessage, String> unchecked(MailRead read) {
    return email -> {
      try {
        return read.read(email);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    };
  }

}
