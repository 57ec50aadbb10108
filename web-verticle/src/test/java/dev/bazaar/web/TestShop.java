package dev.bazaar.web;

import dev.bazaar.catalog.CatalogVerticle;
import dev.bazaar.platform.DatabaseConfig;
import dev.bazaar.platform.EmbeddedPostgresServer;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The catalog and the web verticle on a real PostgreSQL, reached over real HTTP on a free port. */
final class TestShop implements AutoCloseable {

  final WebClient http;
  private final EmbeddedPostgresServer postgres;

  private TestShop(EmbeddedPostgresServer postgres, WebClient http) {
    this.postgres = postgres;
    this.http = http;
  }

  static TestShop start(Vertx vertx) {
    EmbeddedPostgresServer postgres = EmbeddedPostgresServer.startTemporary();
    JsonObject catalogConfig = new JsonObject().put("database", new DatabaseConfig(postgres.uri(), 8).toJson());
    vertx.deployVerticle(new CatalogVerticle(), new DeploymentOptions().setConfig(catalogConfig)).await();
    WebVerticle web = new WebVerticle();
    vertx.deployVerticle(web, new DeploymentOptions().setConfig(new JsonObject().put("httpPort", 0))).await();
    WebClient http = WebClient.create(vertx, new WebClientOptions().setDefaultHost("localhost").setDefaultPort(web.actualPort()));
    return new TestShop(postgres, http);
  }

  static JsonObject draft(String category, String name, long price) {
    return new JsonObject()
      .put("sku", "T-" + UUID.randomUUID())
      .put("name", name)
      .put("description", "A " + name.toLowerCase())
      .put("category", category)
      .put("price", new JsonObject().put("value", price).put("currency", "EUR"));
  }

  JsonObject createProduct(JsonObject draft) {
    HttpResponse<Buffer> created = http.post("/api/v1/products").sendJsonObject(draft).await();
    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
    return created.bodyAsJsonObject();
  }

  @Override
  public void close() {
    postgres.close();
  }
}
