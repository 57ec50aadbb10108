package dev.bazaar.web.edge;

import dev.bazaar.platform.Problem;
import dev.bazaar.devkit.SigningKey;
import dev.bazaar.web.auth.AuthConfig;
import dev.bazaar.web.auth.Callers;
import dev.bazaar.web.auth.Jwks;
import dev.bazaar.web.auth.TokenVerifier;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rate limit as the router runs it, around a stand-in for access control, on a clock that stands still: who is
 * counted as whom, and how refused tokens are counted. Requests come from two loopback addresses.
 */
@ExtendWith(VertxExtension.class)
class RateLimitTest {

  /** The stand-in access control: "forged" is refused with 401, any other value signs in as that subject. */
  private static final String CALLER = "X-Test-Caller";

  private final AtomicInteger tokenChecks = new AtomicInteger();
  private HttpServer server;
  private WebClient first;
  private WebClient second;

  @AfterEach
  void stop() {
    server.close().await();
  }

  @Test
  void signedInCallersAreCountedBySubjectAndOthersByAddress(Vertx vertx) {
    start(vertx, new RateLimiter(1, 2, new RateLimiterTest.FakeClock()));

    assertThat(statuses(first, null, 3)).containsExactly(200, 200, 429);
    assertThat(statuses(second, null, 3)).as("another address has a bucket of its own").containsExactly(200, 200, 429);
    assertThat(statuses(first, "alice", 3)).as("a subject is not held back by its address").containsExactly(200, 200, 429);
    assertThat(statuses(second, "alice", 1)).as("a subject is counted wherever it calls from").containsExactly(429);
    assertThat(statuses(first, "bob", 3)).as("nor by another subject").containsExactly(200, 200, 429);
  }

  @Test
  void refusedTokensCountAgainstTheAddressInABucketOfTheirOwnCheckedBeforeTheNextToken(Vertx vertx) {
    start(vertx, new RateLimiter(1, 2, new RateLimiterTest.FakeClock()));
    assertThat(statuses(first, null, 3)).containsExactly(200, 200, 429);
    assertThat(tokenChecks).hasValue(3);

    assertThat(statuses(first, "forged", 2)).as("answers other than 401 spent nothing of it").containsExactly(401, 401);
    HttpResponse<Buffer> refused = send(first, "forged");
    assertTooManyRequests(refused, 1);
    assertThat(tokenChecks).as("the third forged token was not even looked at").hasValue(5);
    assertThat(statuses(first, "alice", 1)).as("nothing from that address is looked at now").containsExactly(429);
    assertThat(tokenChecks).hasValue(5);

    assertThat(statuses(second, "forged", 3)).as("another address is not held back").containsExactly(401, 401, 429);
  }

  @Test
  void aRefusalCarriesRetryAfterAndAProblem(Vertx vertx) {
    start(vertx, new RateLimiter(0.5, 1, new RateLimiterTest.FakeClock()));
    assertThat(statuses(first, "alice", 1)).containsExactly(200);

    assertTooManyRequests(send(first, "alice"), 2);
    assertThat(statuses(first, "forged", 1)).containsExactly(401);
    assertTooManyRequests(send(first, "forged"), 2);
  }

  private static void assertTooManyRequests(HttpResponse<Buffer> response, int seconds) {
    assertThat(response.statusCode()).isEqualTo(429);
    assertThat(response.getHeader("Retry-After")).isEqualTo(Integer.toString(seconds));
    assertThat(response.getHeader("Content-Type")).isEqualTo(Problem.CONTENT_TYPE);
    assertThat(response.bodyAsJsonObject()).isEqualTo(new JsonObject()
      .put("type", "/problems/too-many-requests")
      .put("title", "Too Many Requests")
      .put("status", 429)
      .put("detail", "Too many requests; try again in " + seconds + " s."));
  }

  private void start(Vertx vertx, RateLimiter limiter) {
    TokenVerifier tokens = new TokenVerifier(vertx, new AuthConfig("iss", "aud", Duration.ofHours(1), Duration.ZERO,
      List.of(Jwks.fromPem(SigningKey.generate().publicPem(), "k"))));
    RateLimit rateLimit = new RateLimit(limiter, new ClientAddress(List.of()), tokens);
    Router router = Router.router(vertx);
    router.get("/x")
      .handler(rateLimit::beforeAccessControl)
      .handler(this::accessControl)
      .handler(rateLimit)
      .handler(rc -> rc.response().end("ok"));
    server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").await();
    first = client(vertx, "127.0.0.1");
    second = client(vertx, "127.0.0.2");
  }

  private void accessControl(RoutingContext rc) {
    tokenChecks.incrementAndGet();
    String caller = rc.request().getHeader(CALLER);
    if ("forged".equals(caller)) {
      Problem.of(401, "The token is invalid or has expired.").send(rc.response());
      return;
    }
    if (caller != null) {
      Callers.attach(rc, caller);
    }
    rc.next();
  }

  private WebClient client(Vertx vertx, String localAddress) {
    return WebClient.create(vertx, new WebClientOptions()
      .setDefaultHost("127.0.0.1")
      .setDefaultPort(server.actualPort())
      .setLocalAddress(localAddress)
      .setKeepAlive(false));
  }

  private static int[] statuses(WebClient client, String caller, int requests) {
    int[] statuses = new int[requests];
    for (int i = 0; i < requests; i++) {
      statuses[i] = send(client, caller).statusCode();
    }
    return statuses;
  }

  private static HttpResponse<Buffer> send(WebClient client, String caller) {
    HttpRequest<Buffer> request = client.get("/x").timeout(5_000);
    if (caller != null) {
      request.putHeader(CALLER, caller);
    }
    return request.send().await();
  }
}
