package dev.bazaar.launcher;

import dev.bazaar.notification.NotificationConfig;
import dev.bazaar.notification.SmtpConfig;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.List;

/** Notification's options: the mail server, the sender, and how hard a failing email is retried. */
final class NotificationOptions implements ServiceOptions {

  @Option(names = "--smtp-uri", paramLabel = "URI", defaultValue = "${env:BAZAAR_SMTP_URI}",
    description = "The mail server customers' emails go through: smtp://[user[:password]@]host[:port]"
      + "[?starttls=required|optional|disabled], or smtps:// for TLS from the start. Without it, notifications are "
      + "stored and listed but not emailed. Env: BAZAAR_SMTP_URI.")
  String smtpUri;

  @Option(names = "--smtp-username", paramLabel = "NAME", defaultValue = "${env:BAZAAR_SMTP_USERNAME}",
    description = "The mail server's user name, instead of one in --smtp-uri. Env: BAZAAR_SMTP_USERNAME.")
  String smtpUsername;

  @Option(names = "--smtp-password", paramLabel = "PASSWORD", defaultValue = "${env:BAZAAR_SMTP_PASSWORD}",
    description = "The mail server's password, instead of one in --smtp-uri; prefer the environment variable, which "
      + "no process listing shows. Env: BAZAAR_SMTP_PASSWORD.")
  String smtpPassword;

  @Option(names = "--mail-from", paramLabel = "ADDRESS", defaultValue = "${env:BAZAAR_MAIL_FROM:-Bazaar <orders@bazaar.local>}",
    description = "The sender of every email. Default: ${DEFAULT-VALUE}. Env: BAZAAR_MAIL_FROM.")
  String sender;

  @Option(names = "--mail-attempts", paramLabel = "N", defaultValue = "${env:BAZAAR_MAIL_ATTEMPTS:-8}",
    description = "How many times an email is tried before it is given up as FAILED. Default: ${DEFAULT-VALUE}. "
      + "Env: BAZAAR_MAIL_ATTEMPTS.")
  int attempts;

  @Option(names = "--mail-retry", split = ",", paramLabel = "DURATION", converter = DurationConverter.class,
    defaultValue = "${env:BAZAAR_MAIL_RETRY:-1s,10m}",
    description = "The wait after an email's first failed attempt, and the longest wait: each wait doubles up to it, "
      + "with jitter. Default: ${DEFAULT-VALUE}. Env: BAZAAR_MAIL_RETRY.")
  List<Duration> retry;

  @Option(names = "--mail-lease", paramLabel = "DURATION", converter = DurationConverter.class,
    defaultValue = "${env:BAZAAR_MAIL_LEASE:-2m}",
    description = "How long an email being sent stays with the notification instance sending it. Each attempt ends "
      + "within it; if the instance dies, another sends the email again after it, with the same Message-ID. "
      + "Default: ${DEFAULT-VALUE}. Env: BAZAAR_MAIL_LEASE.")
  Duration lease;

  private SmtpConfig smtp;

  @Override
  public void check() {
    if (smtpUri != null && !smtpUri.isBlank()) {
      try {
        smtp = SmtpConfig.parse(smtpUri);
        if (smtpUsername != null || smtpPassword != null) {
          smtp = smtp.withCredentials(smtpUsername != null ? smtpUsername : smtp.username(),
            smtpPassword != null ? smtpPassword : smtp.password());
        }
      } catch (IllegalArgumentException e) {
        throw new BadOption("--smtp-uri " + e.getMessage());
      }
    } else if (smtpUsername != null || smtpPassword != null) {
      throw new BadOption("--smtp-username and --smtp-password need --smtp-uri");
    }
    if (attempts < 1 || attempts > 100) {
      throw new BadOption("--mail-attempts must be between 1 and 100, not " + attempts);
    }
    if (retry.size() != 2 || retry.get(0).isZero() || retry.get(1).compareTo(retry.get(0)) < 0) {
      throw new BadOption("--mail-retry takes two durations, the first wait and the longest, e.g. 1s,10m");
    }
    if (lease.compareTo(Duration.ofSeconds(2)) < 0) {
      throw new BadOption("--mail-lease must be at least 2s, not " + lease);
    }
    if (!NotificationConfig.isSender(sender)) {
      throw new BadOption("--mail-from must be an address, such as 'Shop <orders@example.com>', not '" + sender + "'");
    }
  }

  @Override
  public NotificationConfig config(Node node) {
    return new NotificationConfig(node.database(), node.outbox(), smtp, sender, attempts, retry.get(0), retry.get(1),
      NotificationConfig.DEFAULT_SEND_SWEEP, lease, node.serviceTimeout(), NotificationConfig.DEFAULT_CALL_ATTEMPTS);
  }

  @Override
  public String describe() {
    return smtp == null ? "notifications stored, not emailed (no --smtp-uri)" : "emails via " + smtp.describe();
  }
}
