package dev.bazaar.notification;

import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.Template;
import dev.bazaar.contracts.notification.NotificationKind;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * The email of each kind of notification, from two Mustache files under {@code templates/}: {@code <kind>.txt}, whose
 * first line is {@code Subject: ...} and whose rest is the plain-text body, and {@code <kind>.html}. Values are
 * escaped in the HTML, so a product or a name the customer typed can never become markup there; the text is not
 * escaped, because it is not markup. A template that names a value the model does not have fails, rather than
 * sending an email with a hole in it.
 */
final class Templates {

  private static final String SUBJECT = "Subject: ";

  private final Map<NotificationKind, Template> texts = new EnumMap<>(NotificationKind.class);
  private final Map<NotificationKind, Template> htmls = new EnumMap<>(NotificationKind.class);

  /** Reads and compiles every template from the class path; blocking, so it runs once at start on a worker. */
  static Templates load() {
    Templates templates = new Templates();
    Mustache.Compiler text = Mustache.compiler().escapeHTML(false).nullValue("");
    Mustache.Compiler html = Mustache.compiler().escapeHTML(true).nullValue("");
    for (NotificationKind kind : NotificationKind.values()) {
      templates.texts.put(kind, text.compile(read(fileOf(kind) + ".txt")));
      templates.htmls.put(kind, html.compile(read(fileOf(kind) + ".html")));
    }
    return templates;
  }

  /** The subject, text and HTML of a notification of {@code kind} made from {@code model}. */
  Letter write(String customerId, String orderId, NotificationKind kind, Map<String, Object> model) {
    String text = texts.get(kind).execute(model);
    int endOfSubject = text.indexOf('\n');
    if (!text.startsWith(SUBJECT) || endOfSubject < 0) {
      throw new IllegalStateException("template " + fileOf(kind) + ".txt must begin with a line 'Subject: ...'");
    }
    String subject = text.substring(SUBJECT.length(), endOfSubject).strip();
    String body = text.substring(endOfSubject + 1).stripLeading();
    return new Letter(customerId, orderId, kind, subject, body, htmls.get(kind).execute(model));
  }

  /** ORDER_CONFIRMED is in {@code order-confirmed.txt}. */
  private static String fileOf(NotificationKind kind) {
    return "templates/" + kind.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  private static String read(String resource) {
    try (InputStream in = Templates.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("template " + resource + " is missing from the class path");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
