package dev.bazaar.web;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Who the rate limit counts, over real HTTP: behind a trusted proxy, the client the proxy names, never an entry the
 * client wrote; anyone else by its own address; IPv6 clients by their /64. The limit is 3 requests at once, refilled
 * far slower than a test runs, and each test speaks from loopback addresses of its own, since the process's buckets
 * are shared by every test.
 */
@ExtendWith(VertxExtension.class)
class ClientAddressLimitTest {

  private static final int BURST = 3;

  private static Vertx vertx;
  private static TestShop shop;
  /** A web verticle that trusts no proxy. */
  private static int untrustingPort;

  @BeforeAll
  static void start(Vertx v) {
    vertx = v;
    JsonObject limit = new JsonObject().put("perSecond", 0.01).put("burst", BURST);
    shop = TestShop.start(vertx, new JsonObject().put("rateLimit", limit)
      .put("trustedProxies", new JsonArray().add("127.0.0.10").add("127.0.0.11")));
    untrustingPort = shop.startWeb(new JsonObject().put("rateLimit", limit)).port();
  }

  @AfterAll
  static void stop() {
    shop.close();
  }

  @Test
  void twoClientsBehindOneTrustedProxyHaveABucketEach() {
    WebClient proxy = from("127.0.0.10", shop.port);

    assertThat(statuses(proxy, BURST + 1, "X-Forwarded-For", "198.51.100.1")).containsExactly(200, 200, 200, 429);
    assertThat(statuses(proxy, BURST + 1, "X-Forwarded-For", "198.51.100.2")).as("another client behind the same proxy")
      .containsExactly(200, 200, 200, 429);
    assertThat(statuses(proxy, 1, "Forwarded", "for=\"198.51.100.2:4711\"")).as("the same client, however named")
      .containsExactly(429);
  }

  @Test
  void aClientThatForgesXForwardedForWithoutATrustedProxyIsCountedAsItself() {
    WebClient client = from("127.0.0.20", untrustingPort);
    List<Integer> statuses = new ArrayList<>();
    for (int i = 0; i <= BURST; i++) {
      statuses.addAll(statuses(client, 1, "X-Forwarded-For", "198.51.100." + (10 + i)));
    }

    assertThat(statuses).containsExactly(200, 200, 200, 429);
  }

  @Test
  void aClientThatPrependsForgedHopsBehindATrustedProxyGainsNothing() {
    WebClient proxy = from("127.0.0.11", shop.port);
    List<Integer> statuses = new ArrayList<>();
    for (int i = 0; i <= BURST; i++) {
      statuses.addAll(statuses(proxy, 1, "X-Forwarded-For", "198.51.100." + (30 + i) + ", 203.0.113.7"));
    }

    assertThat(statuses).as("counted as 203.0.113.7, the hop the proxy saw").containsExactly(200, 200, 200, 429);
    assertThat(statuses(proxy, 1, "X-Forwarded-For", "203.0.113.7")).containsExactly(429);
  }

  @Test
  void ipv6ClientsInOneSlash64ShareABucket() {
    WebClient proxy = from("127.0.0.10", shop.port);
    List<Integer> statuses = new ArrayList<>();
    for (int i = 1; i <= BURST + 1; i++) {
      statuses.addAll(statuses(proxy, 1, "X-Forwarded-For", "2001:db8:aa:bb::" + Integer.toHexString(i * 4097)));
    }

    assertThat(statuses).containsExactly(200, 200, 200, 429);
    assertThat(statuses(proxy, 1, "X-Forwarded-For", "2001:db8:aa:bc::1")).as("the next /64").containsExactly(200);
  }

  @Test
  void aSockJsClientBehindATrustedProxyIsCountedAsTheClientItNamesWithItsRestRequests() {
    JsonObject search = new JsonObject().put("query", new JsonObject().put("size", 1));
    try (BridgeClient browser = BridgeClient.sockJs(vertx, shop.port, "127.0.0.10", "X-Forwarded-For", "198.51.100.60")) {
      for (int i = 0; i < BURST; i++) {
        assertThat(browser.call("bazaar.catalog", "search", search, null).getString("type")).isEqualTo("rec");
      }
      assertThat(browser.call("bazaar.catalog", "search", search, null).getInteger("failureCode")).isEqualTo(429);
    }

    WebClient proxy = from("127.0.0.10", shop.port);
    assertThat(statuses(proxy, 1, "X-Forwarded-For", "198.51.100.60")).as("the same client over REST").containsExactly(429);
    assertThat(statuses(proxy, 1, "X-Forwarded-For", "198.51.100.61")).as("another behind the same proxy").containsExactly(200);
  }

  /** A client whose connections come from {@code localAddress}. */
  private static WebClient from(String localAddress, int port) {
    return WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port)
      .setLocalAddress(localAddress));
  }

  private static List<Integer> statuses(WebClient client, int requests, String header, String value) {
    List<Integer> statuses = new ArrayList<>();
    for (int i = 0; i < requests; i++) {
      HttpRequest<Buffer> request = client.get("/api/v1/products?size=1").putHeader(header, value);
      HttpResponse<Buffer> response = request.send().await();
      statuses.add(response.statusCode());
    }
    return statuses;
  }
}
