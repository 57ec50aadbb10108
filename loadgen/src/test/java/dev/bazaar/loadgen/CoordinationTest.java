package dev.bazaar.loadgen;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Generators agreeing over the event bus (here one JVM's; across JVMs the clustered one carries the same messages):
 * one start time, equal shares, and one set of results made of all of theirs.
 */
@ExtendWith(VertxExtension.class)
class CoordinationTest {

  @Test
  void joinedGeneratorsStartTogetherOnAnEqualShareAndTheirResultsAreMergedIntoOne(Vertx vertx) {
    LoadPlan plan = new LoadPlan(List.of(URI.create("http://localhost:8080")),
      RateSchedule.parse("300", Duration.ofSeconds(10)), 0, Duration.ZERO, Duration.ofSeconds(10), Mix.parse("health=1"),
      90, Duration.ofSeconds(5));

    Future<Coordination.Share> coordinator = Coordination.coordinate(vertx, plan, "300", 3, 100);
    Future<Coordination.Share> joining = Coordination.join(vertx, Duration.ofSeconds(10));
    Future<Coordination.Share> joiningToo = Coordination.join(vertx, Duration.ofSeconds(10));
    Coordination.Share first = joining.await();
    Coordination.Share second = joiningToo.await();
    Coordination.Share own = coordinator.await();

    for (Coordination.Share share : List.of(first, second, own)) {
      assertThat(share.startAtEpochMillis()).isEqualTo(own.startAtEpochMillis());
      assertThat(share.plan().rate().total()).as("a third of 3000 requests").isEqualTo(1000);
      assertThat(share.plan().maxInFlight()).isEqualTo(30);
      assertThat(share.plan().mix().toString()).isEqualTo("health=1");
    }
    assertThat(List.of(first.seed(), second.seed(), own.seed())).doesNotHaveDuplicates();

    Results mine = new Results();
    mine.record(Operation.HEALTH, 1_000, null);
    Future<Results> all = Coordination.collect(vertx, 2, Future.succeededFuture(mine), Duration.ofSeconds(10));
    for (int generator = 0; generator < 2; generator++) {
      Results theirs = new Results();
      theirs.record(Operation.HEALTH, 2_000, "503");
      Coordination.report(vertx, theirs).await();
    }
    Results merged = all.await();
    assertThat(merged.count()).isEqualTo(3);
    assertThat(merged.errors()).isEqualTo(2);
    assertThat(merged.generators).isEqualTo(3);
    assertThat(merged.all().getMaxValue()).isBetween(1_999L, 2_001L);
  }

  @Test
  void theClosedModelsUsersAreSharedToo(Vertx vertx) {
    LoadPlan plan = new LoadPlan(List.of(URI.create("http://localhost:8080")), null, 30, Duration.ofMillis(100),
      Duration.ofSeconds(10), Mix.parse("browse=1"), 90, Duration.ofSeconds(5));

    Future<Coordination.Share> coordinator = Coordination.coordinate(vertx, plan, null, 3, 1);
    Future<Coordination.Share> joining = Coordination.join(vertx, Duration.ofSeconds(10));
    Future<Coordination.Share> joiningToo = Coordination.join(vertx, Duration.ofSeconds(10));

    for (Coordination.Share share : List.of(joining.await(), joiningToo.await(), coordinator.await())) {
      assertThat(share.plan().open()).isFalse();
      assertThat(share.plan().users()).isEqualTo(10);
      assertThat(share.plan().think()).isEqualTo(Duration.ofMillis(100));
    }
  }

  @Test
  void aCoordinatorMissingResultsSaysHowManyCame(Vertx vertx) {
    Future<Results> all = Coordination.collect(vertx, 2, Future.succeededFuture(new Results()), Duration.ofMillis(300));
    Coordination.report(vertx, new Results()).await();

    Throwable failure = all.transform(outcome -> Future.succeededFuture(outcome.cause())).await();
    assertThat(failure).hasMessage("1 of 2 other generators sent their results in time");
  }
}
