package dev.bazaar.web;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A web node whose services have no live instance anywhere, as when the only node running them died: readiness says
 * which are missing, and calls fail as 503 problems with Retry-After, soon at once, from the open circuit.
 */
@ExtendWith(VertxExtension.class)
class NoServicesTest {

  @Test
  void readinessNamesTheMissingServicesAndCallsFailFastOnceTheCircuitOpens(Vertx vertx) {
    WebClient http = webAlone(vertx);

    HttpResponse<Buffer> ready = http.get("/ready").send().await();
    Problems.assertProblem(ready, 503);
    assertThat(ready.bodyAsJsonObject().getString("detail"))
      .isEqualTo("Not ready: no live instance of catalog, order, payment, shipping.");

    HttpResponse<Buffer> unreachable = http.get("/api/v1/products?q=first").send().await();
    Problems.assertProblem(unreachable, 503);
    assertThat(unreachable.getHeader("Retry-After")).isEqualTo("1");
    for (int i = 0; i < 4; i++) {
      http.get("/api/v1/products?q=again" + i).send().await();
    }

    long sent = System.nanoTime();
    HttpResponse<Buffer> cutOff = http.get("/api/v1/products?q=open").send().await();
    Duration took = Duration.ofNanos(System.nanoTime() - sent);

    Problems.assertProblem(cutOff, 503);
    assertThat(cutOff.getHeader("Retry-After")).isEqualTo("5");
    assertThat(cutOff.bodyAsJsonObject().getString("detail")).contains("catalog service").contains("not being called");
    assertThat(took).as("no retries behind an open circuit").isLessThan(Duration.ofMillis(100));
  }

  private static WebClient webAlone(Vertx vertx) {
    WebVerticle web = TestShop.webAlone(vertx, new JsonObject().put("readCacheMillis", 0));
    return WebClient.create(vertx, new WebClientOptions().setDefaultHost("localhost").setDefaultPort(web.actualPort()));
  }
}
