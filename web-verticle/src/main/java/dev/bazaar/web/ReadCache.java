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
 * for the same URL share one service call. Writes through this instance clear it at once; elsewhere a change shows
 * within the time to live, which responses announce with {@code Cache-Control: max-age}.
 *
 * <p>Used only from its verticle's event loop, so it needs no locking.
 */
final class ReadCache {

  private static final int MAX_ENTRIES = 10_000;

  private final long ttlNanos;
  private final String cacheControl;
  private final Map<String, Entry> entries = new LinkedHashMap<>(256, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
      return size() > MAX_ENTRIES;
    }
  };

  private record Entry(Future<Buffer> body, long expiresAtNanos) {
  }

  ReadCache(long ttlMillis) {
    this.ttlNanos = ttlMillis * 1_000_000;
    this.cacheControl = ttlMillis >= 1000 ? "public, max-age=" + ttlMillis / 1000 : "no-cache";
  }

  /** Answers from the cache when it can, otherwise from {@code read}, which it then remembers. */
  void serve(RoutingContext rc, Supplier<Future<JsonObject>> read) {
    if (ttlNanos == 0) {
      Responses.json(rc, 200, read.get());
      return;
    }
    String key = rc.request().uri();
    long now = System.nanoTime();
    Entry entry = entries.get(key);
    if (entry == null || entry.expiresAtNanos() - now < 0) {
      Future<Buffer> body = read.get().map(JsonObject::toBuffer);
      Entry fresh = new Entry(body, now + ttlNanos);
      entries.put(key, fresh);
      body.onFailure(failed -> entries.remove(key, fresh));
      entry = fresh;
    }
    rc.response().putHeader("Cache-Control", cacheControl);
    Responses.buffer(rc, 200, entry.body());
  }

  void clear() {
    entries.clear();
  }
}
