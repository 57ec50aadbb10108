package dev.bazaar.web;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Public catalog reads, kept for a short time per web verticle instance. A product page is read far more often than
 * it changes, and every read that reaches the catalog costs a bus round trip and a database query. Concurrent misses
 * for the same read share one service call. Writes clear it (see {@link CatalogApi}); a change made behind the API's
 * back shows within the time to live, which responses announce with {@code Cache-Control: max-age}.
 *
 * <p>Keys are built from validated parameters, never from the raw URL, and the cache is bounded in entries and bytes,
 * so clients cannot grow it at will. Used only from its verticle's event loop, so it needs no locking.
 */
final class ReadCache {

  private static final int MAX_ENTRIES = 2_000;
  private static final long MAX_BYTES = 32L * 1024 * 1024;

  private final long ttlNanos;
  private final String cacheControl;
  private long bytes;
  private final Map<String, Entry> entries = new LinkedHashMap<>(256, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
      if (size() > MAX_ENTRIES || bytes > MAX_BYTES) {
        bytes -= eldest.getValue().bytes();
        return true;
      }
      return false;
    }
  };

  private record Entry(Future<Buffer> body, long expiresAtNanos) {
    long bytes() {
      return body.succeeded() ? body.result().length() : 0;
    }
  }

  ReadCache(long ttlMillis) {
    this.ttlNanos = ttlMillis * 1_000_000;
    this.cacheControl = ttlMillis >= 1000 ? "public, max-age=" + ttlMillis / 1000 : "no-cache";
  }

  boolean enabled() {
    return ttlNanos > 0;
  }

  /** Answers from the cache when it can, otherwise from {@code read}, which it then remembers under {@code key}. */
  void serve(RoutingContext rc, String key, Supplier<Future<JsonObject>> read) {
    if (!enabled()) {
      Responses.json(rc, 200, read.get());
      return;
    }
    long now = System.nanoTime();
    Entry entry = entries.get(key);
    if (entry == null || entry.expiresAtNanos() - now < 0) {
      forget(key);
      entry = remember(key, read.get().map(JsonObject::toBuffer), now + ttlNanos);
    }
    rc.response().putHeader("Cache-Control", cacheControl);
    Responses.buffer(rc, 200, entry.body());
  }

  private Entry remember(String key, Future<Buffer> body, long expiresAtNanos) {
    Entry fresh = new Entry(body, expiresAtNanos);
    entries.put(key, fresh);
    body.onComplete(done -> {
      if (entries.get(key) != fresh) {
        return;
      }
      if (done.succeeded()) {
        bytes += done.result().length();
      } else {
        entries.remove(key);
      }
    });
    return fresh;
  }

  private void forget(String key) {
    Entry gone = entries.remove(key);
    if (gone != null) {
      bytes -= gone.bytes();
    }
  }

  /** Drops what has expired, so memory goes back once a burst of distinct reads is over. */
  void evictExpired() {
    long now = System.nanoTime();
    entries.values().removeIf(entry -> {
      boolean expired = entry.expiresAtNanos() - now < 0 && entry.body().isComplete();
      if (expired) {
        bytes -= entry.bytes();
      }
      return expired;
    });
  }

  void clear() {
    entries.clear();
    bytes = 0;
  }
}
