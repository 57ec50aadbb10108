package dev.bazaar.web;

import dev.bazaar.devkit.SigningKey;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An address that keeps sending forged tokens is slowed down like any other client over its rate, without locking out
 * the signed-in callers who share it.
 */
@ExtendWith(VertxExtension.class)
class ForgedTokenLimitTest {

  private static Vertx vertx;
  private static TestShop shop;

  @BeforeAll
  static void start(Vertx v) {
    vertx = v;
    shop = TestShop.start(vertx, new JsonObject().put("rateLimit", new JsonObject().put("perSecond", 1).put("burst", 5)));
  }

  @AfterAll
  static void stop() {
    shop.close();
  }

  @Test
  void forgedTokensBeyondTheBurstAre429BeforeTheirSignatureIsChecked() {
    String forged = Tokens.es256(vertx, SigningKey.generate(), TestShop.KEY_ID, Tokens.claims("mallory", "admin"));
    HttpResponse<Buffer> last = null;
    int unauthorized = 0;
    for (int i = 0; i < 20 && (last == null || last.statusCode() != 429); i++) {
      last = shop.http.get("/api/v1/products?size=1").putHeader("Authorization", "Bearer " + forged).send().await();
      if (last.statusCode() == 401) {
        unauthorized++;
      }
    }

    Problems.assertProblem(last, 429);
    assertThat(last.getHeader("Retry-After")).isNotBlank();
    assertThat(unauthorized).isBetween(5, 7);
  }

  @Test
  void aGoodTokenIsServedFromAnAddressThatSent200ForgedOnes() {
    WebClient address = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1")
      .setDefaultPort(shop.port).setLocalAddress("127.0.0.30"));
    String good = "Bearer " + shop.token("nat-" + UUID.randomUUID(), "customer");
    String forged = "Bearer " + Tokens.es256(vertx, SigningKey.generate(), TestShop.KEY_ID, Tokens.claims("mallory", "admin"));
    assertThat(address.get("/api/v1/products?size=1").putHeader("Authorization", good).send().await().statusCode())
      .isEqualTo(200);

    Map<Integer, Integer> forgedStatuses = new TreeMap<>();
    for (int i = 0; i < 200; i++) {
      int status = address.get("/api/v1/products?size=1").putHeader("Authorization", forged).send().await().statusCode();
      forgedStatuses.merge(status, 1, Integer::sum);
    }
    HttpResponse<Buffer> served = address.get("/api/v1/products?size=1").putHeader("Authorization", good).send().await();

    assertThat(forgedStatuses).as("the forged tokens ran out of turns").containsKey(429);
    assertThat(served.statusCode()).as(served.bodyAsString()).isEqualTo(200);
  }
}
