package dev.bazaar.web.api;

import com.github.benmanes.caffeine.cache.Ticker;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The read cache on a clock the test moves: how long it keeps a read, what it shares, what it drops and its bound. */
@ExtendWith(VertxExtension.class)
class ReadCacheTest {

  private static final Duration TTL = Duration.ofSeconds(3);

  private final FakeTicker ticker = new FakeTicker();
  private final AtomicInteger reads = new AtomicInteger();

  @Test
  void aReadWithinTheTimeToLiveIsServedFromTheCacheAndOneAfterItIsNot(Vertx vertx) {
    ReadCache cache = new ReadCache(vertx, TTL, ReadCache.MAX_BYTES, ticker);
    JsonObject first = new JsonObject().put("onHand", 0);
    JsonObject second = new JsonObject().put("onHand", 7);

    assertThat(cache.get("product:1", counted(first)).await()).isEqualTo(first.toBuffer());
    ticker.advance(TTL.minusNanos(1));
    assertThat(cache.get("product:1", counted(second)).await()).isEqualTo(first.toBuffer());
    assertThat(reads).hasValue(1);

    ticker.advance(Duration.ofNanos(2));
    assertThat(cache.get("product:1", counted(second)).await()).isEqualTo(second.toBuffer());
    assertThat(reads).hasValue(2);
  }

  @Test
  void eachKeyIsReadOnItsOwn(Vertx vertx) {
    ReadCache cache = new ReadCache(vertx, TTL, ReadCache.MAX_BYTES, ticker);

    assertThat(cache.get("product:1", counted(new JsonObject().put("id", 1))).await().toJsonObject().getInteger("id")).isEqualTo(1);
    assertThat(cache.get("product:2", counted(new JsonObject().put("id", 2))).await().toJsonObject().getInteger("id")).isEqualTo(2);
    assertThat(reads).hasValue(2);
  }

  @Test
  void concurrentMissesForTheSameKeyShareOneRead(Vertx vertx) {
    ReadCache cache = new ReadCache(vertx, TTL, ReadCache.MAX_BYTES, ticker);
    Promise<JsonObject> pending = Promise.promise();
    Supplier<Future<JsonObject>> read = () -> {
      reads.incrementAndGet();
      return pending.future();
    };

    Future<Buffer> one = cache.get("product:1", read);
    Future<Buffer> two = cache.get("product:1", read);
    assertThat(one.isComplete()).isFalse();
    assertThat(two.isComplete()).isFalse();
    pending.complete(new JsonObject().put("id", 1));

    assertThat(one.await()).isEqualTo(new JsonObject().put("id", 1).toBuffer());
    assertThat(two.await()).isEqualTo(new JsonObject().put("id", 1).toBuffer());
    assertThat(reads).hasValue(1);
  }

  @Test
  void aFailedReadIsNotKept(Vertx vertx) {
    ReadCache cache = new ReadCache(vertx, TTL, ReadCache.MAX_BYTES, ticker);
    Promise<JsonObject> failing = Promise.promise();
    Future<Buffer> one = cache.get("product:1", () -> failing.future());
    Future<Buffer> two = cache.get("product:1", () -> Future.failedFuture("a second read while one is under way"));
    failing.fail(new IllegalStateException("the catalog is down"));

    assertThatThrownBy(one::await).hasMessage("the catalog is down");
    assertThatThrownBy(two::await).as("the waiting reader shares the failure").hasMessage("the catalog is down");
    assertThatThrownBy(() -> cache.get("product:1", () -> Future.failedFuture("down again")).await()).hasMessage("down again");
    assertThat(cache.get("product:1", counted(new JsonObject().put("id", 1))).await()).isEqualTo(new JsonObject().put("id", 1).toBuffer());
    assertThat(reads).hasValue(1);
  }

  /**
   * An entry of a 100-character key and a 1000-byte body weighs 2 * 100 + 1000 + 200 bytes of overhead = 1400: two fit
   * in 2800 bytes, not in 2799. (Asking whether a key is cached adds a failed read of 400 bytes for a moment, which
   * the last case leaves room for.)
   */
  @Test
  void theCacheIsBoundedInBytesCountingKeysTwiceBodiesAndOverhead(Vertx vertx) {
    List<String> keys = List.of(key('a'), key('b'), key('c'));
    JsonObject body = new JsonObject().put("v", "x".repeat(992));
    assertThat(body.toBuffer().length()).isEqualTo(1000);

    ReadCache exactlyTwo = new ReadCache(vertx, TTL, 2800, ticker);
    keys.subList(0, 2).forEach(key -> exactlyTwo.get(key, counted(body)).await());
    assertThat(keys.subList(0, 2)).allMatch(key -> isCached(exactlyTwo, key));

    ReadCache aByteShortOfTwo = new ReadCache(vertx, TTL, 2799, ticker);
    keys.subList(0, 2).forEach(key -> aByteShortOfTwo.get(key, counted(body)).await());
    assertThat(keys.subList(0, 2)).filteredOn(key -> isCached(aByteShortOfTwo, key)).hasSize(1);

    ReadCache roomForTwo = new ReadCache(vertx, TTL, 2800 + 400, ticker);
    keys.forEach(key -> roomForTwo.get(key, counted(body)).await());
    assertThat(keys).filteredOn(key -> isCached(roomForTwo, key)).as("the third read pushed one out").hasSize(2);
  }

