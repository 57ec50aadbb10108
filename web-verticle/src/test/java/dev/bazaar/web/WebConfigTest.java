package dev.bazaar.web;

import dev.bazaar.devkit.SigningKey;
import dev.bazaar.web.auth.AuthConfig;
import dev.bazaar.web.auth.Jwks;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The web verticle's configuration survives its JSON form, and a key it does not know stops it from starting. */
class WebConfigTest {

  private static final AuthConfig AUTH = new AuthConfig("iss", "aud", Duration.ofHours(2), Duration.ofSeconds(7),
    List.of(Jwks.fromPem(SigningKey.generate().publicPem(), "k1")));

  @Test
  void fromToJsonGivesBackTheSameConfig() {
    WebConfig full = new WebConfig(8443, Duration.ofSeconds(3), Duration.ofSeconds(9), Duration.ofMillis(1500),
      List.of("https://shop.example"), new WebConfig.RateLimit(12.5, 30), new WebConfig.Tls("c.pem", "k.pem"), AUTH);
    WebConfig bare = new WebConfig(0, Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ZERO, List.of(), null, null, AUTH);
    WebConfig bridged = new WebConfig(0, Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ZERO, List.of(), null, null,
      AUTH, 7000, "127.0.0.1", Duration.ofSeconds(12), WebConfig.Feeds.DEFAULTS, WebConfig.DEFAULT_IDLE_TIMEOUT,
      WebConfig.DEFAULT_HEADER_TIMEOUT, List.of());
    WebConfig smallFeeds = new WebConfig(0, Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ZERO, List.of(), null,
      null, AUTH, null, WebConfig.DEFAULT_BRIDGE_HOST, WebConfig.DEFAULT_BRIDGE_IDLE, new WebConfig.Feeds(2, 10),
      WebConfig.DEFAULT_IDLE_TIMEOUT, WebConfig.DEFAULT_HEADER_TIMEOUT, List.of());
    WebConfig guarded = new WebConfig(0, Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ZERO, List.of(), null, null,
      AUTH, null, WebConfig.DEFAULT_BRIDGE_HOST, WebConfig.DEFAULT_BRIDGE_IDLE, WebConfig.Feeds.DEFAULTS,
      Duration.ofSeconds(20), Duration.ofSeconds(3), List.of("10.0.0.0/8", "2001:db8::/32"));

    assertThat(bare.bridgePort()).as("no bridge unless asked for").isNull();
    assertThat(bare.bridgeHost()).as("every interface, as HTTP").isEqualTo("0.0.0.0");
    assertThat(bare.bridgeIdle()).isEqualTo(Duration.ofSeconds(30));
    assertThat(bridged.toJson().getInteger("bridgePort")).isEqualTo(7000);
    assertThat(bare.feeds()).isEqualTo(WebConfig.Feeds.DEFAULTS);
    assertThat(bare.idleTimeout()).isEqualTo(WebConfig.DEFAULT_IDLE_TIMEOUT).isEqualTo(Duration.ofSeconds(30));
    assertThat(bare.headerTimeout()).isEqualTo(WebConfig.DEFAULT_HEADER_TIMEOUT).isEqualTo(Duration.ofSeconds(10));
    assertThat(bare.trustedProxies()).as("no proxy trusted unless named").isEmpty();
    for (WebConfig config : List.of(full, bare, bridged, guarded, smallFeeds)) {
      assertThat(WebConfig.from(config.toJson())).isEqualTo(config);
      assertThat(WebConfig.from(new JsonObject(config.toJson().encode()))).isEqualTo(config);
    }
    assertThat(AuthConfig.from(AUTH.toJson())).isEqualTo(AUTH);
  }

