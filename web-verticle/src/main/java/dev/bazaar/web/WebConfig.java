package dev.bazaar.web;

import dev.bazaar.platform.ConfigReader;
import dev.bazaar.platform.ServiceConfig;
import dev.bazaar.web.auth.AuthConfig;
import dev.bazaar.web.edge.ClientAddress;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemKeyCertOptions;

import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * The web verticle's settings, as its configuration carries them:
 * <pre>{@code
 * {"httpPort": 8080, "serviceTimeoutMillis": 5000, "requestTimeoutMillis": 15000, "readCacheMillis": 1000,
 *  "corsOrigins": ["https://shop.example"], "rateLimit": {"perSecond": 50, "burst": 100},
 *  "tls": {"certPath": "cert.pem", "keyPath": "key.pem"}, "auth": {...}, "bridgePort": 7000,
 *  "bridgeHost": "0.0.0.0", "bridgeIdleTimeoutMillis": 30000, "feeds": {"streamsPerCustomer": 5, "catchUpPage": 200},
 *  "idleTimeoutMillis": 30000, "headerTimeoutMillis": 10000, "trustedProxies": ["10.0.0.0/8"]}
 * }</pre>
 *
 * @param serviceTimeout how long a call to a service may take before the request is answered 503
 * @param requestTimeout how long a whole request may take before it is answered 503
 * @param readCache      how long public catalog reads are kept; zero turns the cache off
 * @param rateLimit      null when requests are not rate-limited
 * @param tls            null for plain HTTP
 * @param bridgePort     the TCP event bus bridge's port; null when there is none (0 picks a free one)
 * @param bridgeHost     the interface the TCP bridge binds; by default every one, as HTTP does
 * @param bridgeIdle     how long a TCP bridge connection may be silent (nothing read or written) before it is closed
 * @param feeds          the limits of the customers' live feeds; null for the defaults
 * @param idleTimeout    how long a connection may send and receive nothing before it is closed; longer than the
 *                       request timeout, so that a slow request still gets its 503, and than the event streams'
 *                       heartbeats, which keep them open
 * @param headerTimeout  how long a new connection has for the head of its first request (a kept-alive one has the
 *                       idle timeout for its next)
 * @param trustedProxies the CIDR blocks of the proxies whose Forwarded and X-Forwarded-For headers name the client
 */
