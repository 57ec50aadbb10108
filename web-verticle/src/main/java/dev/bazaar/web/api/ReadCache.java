package dev.bazaar.web.api;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Public catalog reads, kept for a short time per web verticle instance. A product page is read far more often than
 * it changes, and every read that reaches the catalog costs a bus round trip and a database query. Concurrent misses
 * for the same read share one service call, and a failed read is not kept. Catalog events drop what they make stale
 * (see {@link CatalogApi}); whatever else changes shows within the time to live, which responses announce with
 * {@code Cache-Control: max-age}.
 *
 * <p>Keys are built from validated parameters, never from the raw URL, and the cache is bounded in bytes, keys
 * included, so clients cannot grow it at will.
 */
final class ReadCache {

  static final long MAX_BYTES = 32L * 1024 * 1024;
  /** What an entry costs besides its key and body: Caffeine's node, the future and the buffer object. */
  static final int ENTRY_OVERHEAD_BYTES = 200;

  private final Context context;
  private final AsyncCache<String, Read> entries;
  private final String cacheControl;
  private final boolean enabled;

  ReadCache(Vertx vertx, Duration ttl) {
    this(vertx, ttl, MAX_BYTES, Ticker.systemTicker());
  }

  ReadCache(Vertx vertx, Duration ttl, long maxBytes, Ticker ticker) {
    this.context = vertx.getOrCreateContext();
    this.enabled = !(ttl.isNegative() || ttl.isZero());
    this.cacheControl = ttl.toSeconds() >= 1 ? "public, max-age=" + ttl.toSeconds() : "no-cache";
    this.entries = Caffeine.newBuilder()
      .expireAfterWrite(enabled ? ttl : Duration.ofNanos(1))
      .maximumWeight(maxBytes)
      .weigher((String key, Read read) -> 2 * key.length() + read.bytes() + ENTRY_OVERHEAD_BYTES)
      // Evictions run on the thread that caused them, the verticle's event loop, rather than on a pool thread.
      .executor(Runnable::run)
      .ticker(ticker)
      .buildAsync();
  }

  boolean enabled() {
    return enabled;
  }

  /** Answers from the cache when it can, otherwise from {@code read}, which it then keeps under {@code key}. */
  void serve(RoutingContext rc, String key, Supplier<Future<JsonObject>> read) {
    if (!enabled) {
      Responses.json(rc, 200, read.get());
      return;
    }
    rc.response().putHeader("Cache-Control", cacheControl);
    Responses.buffer(rc, 200, get(key, read));
  }

  /**
   * The body kept under {@code key}, or the one {@code read} answers, which is then kept for the time to live. A read
   * that fails is handed to every caller waiting for it, then dropped.
   */
  Future<Buffer> get(String key, Supplier<Future<JsonObject>> read) {
    CompletableFuture<Read> pending = entries.get(key, (k, executor) -> read.get()
      .map(JsonObject::toBuffer)
      .transform(done -> Future.succeededFuture(new Read(done.result(), done.cause())))
      .toCompletionStage().toCompletableFuture());
    return Future.fromCompletionStage(pending, context).compose(answer -> {
      if (answer.failure() != null) {
        entries.asMap().remove(key, pending);
        return Future.failedFuture(answer.failure());
      }
      return Future.succeededFuture(answer.body());
    });
  }

  void clear() {
    entries.synchronous().invalidateAll();
  }

  /** Drops the entries whose keys the predicate picks. */
  void forget(Predicate<String> stale) {
    entries.asMap().keySet().removeIf(stale);
  }

  /**
   * What a read answered: a body, or a failure such as "no such product". A failure is a value here, not a failed
   * future, because Caffeine logs every failed load as a warning with its stack trace, and a 404 is no such thing.
   */
  private record Read(Buffer body, Throwable failure) {

    int bytes() {
      return body == null ? 0 : body.length();
    }
  }
}
