package dev.bazaar.notification;

import dev.bazaar.platform.DatabaseConfig;
import dev.bazaar.platform.OutboxConfig;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mail.MailConfig;
import io.vertx.ext.mail.SMTPException;
import io.vertx.ext.mail.StartTLSOptions;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NotificationConfigTest {

  private static final DatabaseConfig DATABASE = new DatabaseConfig("postgresql://localhost:5432/postgres", 4);

  @Test
  void theConfigurationReadsBackAsWritten() {
    NotificationConfig config = new NotificationConfig(DATABASE, OutboxConfig.DEFAULTS,
      SmtpConfig.parse("smtp://mailer:s%40cret@mail.example.com:2525?starttls=required"), "Shop <shop@example.com>", 5,
      Duration.ofSeconds(2), Duration.ofMinutes(1), Duration.ofMillis(500), Duration.ofSeconds(30), Duration.ofSeconds(3), 2);

    assertThat(NotificationConfig.from(config.toJson())).isEqualTo(config);
    assertThat(NotificationConfig.from(new JsonObject().put("database", DATABASE.toJson())))
      .isEqualTo(new NotificationConfig(DATABASE, OutboxConfig.DEFAULTS, null, NotificationConfig.DEFAULT_SENDER,
        NotificationConfig.DEFAULT_SEND_ATTEMPTS, NotificationConfig.DEFAULT_FIRST_RETRY,
        NotificationConfig.DEFAULT_MAX_RETRY, NotificationConfig.DEFAULT_SEND_SWEEP, NotificationConfig.DEFAULT_SEND_LEASE,
        NotificationConfig.DEFAULT_SERVICE_TIMEOUT, NotificationConfig.DEFAULT_CALL_ATTEMPTS));
  }

  @Test
  void aMisspeltOrImpossibleSettingStopsStartUp() {
    JsonObject valid = new JsonObject().put("database", DATABASE.toJson());
    assertThatThrownBy(() -> NotificationConfig.from(valid.copy().put("sendAtempts", 3))).hasMessageContaining("sendAtempts");
    assertThatThrownBy(() -> NotificationConfig.from(valid.copy().put("sendAttempts", 0))).hasMessageContaining("sendAttempts");
    assertThatThrownBy(() -> NotificationConfig.from(valid.copy().put("firstRetryMillis", 0))).hasMessageContaining("firstRetry");
    assertThatThrownBy(() -> NotificationConfig.from(valid.copy().put("firstRetryMillis", 5000).put("maxRetryMillis", 1000)))
      .hasMessageContaining("maxRetryMillis");
    assertThatThrownBy(() -> NotificationConfig.from(valid.copy().put("sendSweepMillis", 0))).hasMessageContaining("sendSweep");
    assertThatThrownBy(() -> NotificationConfig.from(valid.copy().put("sendLeaseMillis", 1999))).hasMessageContaining("sendLease");
    assertThatThrownBy(() -> NotificationConfig.from(valid.copy().put("serviceTimeoutMillis", 0))).hasMessageContaining("serviceTimeout");
    assertThatThrownBy(() -> NotificationConfig.from(valid.copy().put("callAttempts", 0))).hasMessageContaining("callAttempts");
    assertThatThrownBy(() -> NotificationConfig.from(valid.copy().put("sender", "nobody"))).hasMessageContaining("sender");
    assertThatThrownBy(() -> NotificationConfig.from(new JsonObject())).hasMessageContaining("database");
    NotificationConfig least = NotificationConfig.from(valid.copy().put("sendAttempts", 1).put("firstRetryMillis", 1)
      .put("maxRetryMillis", 1).put("sendSweepMillis", 1).put("serviceTimeoutMillis", 1).put("callAttempts", 1)
      .put("sendLeaseMillis", 2000));
    assertThat(least.sendAttempts()).as("the smallest values allowed").isOne();
    assertThat(least.sendLease()).isEqualTo(Duration.ofSeconds(2));
    assertThatThrownBy(() -> NotificationConfig.from(valid.copy().put("smtp", new JsonObject().put("hots", "x"))))
      .hasMessageContaining("hots");
  }

  @Test
  void anSmtpUriGivesServerPortTlsAndCredentials() {
    assertThat(SmtpConfig.parse("smtp://mail.example.com"))
      .isEqualTo(new SmtpConfig("mail.example.com", 25, false, "optional", null, null));
    assertThat(SmtpConfig.parse(" smtps://bob@mail.example.com "))
      .isEqualTo(new SmtpConfig("mail.example.com", 465, true, "optional", "bob", null));
    assertThat(SmtpConfig.parse("SMTP://u%3Ax:p%3Aw@127.0.0.1:587?starttls=disabled"))
      .isEqualTo(new SmtpConfig("127.0.0.1", 587, false, "disabled", "u:x", "p:w"));
    assertThat(SmtpConfig.parse("smtp://mail.example.com").withCredentials("me", "pw"))
      .isEqualTo(new SmtpConfig("mail.example.com", 25, false, "optional", "me", "pw"));

    SmtpConfig secure = SmtpConfig.parse("smtp://me:pw@mail.example.com:587?starttls=required");
    assertThat(secure.describe()).isEqualTo("smtp://me@mail.example.com:587 (STARTTLS required)").doesNotContain("pw");
    assertThat(SmtpConfig.parse("smtps://mail.example.com").describe()).isEqualTo("smtps://mail.example.com:465");
    MailConfig mail = secure.mailConfig(Duration.ofMinutes(2));
    assertThat(mail.getConnectTimeout()).isEqualTo(10_000);
    assertThat(mail.getIdleTimeout()).isEqualTo(30);
    MailConfig brief = secure.mailConfig(Duration.ofSeconds(8));
    assertThat(brief.getConnectTimeout()).as("a quarter of the lease").isEqualTo(2_000);
    assertThat(brief.getIdleTimeout()).isEqualTo(2);
    assertThat(mail.getHostname()).isEqualTo("mail.example.com");
    assertThat(mail.getPort()).isEqualTo(587);
    assertThat(mail.getStarttls()).isEqualTo(StartTLSOptions.REQUIRED);
    assertThat(mail.getUsername()).isEqualTo("me");
    assertThat(mail.getPassword()).isEqualTo("pw");
    assertThat(mail.isSsl()).isFalse();
    assertThat(SmtpConfig.parse("smtps://mail.example.com").mailConfig(Duration.ofMinutes(1)).isSsl()).isTrue();
  }

  @Test
  void anSmtpUriThatCannotWorkIsRefusedWithWhatIsWrong() {
    assertThatThrownBy(() -> SmtpConfig.parse("http://mail.example.com")).hasMessageContaining("smtp://");
    assertThatThrownBy(() -> SmtpConfig.parse("smtp://")).hasMessageContaining("not a URI");
    assertThatThrownBy(() -> SmtpConfig.parse("smtp:mail.example.com")).hasMessageContaining("host");
    assertThatThrownBy(() -> SmtpConfig.parse("smtp://mail example")).hasMessageContaining("URI");
    assertThatThrownBy(() -> SmtpConfig.parse("smtp://mail.example.com?starttls=maybe")).hasMessageContaining("starttls");
    assertThatThrownBy(() -> SmtpConfig.parse("smtp://mail.example.com?tls=on")).hasMessageContaining("tls=on");
    assertThatThrownBy(() -> SmtpConfig.parse("smtp://mail.example.com:0")).hasMessageContaining("port");
    assertThatThrownBy(() -> new SmtpConfig("mail.example.com", 65536, false, "optional", null, null)).hasMessageContaining("port");
    assertThat(SmtpConfig.parse("smtp://mail.example.com:1").port()).isOne();
    assertThat(SmtpConfig.parse("smtp://mail.example.com:65535").port()).isEqualTo(65535);
    assertThatThrownBy(() -> new SmtpConfig("mail.example.com", 25, false, "optional", null, "pw"))
      .hasMessageContaining("username");
  }

  @Test
  void onlyAPermanentSmtpReplyIsARefusalForGood() {
    assertThat(Mailer.refusedForGood(new SMTPException("550 no such mailbox", 550, List.of("no such mailbox"), true))).isTrue();
    assertThat(Mailer.refusedForGood(new SMTPException("451 try later", 451, List.of("try later"), false))).isFalse();
    assertThat(Mailer.refusedForGood(new IllegalStateException("Connection refused"))).isFalse();
  }

  @Test
  void retriesWaitTwiceAsLongEachTimeWithJitterUpToTheCeiling() {
    NotificationConfig config = NotificationConfig.from(new JsonObject().put("database", DATABASE.toJson())
      .put("firstRetryMillis", 1000).put("maxRetryMillis", 8000));
    Deliveries deliveries = new Deliveries(null, null, null, config);
    for (int i = 0; i < 50; i++) {
      assertThat(deliveries.waitAfter(1).toMillis()).isBetween(500L, 1000L);
      assertThat(deliveries.waitAfter(2).toMillis()).isBetween(1000L, 2000L);
      assertThat(deliveries.waitAfter(3).toMillis()).isBetween(2000L, 4000L);
      assertThat(deliveries.waitAfter(10).toMillis()).isBetween(4000L, 8000L);
      assertThat(deliveries.waitAfter(100).toMillis()).isBetween(4000L, 8000L);
    }
    long distinct = java.util.stream.IntStream.range(0, 50).mapToLong(i -> deliveries.waitAfter(5).toMillis()).distinct().count();
    assertThat(distinct).as("jittered").isGreaterThan(1);
  }

  @Test
  void onlyWhatCanBeAMailboxIsOne() {
    assertThat(Mailbox.isPlausible("ada@example.com")).isTrue();
    assertThat(Mailbox.isPlausible("a.b+c@sub.example.co.uk")).isTrue();
    assertThat(Mailbox.isPlausible(null)).isFalse();
    assertThat(Mailbox.isPlausible("ada@example.com\n")).isFalse();
    assertThat(Mailbox.isPlausible("a".repeat(64) + "@" + "b".repeat(185) + ".com")).isTrue();
    assertThat(Mailbox.isPlausible("a".repeat(64) + "@" + "b".repeat(186) + ".com")).as("255 characters").isFalse();
    assertThat(Mailbox.isPlausible("a".repeat(65) + "@example.com")).isFalse();
    assertThat(Mailbox.address("Bazaar <orders@bazaar.local>")).isEqualTo("orders@bazaar.local");
    assertThat(Mailbox.address("orders@bazaar.local")).isEqualTo("orders@bazaar.local");
    assertThat(Mailbox.address("<orders@bazaar.local>")).isEqualTo("orders@bazaar.local");
    assertThat(NotificationConfig.isSender("Shop <orders@example.com>")).isTrue();
    assertThat(NotificationConfig.isSender("Shop\r\nBcc: x@example.com <orders@example.com>")).isFalse();
    assertThat(NotificationConfig.isSender(null)).isFalse();
    assertThat(Mailbox.domain("orders@bazaar.local")).isEqualTo("bazaar.local");
  }
}