public record WebConfig(
  int httpPort,
  Duration serviceTimeout,
  Duration requestTimeout,
  Duration readCache,
  List<String> corsOrigins,
  RateLimit rateLimit,
  Tls tls,
  AuthConfig auth,
  Integer bridgePort,
  String bridgeHost,
  Duration bridgeIdle,
  Feeds feeds,
  Duration idleTimeout,
  Duration headerTimeout,
  List<String> trustedProxies) implements ServiceConfig {

  public static final Duration DEFAULT_SERVICE_TIMEOUT = Duration.ofSeconds(5);
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(15);
  public static final Duration DEFAULT_READ_CACHE = Duration.ofSeconds(1);
  /** Every interface: where HTTP listens too. */
  public static final String DEFAULT_BRIDGE_HOST = "0.0.0.0";
  /** Well above the Node client's keep-alive ping (10 s), so a live client is never cut off. */
  public static final Duration DEFAULT_BRIDGE_IDLE = Duration.ofSeconds(30);
  public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(30);
  public static final Duration DEFAULT_HEADER_TIMEOUT = Duration.ofSeconds(10);

  private static final Set<String> KEYS = Set.of("httpPort", "serviceTimeoutMillis", "requestTimeoutMillis",
    "readCacheMillis", "corsOrigins", "rateLimit", "tls", "auth", "bridgePort", "bridgeHost", "bridgeIdleTimeoutMillis",
    "feeds", "idleTimeoutMillis", "headerTimeoutMillis", "trustedProxies");

  public WebConfig {
    if (httpPort < 0 || httpPort > 65535) {
      throw new IllegalArgumentException("web configuration: httpPort must be between 0 and 65535");
    }
    if (serviceTimeout.isNegative() || serviceTimeout.isZero() || requestTimeout.isNegative() || requestTimeout.isZero()
      || readCache.isNegative()) {
      throw new IllegalArgumentException("web configuration: the timeouts must be positive and readCacheMillis not negative");
    }
    if (auth == null) {
      throw new IllegalArgumentException("web configuration: auth is required");
    }
    if (bridgePort != null && (bridgePort < 0 || bridgePort > 65535)) {
      throw new IllegalArgumentException("web configuration: bridgePort must be between 0 and 65535");
    }
    if (bridgeHost == null || bridgeHost.isBlank() || !isPositive(bridgeIdle)) {
      throw new IllegalArgumentException("web configuration: bridgeHost must not be blank and bridgeIdleTimeoutMillis must be positive");
    }
    if (feeds == null) {
      feeds = Feeds.DEFAULTS;
    }
    if (!isPositive(idleTimeout) || !isPositive(headerTimeout) || idleTimeout.compareTo(requestTimeout) <= 0) {
      throw new IllegalArgumentException("web configuration: idleTimeoutMillis and headerTimeoutMillis must be positive, "
        + "and idleTimeoutMillis longer than requestTimeoutMillis");
    }
    try {
      new ClientAddress(trustedProxies);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("web configuration: trustedProxies: " + e.getMessage());
    }
    corsOrigins = List.copyOf(corsOrigins);
    trustedProxies = List.copyOf(trustedProxies);
  }

  /**
   * With the TCP event bus bridge on {@code bridgePort}, bound and timed out by default, the feeds' default limits, the
   * default connection timeouts, and no proxy trusted.
   */
  public WebConfig(int httpPort, Duration serviceTimeout, Duration requestTimeout, Duration readCache,
                   List<String> corsOrigins, RateLimit rateLimit, Tls tls, AuthConfig auth, Integer bridgePort) {
    this(httpPort, serviceTimeout, requestTimeout, readCache, corsOrigins, rateLimit, tls, auth, bridgePort,
      DEFAULT_BRIDGE_HOST, DEFAULT_BRIDGE_IDLE, Feeds.DEFAULTS, DEFAULT_IDLE_TIMEOUT, DEFAULT_HEADER_TIMEOUT, List.of());
  }

  /** Without the TCP event bus bridge. */
  public WebConfig(int httpPort, Duration serviceTimeout, Duration requestTimeout, Duration readCache,
                   List<String> corsOrigins, RateLimit rateLimit, Tls tls, AuthConfig auth) {
    this(httpPort, serviceTimeout, requestTimeout, readCache, corsOrigins, rateLimit, tls, auth, null);
  }

  private static boolean isPositive(Duration duration) {
    return duration != null && !duration.isNegative() && !duration.isZero();
  }

  /**
   * How many live feeds ({@code GET /api/v1/me/events}) one customer may hold open on a node, and how many entries a
   * catch-up reads from the notification service at a time (which answers at most 1000 a call).
   */
  public record Feeds(int streamsPerCustomer, int catchUpPage) {

    public static final Feeds DEFAULTS = new Feeds(5, 200);

    public Feeds {
      if (streamsPerCustomer < 1 || catchUpPage < 1 || catchUpPage > 1000) {
        throw new IllegalArgumentException(
          "web configuration: feeds.streamsPerCustomer must be at least 1 and feeds.catchUpPage from 1 to 1000");
      }
    }

    static Feeds from(JsonObject json) {
      ConfigReader config = ConfigReader.of("web feeds", json, Set.of("streamsPerCustomer", "catchUpPage"));
      return new Feeds(config.integer("streamsPerCustomer", DEFAULTS.streamsPerCustomer),
        config.integer("catchUpPage", DEFAULTS.catchUpPage));
    }

    JsonObject toJson() {
      return new JsonObject().put("streamsPerCustomer", streamsPerCustomer).put("catchUpPage", catchUpPage);
    }
  }

  /** Requests per second and burst each client gets. */
  public record RateLimit(double perSecond, int burst) {

    public RateLimit {
      if (!(perSecond > 0) || burst < 1) {
        throw new IllegalArgumentException("web configuration: rateLimit.perSecond must be above 0 and rateLimit.burst at least 1");
      }
    }

    static RateLimit from(JsonObject json) {
      ConfigReader config = ConfigReader.of("web rateLimit", json, Set.of("perSecond", "burst"));
      return new RateLimit(config.number("perSecond", 50), config.integer("burst", 100));
    }

    JsonObject toJson() {
      return new JsonObject().put("perSecond", perSecond).put("burst", burst);
    }
  }

  /** The PEM certificate chain and private key the API is served with over HTTPS. */
  public record Tls(String certPath, String keyPath) {

    static Tls from(JsonObject json) {
      ConfigReader config = ConfigReader.of("web tls", json, Set.of("certPath", "keyPath"));
      Tls tls = new Tls(config.string("certPath", null), config.string("keyPath", null));
      config.require(tls.certPath() != null && tls.keyPath() != null, "certPath and keyPath", "given together");
      return tls;
    }

    JsonObject toJson() {
      return new JsonObject().put("certPath", certPath).put("keyPath", keyPath);
    }

    /** The certificate and key as a server (HTTPS, or the TCP bridge) presents them. */
    public PemKeyCertOptions keyCertOptions() {
      return new PemKeyCertOptions().setCertPath(certPath).setKeyPath(keyPath);
    }
  }

  public static WebConfig from(JsonObject json) {
    ConfigReader config = ConfigReader.of("web", json, KEYS);
    return new WebConfig(
      config.integer("httpPort", 8080),
      config.millis("serviceTimeoutMillis", DEFAULT_SERVICE_TIMEOUT),
      config.millis("requestTimeoutMillis", DEFAULT_REQUEST_TIMEOUT),
      config.millis("readCacheMillis", DEFAULT_READ_CACHE),
      config.strings("corsOrigins"),
      config.section("rateLimit", RateLimit::from),
      config.section("tls", Tls::from),
      config.section("auth", AuthConfig::from),
      config.has("bridgePort") ? config.integer("bridgePort", 0) : null,
      config.string("bridgeHost", DEFAULT_BRIDGE_HOST),
      config.millis("bridgeIdleTimeoutMillis", DEFAULT_BRIDGE_IDLE),
      config.section("feeds", Feeds::from),
      config.millis("idleTimeoutMillis", DEFAULT_IDLE_TIMEOUT),
      config.millis("headerTimeoutMillis", DEFAULT_HEADER_TIMEOUT),
      config.strings("trustedProxies"));
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject()
      .put("httpPort", httpPort)
      .put("serviceTimeoutMillis", serviceTimeout.toMillis())
      .put("requestTimeoutMillis", requestTimeout.toMillis())
      .put("readCacheMillis", readCache.toMillis())
      .put("corsOrigins", new JsonArray(corsOrigins))
      .put("auth", auth.toJson())
      .put("bridgeHost", bridgeHost)
      .put("bridgeIdleTimeoutMillis", bridgeIdle.toMillis())
      .put("feeds", feeds.toJson())
      .put("idleTimeoutMillis", idleTimeout.toMillis())
      .put("headerTimeoutMillis", headerTimeout.toMillis())
      .put("trustedProxies", new JsonArray(trustedProxies));
    if (rateLimit != null) {
      json.put("rateLimit", rateLimit.toJson());
    }
    if (tls != null) {
      json.put("tls", tls.toJson());
    }
    if (bridgePort != null) {
      json.put("bridgePort", bridgePort);
    }
    return json;
  }
}
