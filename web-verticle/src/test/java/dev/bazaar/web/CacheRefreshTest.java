package dev.bazaar.web;

import dev.bazaar.contracts.catalog.CatalogService;
import dev.bazaar.contracts.catalog.ReservationLine;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static dev.bazaar.web.TestShop.draft;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Cached reads follow the catalog's events: stock a checkout holds on the bus, which the web verticle never sees as a
 * request, shows in the next reads long before the cache's time to live (a minute here) would let it.
 */
@ExtendWith(VertxExtension.class)
class CacheRefreshTest {

  private static Vertx vertx;
  private static TestShop shop;

  @BeforeAll
  static void start(Vertx v) {
    vertx = v;
    shop = TestShop.start(vertx, new JsonObject().put("readCacheMillis", 60_000));
  }

  @AfterAll
  static void stop() {
    shop.close();
  }

  @Test
  void aReservationOnTheBusRefreshesTheCachedProductAndSearch() {
    String category = "cat-" + UUID.randomUUID();
    JsonObject product = shop.createProduct(draft(category, "Held", 100));
    String path = "/api/v1/products/" + product.getString("id");
    shop.admin.put(path + "/stock").sendJsonObject(new JsonObject().put("onHand", 5)).await();
    assertThat(reserved(path)).isZero();
    assertThat(reservedInSearch(category)).isZero();

    CatalogService catalog = CatalogService.createProxy(vertx, new DeliveryOptions().setSendTimeout(5_000));
    catalog.reserve("order-" + UUID.randomUUID(), List.of(new ReservationLine(product.getString("id"), 2))).await();

    Instant deadline = Instant.now().plusSeconds(10);
    while (reserved(path) != 2 || reservedInSearch(category) != 2) {
      assertThat(Instant.now()).as("the cached reads refresh on the catalog's event").isBefore(deadline);
      vertx.timer(50).await();
    }
  }

  private static int reserved(String path) {
    HttpResponse<Buffer> response = shop.http.get(path).send().await();
    assertThat(response.getHeader("Cache-Control")).isEqualTo("public, max-age=60");
    return response.bodyAsJsonObject().getJsonObject("stock").getInteger("reserved");
  }

  private static int reservedInSearch(String category) {
    JsonObject page = shop.http.get("/api/v1/products?category=" + category).send().await().bodyAsJsonObject();
    return page.getJsonArray("items").getJsonObject(0).getJsonObject("stock").getInteger("reserved");
  }
}
