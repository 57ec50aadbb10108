package dev.bazaar.web;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SelfSignedCertificate;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/** With a certificate and key configured, the API speaks HTTPS only and tells browsers to stay on it. */
@ExtendWith(VertxExtension.class)
class TlsTest {

  private static TestShop shop;

  @BeforeAll
  static void start(Vertx vertx) {
    SelfSignedCertificate certificate = SelfSignedCertificate.create("localhost");
    shop = TestShop.start(vertx, new JsonObject()
      .put("tls", new JsonObject().put("certPath", certificate.certificatePath()).put("keyPath", certificate.privateKeyPath())));
  }

  @AfterAll
  static void stop() {
    shop.close();
  }

  @Test
  void theApiIsServedOverTlsWithHsts() {
    HttpResponse<Buffer> response = shop.http.get("/api/v1/products?size=1").send().await();

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.getHeader("Strict-Transport-Security")).contains("max-age=");
  }
}
