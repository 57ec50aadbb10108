package dev.bazaar.web.edge;

import io.github.bucket4j.TimeMeter;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The token buckets on a clock the test moves: exact bursts, refill rates, Retry-After seconds and forgetting. */
class RateLimiterTest {

  private final FakeClock clock = new FakeClock();

  @Test
  void aBurstOfNPassesAndTheNextRequestWaits() {
    RateLimiter limiter = new RateLimiter(1, 3, clock);

    assertThat(waits(limiter, "alice", 4)).containsExactly(0L, 0L, 0L, 1L);
  }

  @Test
  void eachClientHasABucketOfItsOwn() {
    RateLimiter limiter = new RateLimiter(1, 2, clock);
    waits(limiter, "alice", 3);

    assertThat(waits(limiter, "bob", 3)).containsExactly(0L, 0L, 1L);
  }

  @Test
  void tokensComeBackAtTheConfiguredRate() {
    RateLimiter limiter = new RateLimiter(4, 2, clock);
    assertThat(waits(limiter, "alice", 3)).containsExactly(0L, 0L, 1L);

    clock.advance(Duration.ofMillis(249));
    assertThat(limiter.secondsToWait("alice")).as("249 ms after, at 4/s, no token is back yet").isEqualTo(1);
    clock.advance(Duration.ofMillis(1));
    assertThat(limiter.secondsToWait("alice")).as("250 ms after, at 4/s, one token is back").isZero();
    assertThat(limiter.secondsToWait("alice")).as("and only one").isEqualTo(1);

    clock.advance(Duration.ofMillis(500));
    assertThat(waits(limiter, "alice", 3)).as("500 ms refill two tokens, no more than the burst").containsExactly(0L, 0L, 1L);
  }

  @Test
  void retryAfterIsTheWaitRoundedUpToWholeSeconds() {
    RateLimiter limiter = new RateLimiter(0.5, 1, clock);
    assertThat(limiter.secondsToWait("alice")).isZero();

    assertThat(limiter.secondsToWait("alice")).as("a token every 2 s").isEqualTo(2);
    clock.advance(Duration.ofMillis(1));
    assertThat(limiter.secondsToWait("alice")).as("1.999 s rounds up").isEqualTo(2);
    clock.advance(Duration.ofMillis(999));
    assertThat(limiter.secondsToWait("alice")).as("exactly 1 s").isEqualTo(1);
    clock.advance(Duration.ofMillis(999));
    assertThat(limiter.secondsToWait("alice")).as("1 ms is still at least 1 s").isEqualTo(1);
    clock.advance(Duration.ofMillis(1));
    assertThat(limiter.secondsToWait("alice")).isZero();
  }

  @Test
  void checkingWithoutSpendingSpendsNothing() {
    RateLimiter limiter = new RateLimiter(0.5, 2, clock);
    for (int i = 0; i < 5; i++) {
      assertThat(limiter.secondsToWaitWithoutSpending("alice")).as("an unknown client may go ahead").isZero();
    }
    assertThat(limiter.clients()).as("looking does not make a bucket").isZero();

    assertThat(limiter.secondsToWait("alice")).isZero();
    for (int i = 0; i < 5; i++) {
      assertThat(limiter.secondsToWaitWithoutSpending("alice")).as("one token left").isZero();
    }
    assertThat(limiter.secondsToWait("alice")).as("the last token was still there").isZero();

    for (int i = 0; i < 5; i++) {
      assertThat(limiter.secondsToWaitWithoutSpending("alice")).as("an empty bucket says how long to wait").isEqualTo(2);
    }
    clock.advance(Duration.ofSeconds(2));
    assertThat(limiter.secondsToWaitWithoutSpending("alice")).isZero();
    assertThat(limiter.secondsToWait("alice")).isZero();
    assertThat(limiter.secondsToWait("alice")).isEqualTo(2);
  }

  @Test
  void aBucketIdleUntilItIsFullAgainIsForgottenAndOneIdleLessIsNot() {
    RateLimiter limiter = new RateLimiter(4, 2, clock);
    assertThat(waits(limiter, "alice", 2)).containsExactly(0L, 0L);
    assertThat(limiter.clients()).isEqualTo(1);

    clock.advance(Duration.ofMillis(499));
    assertThat(limiter.clients()).as("not yet full again").isEqualTo(1);
    assertThat(waits(limiter, "alice", 2)).as("1.996 tokens are back, not a fresh bucket").containsExactly(0L, 1L);

    clock.advance(Duration.ofMillis(499));
    assertThat(limiter.clients()).isEqualTo(1);
    clock.advance(Duration.ofMillis(1));
    assertThat(limiter.clients()).as("500 ms after its last use, a 2-token bucket at 4/s is full").isZero();
    assertThat(waits(limiter, "alice", 3)).as("a forgotten client starts with a full bucket").containsExactly(0L, 0L, 1L);
  }

  private static List<Long> waits(RateLimiter limiter, String client, int requests) {
    List<Long> waits = new ArrayList<>();
    for (int i = 0; i < requests; i++) {
      waits.add(limiter.secondsToWait(client));
    }
    return waits;
  }

  /** Bucket4j's and Caffeine's clock, moved only by the test. */
  static final class FakeClock implements TimeMeter {

    private volatile long nanos = 1_000_000_000L;

    void advance(Duration duration) {
      nanos += duration.toNanos();
    }

    @Override
    public long currentTimeNanos() {
      return nanos;
    }

    @Override
    public boolean isWallClockBased() {
      return false;
    }
  }
}
