package dev.bazaar.launcher;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.vertx.core.json.JsonObject;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static dev.bazaar.launcher.ShopProcess.HTTP;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Notifications across JVMs, from the fat jar: a node with the catalog, orders, payment and shipping, a web node, and a
 * node with notifications that emails a real SMTP server in this JVM (GreenMail). The notification node is killed while
 * orders are placed, and a new one started after: checkouts never notice, and every confirmation is emailed once.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NotificationClusterIT {

  @TempDir
  static Path workDir;

  private final GreenMail smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
  private ClusterShop shop;
  private String smtpUri;

  @BeforeAll
  void startNodes() throws Exception {
    smtp.start();
    smtpUri = "smtp://127.0.0.1:" + smtp.getSmtp().getPort() + "?starttls=disabled";
    shop = ClusterShop.start(workDir, "--rate-limit=0", "--service-timeout=2s", "--payment-latency=20ms",
      "--mail-retry=200ms,2s", "--mail-lease=4s");
    shop.node("shop", "catalog,order,payment,shipping");
    shop.node("web", "web", "--cluster-lite");
    shop.node("notification", "notification", "--smtp-uri=" + smtpUri);
  }

  @AfterAll
  void stopAll() {
    if (shop != null) {
      shop.close();
    }
    smtp.stop();
  }

  @Test
  void killingTheNotificationNodeMidwayFailsNoCheckoutAndANewNodeEmailsEveryConfirmationOnce() throws Exception {
    String admin = shop.token("root", "admin");
    String customer = shop.token("cluster-mail", "customer");
    shop.client.emailTo(customer, "cluster-mail@example.com");
    String product = shop.client.stockedProduct(admin, 10_000);
    String method = shop.client.paymentMethod(customer);

    AtomicInteger answered = new AtomicInteger();
    CompletableFuture<Map<String, Integer>> placing = shop.client.placeOrders(150, 8, customer, product, method, answered);
    awaitCount(answered::get, 40, "40 orders answered");
    shop.node("notification").kill();
    Map<String, Integer> answers = placing.get(120, TimeUnit.SECONDS);
    assertThat(answers.values()).as("no checkout failed while notifications were down").containsOnly(201).hasSize(150);
    int sentBeforeTheNewNode = smtp.getReceivedMessages().length;

    shop.node("notification-2", "notification", "--smtp-uri=" + smtpUri);
    awaitCount(() -> distinctMessageIds().size(), 150, "150 distinct confirmations");
    Thread.sleep(1_000);

    MimeMessage[] emails = smtp.getReceivedMessages();
    Map<String, Set<String>> messageIdsBySubject = Arrays.stream(emails).collect(Collectors.groupingBy(
      email -> read(email, "subject"), Collectors.mapping(email -> read(email, "id"), Collectors.toSet())));
    assertThat(messageIdsBySubject).as("one confirmation for each order").hasSize(150)
      .allSatisfy((subject, ids) -> assertThat(ids).as(subject).hasSize(1));
    // A send the server accepted just before the kill, but that the dead node had not yet marked sent, goes again with
    // the same Message-ID: that is the most SMTP allows. Report how many there were.
    System.out.printf("Confirmations: %d emails, %d distinct, %d before the new node started%n", emails.length,
      distinctMessageIds().size(), sentBeforeTheNewNode);
    assertThat(emails.length - 150).as("repeats, each of an email in flight at the kill").isLessThanOrEqualTo(32);
  }

  @Test
  void aCustomerFollowingTheirFeedOnOneWebNodeSeesTheOrdersPlacedThroughAnother() throws Exception {
    int secondPort = ShopProcess.freePort();
    shop.node("web-2", "web", "--cluster-lite", "--http-port=" + secondPort);
    String admin = shop.token("root", "admin");
    String customer = shop.token("feed-follower", "customer");
    String product = shop.client.stockedProduct(admin, 100);
    String method = shop.client.paymentMethod(customer);

    List<JsonObject> confirmed = Collections.synchronizedList(new ArrayList<>());
    HttpResponse<Stream<String>> feed = HTTP.send(HttpRequest.newBuilder(
        URI.create("http://localhost:" + secondPort + "/api/v1/me/events"))
      .header("Authorization", "Bearer " + customer).header("Accept", "text/event-stream").build(),
      HttpResponse.BodyHandlers.ofLines());
    assertThat(feed.statusCode()).isEqualTo(200);
    Thread reader = new Thread(() -> feed.body()
      .filter(line -> line.startsWith("data: "))
      .map(line -> new JsonObject(line.substring("data: ".length())))
      .filter(data -> "CONFIRMED".equals(data.getString("status")))
      .forEach(confirmed::add));
    reader.setDaemon(true);
    reader.start();

    Map<String, Integer> answers = shop.client.placeOrders(5, 5, customer, product, method, new AtomicInteger())
      .get(60, TimeUnit.SECONDS);
    assertThat(answers.values()).containsOnly(201).hasSize(5);
    awaitCount(confirmed::size, 5, "five confirmations in the feed on the other web node");
    assertThat(confirmed).extracting(data -> data.getString("orderId")).doesNotHaveDuplicates();
    reader.interrupt();
  }

  private Set<String> distinctMessageIds() {
    return Arrays.stream(smtp.getReceivedMessages()).map(email -> read(email, "id")).collect(Collectors.toSet());
  }

  private static String read(MimeMessage email, String what) {
    try {
      return what.equals("id") ? email.getMessageID() : email.getSubject();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static void awaitCount(java.util.function.IntSupplier count, int atLeast, String what) throws InterruptedException {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
    while (count.getAsInt() < atLeast) {
      assertThat(Instant.now()).as("%s in time, %d so far", what, count.getAsInt()).isBefore(deadline);
      Thread.sleep(100);
    }
  }
}
