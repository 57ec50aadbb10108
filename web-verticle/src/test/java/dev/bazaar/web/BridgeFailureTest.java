package dev.bazaar.web;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A service failure reaches a bridge client as it reaches a REST client: a service's own error code with its message,
 * anything else (a bug's exception text, a bus that cannot reach the service) as a generic message with nothing of the
 * internals. The web node runs alone, beside a catalog stand-in that fails as a service with a bug does: the proxy
 * handler answers the exception's text as the failure's message.
 */
@ExtendWith(VertxExtension.class)
class BridgeFailureTest {

  private static final String INTERNALS = "ERROR: relation \"catalog.products\" does not exist at CatalogRepository.java:42";

  private static Vertx vertx;
  private static int httpPort;
  private static int bridgePort;

  @BeforeAll
  static void start(Vertx v) {
    vertx = v;
    vertx.eventBus().consumer("bazaar.catalog", message -> {
      switch (message.headers().get("action")) {
        case "get" -> message.fail(-1, INTERNALS);
        case "products" -> message.fail(4040, "No product has the id p-1.");
        default -> message.fail(500, INTERNALS);
      }
    }).completion().await();
    bridgePort = TestShop.freePort();
    WebVerticle web = TestShop.webAlone(vertx, new JsonObject().put("bridgePort", bridgePort));
    httpPort = web.actualPort();
  }

  @Test
  void aFailureThatIsNoErrorCodeReachesTcpAndSockJsClientsAsAGenericMessage() {
    try (BridgeClient tcp = BridgeClient.tcp(vertx, bridgePort); BridgeClient sockJs = BridgeClient.sockJs(vertx, httpPort)) {
      for (BridgeClient bridge : List.of(tcp, sockJs)) {
        JsonObject bug = bridge.call("bazaar.catalog", "get", new JsonObject().put("productId", "p-1"), null);
        assertThat(bug.getString("type")).isEqualTo("err");
        assertThat(bug.getInteger("failureCode")).as("%s", bug).isEqualTo(500);
        assertThat(bug.getString("message")).as("%s", bug)
          .isEqualTo("The request could not be completed because of an error on our side.");

        JsonObject unreachable = bridge.call("bazaar.order", "quote", new JsonObject().put("request", new JsonObject()
          .put("lines", new JsonArray())), null);
        assertThat(unreachable.getString("failureType")).as("%s", unreachable).isEqualTo("NO_HANDLERS");
        assertThat(unreachable.getInteger("failureCode")).isEqualTo(503);
        assertThat(unreachable.getString("message")).as("no bus address").doesNotContain("bazaar.")
          .isEqualTo("A service needed for this request is not available. Try again shortly.");

        JsonObject notFound = bridge.call("bazaar.catalog", "products", new JsonObject().put("productIds",
          new JsonArray().add("p-1")), null);
        assertThat(notFound.getString("failureType")).as("%s", notFound).isEqualTo("RECIPIENT_FAILURE");
        assertThat(notFound.getInteger("failureCode")).as("a service's own code, as it said it").isEqualTo(4040);
        assertThat(notFound.getString("message")).isEqualTo("No product has the id p-1.");
      }
    }
  }
}
