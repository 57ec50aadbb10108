package dev.bazaar.launcher;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

import static dev.bazaar.launcher.ShopProcess.freePort;
import static dev.bazaar.launcher.ShopProcess.get;
import static dev.bazaar.launcher.ShopProcess.postJson;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fat jar as a user runs it: it serves the seeded catalog, takes tokens from `bazaar token`, stops cleanly on
 * SIGTERM, and keeps its data and its signing key across restarts.
 */
class LauncherIT {

  @TempDir
  Path workDir;

  @Test
  void servesTheSeededCatalogStopsCleanlyAndKeepsDataAcrossRestarts() throws Exception {
    int port = freePort();
    String product = "{\"sku\":\"KEEP-1\",\"name\":\"Kept across restarts\",\"category\":\"it\","
      + "\"price\":{\"value\":1234,\"currency\":\"EUR\"}}";

    try (ShopProcess first = ShopProcess.start(workDir, "--http-port=" + port)) {
      first.awaitReady(port);
      HttpResponse<String> seeded = get(port, "/api/v1/products?size=100");
      assertThat(seeded.statusCode()).isEqualTo(200);
      assertThat(new JsonObject(seeded.body()).getInteger("total")).isGreaterThanOrEqualTo(24);
      String customer = ShopProcess.runToCompletion(workDir, "token", "--sub", "alice", "--role", "customer");
      assertThat(postJson(port, "/api/v1/products", customer, product).statusCode()).isEqualTo(403);
      String admin = ShopProcess.runToCompletion(workDir, "token", "--sub", "root", "--role", "admin", "--ttl", "10m");
      assertThat(postJson(port, "/api/v1/products", admin, product).statusCode()).isEqualTo(201);

      assertThat(first.terminate()).as("exit code after SIGTERM").isZero();
      assertThat(Files.readString(first.out)).contains("http://localhost:" + port).contains("Bazaar stopped.");
      assertThat(Files.readString(first.err)).isEmpty();
    }

    try (ShopProcess second = ShopProcess.start(workDir, "--http-port=" + port)) {
      second.awaitReady(port);
      JsonObject kept = new JsonObject(get(port, "/api/v1/products?category=it").body());
      assertThat(kept.getInteger("total")).isEqualTo(1);
      assertThat(kept.getJsonArray("items").getJsonObject(0).getString("sku")).isEqualTo("KEEP-1");
      int total = new JsonObject(get(port, "/api/v1/products").body()).getInteger("total");
      assertThat(total).as("the demo catalog is seeded once, not again on restart").isEqualTo(37);
      String admin = ShopProcess.runToCompletion(workDir, "token", "--sub", "root", "--role", "admin");
      String another = product.replace("KEEP-1", "KEEP-2");
      assertThat(postJson(port, "/api/v1/products", admin, another).statusCode()).isEqualTo(201);
      assertThat(second.terminate()).isZero();
    }
  }

  @Test
  void aShopKilledWithSigkillRestartsAtOnceWithEveryAcknowledgedWrite() throws Exception {
    int port = freePort();
    String product = "{\"sku\":\"CRASH-1\",\"name\":\"Survives a crash\",\"category\":\"crash\","
      + "\"price\":{\"value\":999,\"currency\":\"EUR\"}}";

    try (ShopProcess first = ShopProcess.start(workDir, "--http-port=" + port)) {
      first.awaitReady(port);
      String admin = ShopProcess.runToCompletion(workDir, "token", "--sub", "root", "--role", "admin");
      assertThat(postJson(port, "/api/v1/products", admin, product).statusCode()).as("acknowledged").isEqualTo(201);

      first.kill(); // SIGKILL: no shutdown hook runs, PostgreSQL is left behind
    }

    // A supervisor restarts at once, on the same data directory.
    try (ShopProcess second = ShopProcess.start(workDir, "--http-port=" + port)) {
      second.awaitReady(port);
      JsonObject kept = new JsonObject(get(port, "/api/v1/products?category=crash").body());
      assertThat(kept.getInteger("total")).isEqualTo(1);
      assertThat(kept.getJsonArray("items").getJsonObject(0).getString("sku")).isEqualTo("CRASH-1");
      assertThat(second.terminate()).isZero();
    }
  }

  @Test
  void aBadOptionExitsNonZeroWithOneLine() throws Exception {
    try (ShopProcess shop = ShopProcess.start(workDir, "--services=catalog,warehouse")) {
      assertThat(shop.awaitExit()).isNotZero();
      String err = Files.readString(shop.err);
      assertThat(err.strip().lines()).hasSize(1);
      assertThat(err).startsWith("bazaar: ").contains("warehouse").doesNotContain("Exception");
    }
  }
}