  @Test
  void misspeltKeysAreRefusedInOneLineAtEveryLevel() {
    JsonObject valid = new WebConfig(0, Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ZERO, List.of(),
      new WebConfig.RateLimit(1, 1), new WebConfig.Tls("c", "k"), AUTH).toJson();

    assertThatThrownBy(() -> WebConfig.from(valid.copy().put("readCacheSeconds", 1)))
      .hasMessageStartingWith("unknown key 'readCacheSeconds' in the web configuration");
    assertThatThrownBy(() -> WebConfig.from(valid.copy().put("rateLimit", new JsonObject().put("persecond", 5))))
      .hasMessageStartingWith("unknown key 'persecond' in the web rateLimit configuration");
    assertThatThrownBy(() -> WebConfig.from(valid.copy().put("tls", new JsonObject().put("cert", "c"))))
      .hasMessageStartingWith("unknown key 'cert' in the web tls configuration");
    assertThatThrownBy(() -> WebConfig.from(valid.copy().put("feeds", new JsonObject().put("pageSize", 5))))
      .hasMessageStartingWith("unknown key 'pageSize' in the web feeds configuration");
    JsonObject auth = AUTH.toJson().put("audiences", "x");
    assertThatThrownBy(() -> WebConfig.from(valid.copy().put("auth", auth)))
      .hasMessageStartingWith("unknown key 'audiences' in the auth configuration");
  }

  @Test
  void settingsThatCannotWorkAreRefused() {
    JsonObject valid = new WebConfig(0, Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ZERO, List.of(), null, null, AUTH)
      .toJson();

    assertThatThrownBy(() -> WebConfig.from(valid.copy().put("httpPort", 70000))).hasMessageContaining("httpPort");
    assertThatThrownBy(() -> WebConfig.from(valid.copy().put("bridgePort", 65536))).hasMessageContaining("bridgePort");
    assertThatThrownBy(() -> WebConfig.from(valid.copy().put("bridgePort", -1))).hasMessageContaining("bridgePort");
    assertThatThrownBy(() -> WebConfig.from(valid.copy().put("bridgePort", "7000"))).hasMessageContaining("bridgePort");
    assertThatThrownBy(() -> WebConfig.from(valid.copy().put("bridgeHost", " "))).hasMessageContaining("bridgeHost");
    assertThatThrownBy(() -> WebConfig.from(valid.copy().put("bridgeIdleTimeoutMillis", 0)))
      .hasMessageContaining("bridgeIdleTimeoutMillis");
    assertThatThrownBy(() -> WebConfig.from(valid.copy().put("requestTimeoutMillis", 0))).hasMessageContaining("timeouts");
    for (JsonObject feeds : List.of(new JsonObject().put("streamsPerCustomer", 0), new JsonObject().put("catchUpPage", 0),
      new JsonObject().put("catchUpPage", 1001))) {
      assertThatThrownBy(() -> WebConfig.from(valid.copy().put("feeds", feeds))).as(feeds.encode())
        .hasMessageContaining("feeds.");
    }
    assertThatThrownBy(() -> WebConfig.from(valid.copy().put("rateLimit", new JsonObject().put("perSecond", 0))))
      .hasMessageContaining("perSecond");
    assertThatThrownBy(() -> WebConfig.from(valid.copy().put("tls", new JsonObject().put("certPath", "c"))))
      .hasMessageContaining("given together");
    assertThatThrownBy(() -> WebConfig.from(valid.copy().put("auth", AUTH.toJson().put("jwks", List.of()))))
      .hasMessageContaining("at least one public key");
    assertThatThrownBy(() -> WebConfig.from(valid.copy().put("idleTimeoutMillis", 0))).hasMessageContaining("idleTimeoutMillis");
    assertThatThrownBy(() -> WebConfig.from(valid.copy().put("headerTimeoutMillis", -1))).hasMessageContaining("headerTimeoutMillis");
    assertThatThrownBy(() -> WebConfig.from(valid.copy().put("idleTimeoutMillis", 1000)))
      .as("not longer than the request timeout").hasMessageContaining("longer than requestTimeoutMillis");
    assertThatThrownBy(() -> WebConfig.from(valid.copy().put("trustedProxies", List.of("10.0.0.0/40"))))
      .hasMessage("web configuration: trustedProxies: the prefix of '10.0.0.0/40' must be a number from 0 to 32");
    JsonObject noAuth = valid.copy();
    noAuth.remove("auth");
    assertThatThrownBy(() -> WebConfig.from(noAuth)).hasMessageContaining("auth is required");
  }
}
