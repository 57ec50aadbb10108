package dev.bazaar.notification;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.ext.mail.MailClient;
import io.vertx.ext.mail.MailMessage;
import io.vertx.ext.mail.SMTPException;

import java.time.Duration;

/**
 * Hands emails to the configured SMTP server. Each email carries a Message-ID made from its notification's id, so a
 * send repeated after an unknown outcome (a timeout, a crash between the server's acceptance and our record of it)
 * is the same message, which mail systems recognise as a duplicate.
 */
final class Mailer {

  private final MailClient client;
  private final String sender;
  private final String messageIdDomain;

  /** Every attempt ends within {@code lease}, after which another instance may send the email again. */
  Mailer(Vertx vertx, SmtpConfig smtp, String sender, Duration lease) {
    this.client = MailClient.create(vertx, smtp.mailConfig(lease));
    this.sender = sender;
    this.messageIdDomain = Mailbox.domain(Mailbox.address(sender));
  }

  /** Succeeds once the server has accepted the email for delivery. */
  Future<Void> send(Email email) {
    MailMessage message = new MailMessage()
      .setFrom(sender)
      .setTo(email.recipient())
      .setSubject(email.subject())
      .setText(email.text())
      .setHtml(email.html())
      .setHeaders(MultiMap.caseInsensitiveMultiMap().add("Message-ID", messageId(email)));
    return client.sendMail(message).mapEmpty();
  }

  String messageId(Email email) {
    return "<" + email.id() + "@" + messageIdDomain + ">";
  }

  /** A 5xx reply: the server will never take this email, so trying again only repeats the refusal. */
  static boolean refusedForGood(Throwable failure) {
    return failure instanceof SMTPException smtp && smtp.isPermanent();
  }

  Future<Void> close() {
    return client.close();
  }
}
