package dev.bazaar.web.edge;

import dev.bazaar.web.WebConfig;
import dev.bazaar.web.auth.Caller;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.EstimationProbe;
import io.github.bucket4j.TimeMeter;
import io.vertx.core.Vertx;
import io.vertx.core.shareddata.Shareable;

import java.time.Duration;

/**
 * Token buckets from Bucket4j, one per client: each holds up to {@code burst} requests and refills continuously at
 * {@code perSecond}. One limiter is shared by every web verticle instance of a process, so the limit does not grow
 * with the instance count.
 *
 * <p>A client's bucket is forgotten once it has been idle long enough to be full again, which is the same as keeping
 * it, so idle addresses do not pile up in memory.
 */
public final class RateLimiter implements Shareable {

  /** Beyond this many active clients the least recently seen are forgotten, so a flood of addresses cannot exhaust memory. */
  static final long MAX_CLIENTS = 100_000;

  private final Bandwidth limit;
  private final TimeMeter clock;
  private final Cache<String, Bucket> buckets;

  public RateLimiter(double perSecond, int burst) {
    this(perSecond, burst, TimeMeter.SYSTEM_NANOTIME);
  }

  /**
   * The one limiter of this process, shared by every web verticle instance and both event bus bridges, so the limit
   * does not grow with the instances and a client's REST requests and bridge frames spend from the same bucket. Null
   * when {@code limit} is: nothing is rate-limited.
   */
  public static RateLimiter sharedIn(Vertx vertx, WebConfig.RateLimit limit) {
    if (limit == null) {
      return null;
    }
    RateLimiter fresh = new RateLimiter(limit.perSecond(), limit.burst());
    RateLimiter existing = vertx.sharedData().<String, RateLimiter>getLocalMap("bazaar.web").putIfAbsent("rateLimiter", fresh);
    return existing != null ? existing : fresh;
  }

  RateLimiter(double perSecond, int burst, TimeMeter clock) {
    Duration perToken = Duration.ofNanos(Math.round(1e9 / perSecond));
    this.limit = Bandwidth.builder().capacity(burst).refillGreedy(1, perToken).build();
    this.clock = clock;
    this.buckets = Caffeine.newBuilder()
      .expireAfterAccess(perToken.multipliedBy(burst))
      .maximumSize(MAX_CLIENTS)
      .ticker(clock::currentTimeNanos)
      .build();
  }

  /**
   * 0 when the caller may go ahead (and has spent a token), else the whole seconds until it may try again: a signed-in
   * caller is counted by subject wherever it connects from, anyone else by address.
   */
  public long secondsToWait(Caller caller, String address) {
    return secondsToWait(caller.isAnonymous() ? "address:" + address : "subject:" + caller.subject());
  }

  /**
   * Like {@link #secondsToWait(Caller, String)}, for the tokens an address had refused: while it waits, no token it
   * presents is checked, so an address cannot try forged tokens faster than the rate. Spends nothing.
   */
  public long secondsToWaitAfterRefusedTokens(String address) {
    return secondsToWaitWithoutSpending(refused(address));
  }

  /** Counts a refused token against the address it came from. */
  public void countRefusedToken(String address) {
    secondsToWait(refused(address));
  }

  private static String refused(String address) {
    return "refused:" + address;
  }

  /** 0 when the client may go ahead (and has spent a token), else the whole seconds until it may try again. */
  long secondsToWait(String client) {
    ConsumptionProbe probe = bucketOf(client).tryConsumeAndReturnRemaining(1);
    return probe.isConsumed() ? 0 : wholeSeconds(probe.getNanosToWaitForRefill());
  }

  /** Like {@link #secondsToWait} but spends nothing: whether the client could go ahead now. */
  long secondsToWaitWithoutSpending(String client) {
    Bucket bucket = buckets.getIfPresent(client);
    if (bucket == null) {
      return 0;
    }
    EstimationProbe probe = bucket.estimateAbilityToConsume(1);
    return probe.canBeConsumed() ? 0 : wholeSeconds(probe.getNanosToWaitForRefill());
  }

  /** How many clients have a bucket now, once buckets idle long enough to be full again are forgotten. */
  long clients() {
    buckets.cleanUp();
    return buckets.estimatedSize();
  }

  private Bucket bucketOf(String client) {
    return buckets.get(client, c -> Bucket.builder().addLimit(limit).withCustomTimePrecision(clock).build());
  }

  /** Retry-After counts whole seconds, so a wait is rounded up: a client told to come back never comes too early. */
  private static long wholeSeconds(long nanos) {
    return Math.max(1, (nanos + 999_999_999) / 1_000_000_000);
  }
}
