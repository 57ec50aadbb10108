package dev.bazaar.web;

import io.vertx.core.shareddata.Shareable;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Token buckets, one per client: each holds up to {@code burst} requests and refills at {@code perSecond}. One
 * limiter is shared by every web verticle instance of a process, so the limit does not grow with the instance count.
 */
final class RateLimiter implements Shareable {

  private final double perSecond;
  private final double burst;
  private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

  RateLimiter(double perSecond, int burst) {
    this.perSecond = perSecond;
    this.burst = burst;
  }

  /** 0 when the client may go ahead (and has spent a token), else the seconds until it may try again. */
  long secondsToWait(String client, long nowNanos) {
    return buckets.computeIfAbsent(client, c -> new Bucket(burst, nowNanos)).take(nowNanos, perSecond, burst);
  }

  /** Like {@link #secondsToWait} but spends nothing: whether the client could go ahead now. */
  long secondsToWaitWithoutSpending(String client, long nowNanos) {
    Bucket bucket = buckets.get(client);
    return bucket == null ? 0 : bucket.peek(nowNanos, perSecond, burst);
  }

  /** Forgets clients whose bucket has been full for a while, so idle addresses do not pile up in memory. */
  void forgetIdle(long nowNanos) {
    long fullAfterNanos = (long) (burst / perSecond * 1e9);
    buckets.values().removeIf(bucket -> bucket.idleSince(nowNanos, fullAfterNanos));
  }

  private static final class Bucket {
    private double tokens;
    private long updatedNanos;

    Bucket(double tokens, long nowNanos) {
      this.tokens = tokens;
      this.updatedNanos = nowNanos;
    }

    synchronized long take(long nowNanos, double perSecond, double burst) {
      tokens = Math.min(burst, tokens + (nowNanos - updatedNanos) / 1e9 * perSecond);
      updatedNanos = nowNanos;
      if (tokens >= 1) {
        tokens -= 1;
        return 0;
      }
      return Math.max(1, (long) Math.ceil((1 - tokens) / perSecond));
    }

    synchronized long peek(long nowNanos, double perSecond, double burst) {
      double available = Math.min(burst, tokens + (nowNanos - updatedNanos) / 1e9 * perSecond);
      return available >= 1 ? 0 : Math.max(1, (long) Math.ceil((1 - available) / perSecond));
    }

    synchronized boolean idleSince(long nowNanos, long fullAfterNanos) {
      return nowNanos - updatedNanos > fullAfterNanos;
    }
  }
}