  @Test
  void clearEmptiesTheCache(Vertx vertx) {
    ReadCache cache = new ReadCache(vertx, TTL, ReadCache.MAX_BYTES, ticker);
    cache.get("product:1", counted(new JsonObject())).await();
    cache.get("product:2", counted(new JsonObject())).await();
    assertThat(isCached(cache, "product:1")).isTrue();

    cache.clear();

    assertThat(isCached(cache, "product:1")).isFalse();
    assertThat(isCached(cache, "product:2")).isFalse();
  }

  @Test
  void forgetDropsOnlyTheEntriesItPicks(Vertx vertx) {
    ReadCache cache = new ReadCache(vertx, TTL, ReadCache.MAX_BYTES, ticker);
    for (String key : List.of("product:1", "product:2", "search:a", "search:b")) {
      cache.get(key, counted(new JsonObject())).await();
    }

    cache.forget(key -> key.equals("product:1") || key.startsWith("search:"));

    assertThat(List.of("product:1", "product:2", "search:a", "search:b")).filteredOn(key -> isCached(cache, key))
      .containsExactly("product:2");
  }

  @Test
  void aTimeToLiveOfZeroOrLessTurnsTheCacheOff(Vertx vertx) {
    assertThat(new ReadCache(vertx, Duration.ZERO).enabled()).isFalse();
    assertThat(new ReadCache(vertx, Duration.ofMillis(-1)).enabled()).isFalse();
    assertThat(new ReadCache(vertx, Duration.ofNanos(1)).enabled()).isTrue();
    assertThat(new ReadCache(vertx, TTL).enabled()).isTrue();
  }

  @Test
  void servedReadsSayHowLongTheyMayBeKept(Vertx vertx) {
    assertThat(served(vertx, Duration.ofMillis(999)).getHeader("Cache-Control")).isEqualTo("no-cache");
    assertThat(served(vertx, Duration.ofSeconds(1)).getHeader("Cache-Control")).isEqualTo("public, max-age=1");
    assertThat(served(vertx, Duration.ofMillis(2999)).getHeader("Cache-Control")).isEqualTo("public, max-age=2");
    assertThat(served(vertx, Duration.ofSeconds(30)).getHeader("Cache-Control")).isEqualTo("public, max-age=30");
  }

  @Test
  void aCacheThatIsOnServesRepeatedReadsFromTheCache(Vertx vertx) {
    HttpResponse<Buffer> first = served(vertx, Duration.ofMillis(500), 3);

    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(first.getHeader("Content-Type")).isEqualTo("application/json");
    assertThat(first.bodyAsJsonObject()).isEqualTo(new JsonObject().put("read", 1));
    assertThat(reads).hasValue(1);
  }

  @Test
  void aCacheThatIsOffReadsEveryTimeAndSaysNothingAboutCaching(Vertx vertx) {
    HttpResponse<Buffer> last = served(vertx, Duration.ZERO, 3);

    assertThat(last.statusCode()).isEqualTo(200);
    assertThat(last.getHeader("Cache-Control")).isNull();
    assertThat(last.bodyAsJsonObject()).isEqualTo(new JsonObject().put("read", 3));
    assertThat(reads).hasValue(3);
  }

  private HttpResponse<Buffer> served(Vertx vertx, Duration ttl) {
    return served(vertx, ttl, 1);
  }

  /** Serves GET /x from a read cache with this time to live, {@code requests} times; the last answer. */
  private HttpResponse<Buffer> served(Vertx vertx, Duration ttl, int requests) {
    ReadCache cache = new ReadCache(vertx, ttl, ReadCache.MAX_BYTES, ticker);
    Router router = Router.router(vertx);
    router.get("/x").handler(rc -> cache.serve(rc, "x", () -> Future.succeededFuture(new JsonObject().put("read", reads.incrementAndGet()))));
    HttpServer server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").await();
    try {
      WebClient http = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(server.actualPort()));
      HttpResponse<Buffer> response = null;
      for (int i = 0; i < requests; i++) {
        response = http.get("/x").timeout(5_000).send().await();
      }
      return response;
    } finally {
      server.close().await();
    }
  }

  private Supplier<Future<JsonObject>> counted(JsonObject body) {
    return () -> {
      reads.incrementAndGet();
      return Future.succeededFuture(body);
    };
  }

  /** Whether the cache holds {@code key}, asked with a read that fails, which the cache does not keep. */
  private static boolean isCached(ReadCache cache, String key) {
    AtomicBoolean read = new AtomicBoolean();
    cache.get(key, () -> {
      read.set(true);
      return Future.failedFuture("only looking");
    }).otherwiseEmpty().await();
    return !read.get();
  }

  private static String key(char c) {
    return String.valueOf(c).repeat(100);
  }

  private static final class FakeTicker implements Ticker {

    private volatile long nanos = 1_000_000_000L;

    void advance(Duration duration) {
      nanos += duration.toNanos();
    }

    @Override
    public long read() {
      return nanos;
    }
  }
}
