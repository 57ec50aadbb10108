package dev.bazaar.web;

import dev.bazaar.contracts.Roles;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.UUID;

import static dev.bazaar.web.BridgeClient.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bridges spend from the REST edge's buckets: a client's frames count as its requests do, by subject when signed
 * in, by address when not, and an address whose tokens keep failing has the next one refused unchecked.
 */
@ExtendWith(VertxExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BridgeRateLimitTest {

  /** A token every 10 s, 3 at once: nothing refills while a test runs. */
  private static final JsonObject SLOW = new JsonObject().put("perSecond", 0.1).put("burst", 3);

  private static Vertx vertx;
  private static TestShop shop;
  private static int bridgePort;

  @BeforeAll
  static void start(Vertx v) {
    vertx = v;
    bridgePort = TestShop.freePort();
    shop = TestShop.start(vertx, new JsonObject().put("bridgePort", bridgePort).put("rateLimit", SLOW));
  }

  @AfterAll
  static void stop() {
    shop.close();
  }

  @Test
  @Order(1)
  void aCallerOverTheRateIsRefusedWithTheWaitAndHisRestRequestsCountToo() {
    String subject = "frank-" + UUID.randomUUID();
    String token = shop.token(subject, Roles.CUSTOMER);
    assertThat(shop.session(subject, Roles.CUSTOMER).get("/api/v1/orders").send().await().statusCode()).isEqualTo(200);
    try (BridgeClient tcp = BridgeClient.tcp(vertx, bridgePort); BridgeClient sockJs = BridgeClient.sockJs(vertx, shop.port)) {
      assertThat(tcp.call("bazaar.order", "list", new JsonObject(), token).getString("type")).isEqualTo("message");
      assertThat(sockJs.call("bazaar.order", "list", new JsonObject(), token).getString("type")).isEqualTo("rec");

      JsonObject refused = tcp.call("bazaar.order", "list", new JsonObject(), token);
      assertRefused(refused, 429);
      assertThat(refused.getString("message")).matches("Too many requests; try again in \\d+ s\\.");
      assertRefused(sockJs.call("bazaar.order", "list", new JsonObject(), token), 429);
      assertThat(shop.session(subject, Roles.CUSTOMER).get("/api/v1/orders").send().await().statusCode())
        .as("and the REST edge agrees").isEqualTo(429);
    }
  }

  /** Last: it leaves this address unable to present a token, over REST too, until its bucket refills. */
  @Test
  @Order(2)
  void anAddressThatKeepsSendingForgedTokensHasTheNextRefusedUncheckedButNotATokenThatVerifiedBefore() {
    String forged = Tokens.withPayload(shop.token("mallory", Roles.CUSTOMER), Tokens.claims("admin-1", Roles.ADMIN));
    String heidi = shop.token("heidi-" + UUID.randomUUID(), Roles.CUSTOMER);
    try (BridgeClient tcp = BridgeClient.tcp(vertx, bridgePort)) {
      assertThat(tcp.call("bazaar.order", "list", new JsonObject(), heidi).getString("type")).isEqualTo("message");
      for (int i = 0; i < 3; i++) {
        assertRefused(tcp.call("bazaar.order", "list", new JsonObject(), forged), 401);
      }
      assertRefused(tcp.call("bazaar.order", "list", new JsonObject(), forged), 429);
      assertRefused(tcp.call("bazaar.order", "list", new JsonObject(), shop.token("grace-" + UUID.randomUUID(), Roles.CUSTOMER)), 429);
      assertThat(tcp.call("bazaar.order", "list", new JsonObject(), heidi).getString("type"))
        .as("a token that verified before is not locked out by the forged ones").isEqualTo("message");
    }
  }
}
