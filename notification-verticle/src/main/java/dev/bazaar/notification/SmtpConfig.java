package dev.bazaar.notification;

import dev.bazaar.platform.ConfigReader;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mail.MailConfig;
import io.vertx.ext.mail.StartTLSOptions;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;

/**
 * The mail server notifications are sent through, as {@code --smtp-uri} gives it:
 * {@code smtp://[user[:password]@]host[:port][?starttls=required|optional|disabled]}, or {@code smtps://} for TLS from
 * the first byte. STARTTLS is optional by default (used when the server offers it), port 25 for smtp and 465 for smtps.
 *
 * @param starttls {@code required}, {@code optional} or {@code disabled}
 */
public record SmtpConfig(String host, int port, boolean tls, String starttls, String username, String password) {

  private static final Set<String> KEYS = Set.of("host", "port", "tls", "starttls", "username", "password");
  private static final Set<String> STARTTLS = Set.of("required", "optional", "disabled");

  public SmtpConfig {
    if (host == null || host.isBlank()) {
      throw new IllegalArgumentException("smtp configuration: host is required");
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("smtp configuration: port must be between 1 and 65535");
    }
    if (!STARTTLS.contains(starttls)) {
      throw new IllegalArgumentException("smtp configuration: starttls must be required, optional or disabled");
    }
    if (password != null && username == null) {
      throw new IllegalArgumentException("smtp configuration: a password needs a username");
    }
  }

  /** Reads {@code --smtp-uri}; the message of the exception names what is wrong with it. */
  public static SmtpConfig parse(String uri) {
    URI parsed;
    try {
      parsed = new URI(uri.strip());
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("is not a URI: " + e.getReason());
    }
    String scheme = parsed.getScheme() == null ? "" : parsed.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("smtp") && !scheme.equals("smtps")) {
      throw new IllegalArgumentException("must start with smtp:// or smtps://");
    }
    if (parsed.getHost() == null) {
      throw new IllegalArgumentException("names no host");
    }
    boolean tls = scheme.equals("smtps");
    String starttls = "optional";
    if (parsed.getRawQuery() != null) {
      for (String parameter : parsed.getRawQuery().split("&")) {
        String[] pair = parameter.split("=", 2);
        if (!pair[0].equals("starttls") || pair.length != 2 || !STARTTLS.contains(pair[1])) {
          throw new IllegalArgumentException("takes only starttls=required, starttls=optional or starttls=disabled, not '"
            + parameter + "'");
        }
        starttls = pair[1];
      }
    }
    String username = null;
    String password = null;
    if (parsed.getRawUserInfo() != null) {
      String[] user = parsed.getRawUserInfo().split(":", 2);
      username = URLDecoder.decode(user[0], StandardCharsets.UTF_8);
      password = user.length == 2 ? URLDecoder.decode(user[1], StandardCharsets.UTF_8) : null;
    }
    int port = parsed.getPort() != -1 ? parsed.getPort() : tls ? 465 : 25;
    return new SmtpConfig(parsed.getHost(), port, tls, starttls, username, password);
  }

  /** This server with the given credentials, which the command line may give apart from the URI. */
  public SmtpConfig withCredentials(String username, String password) {
    return new SmtpConfig(host, port, tls, starttls, username, password);
  }

  public static SmtpConfig from(JsonObject json) {
    ConfigReader config = ConfigReader.of("smtp", json, KEYS);
    return new SmtpConfig(config.string("host", null), config.integer("port", 25), config.bool("tls", false),
      config.string("starttls", "optional"), config.string("username", null), config.string("password", null));
  }

  public JsonObject toJson() {
    return new JsonObject().put("host", host).put("port", port).put("tls", tls).put("starttls", starttls)
      .put("username", username).put("password", password);
  }

  /** Where to, without the password: for the start-up line. */
  public String describe() {
    return (tls ? "smtps://" : "smtp://") + (username == null ? "" : username + "@") + host + ":" + port
      + (tls ? "" : " (STARTTLS " + starttls + ")");
  }

  /**
   * The mail client's settings, with timeouts that end an attempt well within {@code lease}: connecting may take a
   * quarter of it, and the server may fall silent for a quarter of it at most, at each step of the dialogue.
   */
  MailConfig mailConfig(Duration lease) {
    int quarter = (int) Math.max(1, lease.toSeconds() / 4);
    return new MailConfig()
      .setHostname(host)
      .setPort(port)
      .setSsl(tls)
      .setStarttls(StartTLSOptions.valueOf(starttls.toUpperCase(Locale.ROOT)))
      .setUsername(username)
      .setPassword(password)
      .setKeepAlive(true)
      .setMaxPoolSize(8)
      .setConnectTimeout((int) Math.min(10_000, quarter * 1000L))
      // A server that stops answering mid-dialogue fails the send, which is then retried, instead of holding it.
      .setIdleTimeout(Math.min(30, quarter));
  }
}
