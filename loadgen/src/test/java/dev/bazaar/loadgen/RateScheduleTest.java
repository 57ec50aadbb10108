package dev.bazaar.loadgen;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class RateScheduleTest {

  private static final Duration TEN_SECONDS = Duration.ofSeconds(10);

  @Test
  void aFixedRatePlansEvenlySpacedRequests() {
    RateSchedule schedule = RateSchedule.parse("100", TEN_SECONDS);

    assertThat(schedule.total()).isEqualTo(1000);
    assertThat(schedule.countBy(1.0)).isEqualTo(100);
    assertThat(schedule.timeOf(0)).isCloseTo(0.01, within(1e-9));
    assertThat(schedule.timeOf(99)).isCloseTo(1.0, within(1e-9));
    assertThat(schedule.rateAt(5)).isEqualTo(100);
    assertThat(schedule.timeOf(999)).as("the last request at the end").isCloseTo(10.0, within(1e-9));
    assertThat(schedule.timeOf(5000)).as("beyond the plan: its end").isEqualTo(10.0);
    assertThat(schedule.countBy(-1)).isZero();
    assertThat(schedule.countBy(60)).isEqualTo(1000);
    assertThat(schedule.toString()).isEqualTo("100");
  }

  @Test
  void stepsShareTheRunEqually() {
    RateSchedule schedule = RateSchedule.parse("100,200", TEN_SECONDS);

    assertThat(schedule.total()).isEqualTo(1500);
    assertThat(schedule.countBy(5)).isEqualTo(500);
    assertThat(schedule.countBy(6)).isEqualTo(700);
    assertThat(schedule.rateAt(4.9)).isEqualTo(100);
    assertThat(schedule.rateAt(5.1)).isEqualTo(200);
    assertThat(schedule.rateAt(5.0)).as("a step begins at its start").isEqualTo(200);
    assertThat(schedule.rateAt(11)).as("after the run, its last rate").isEqualTo(200);
    assertThat(schedule.countBy(10)).isEqualTo(1500);
    assertThat(schedule.countBy(4.999)).isEqualTo(499);
    assertThat(schedule.timeOf(599)).isCloseTo(5.5, within(1e-9));
  }

  @Test
  void aRampRisesLinearlyAndEachPlannedTimeIsWhenTheCountReachesIt() {
    RateSchedule schedule = RateSchedule.parse("100..1000", TEN_SECONDS);

    assertThat(schedule.total()).isEqualTo(5500);
    assertThat(schedule.rateAt(5)).isCloseTo(550, within(1e-9));
    double previous = 0;
    for (long n = 0; n < schedule.total(); n += 37) {
      double t = schedule.timeOf(n);
      assertThat(t).isGreaterThan(previous);
      assertThat(schedule.countBy(t + 1e-7)).isEqualTo(n + 1);
      previous = t;
    }
  }

  @Test
  void aShareKeepsTheShapeAtAPartOfTheRate() {
    RateSchedule half = RateSchedule.parse("100,300", TEN_SECONDS).share(0.5);

    assertThat(half.total()).isEqualTo(1000);
    assertThat(half.rateAt(1)).isEqualTo(50);
    assertThat(half.rateAt(9)).isEqualTo(150);
    assertThat(RateSchedule.parse("100..300", TEN_SECONDS).share(0.5).total()).isEqualTo(1000);
  }

  @Test
  void aRateThatIsNoRateIsRefusedWithWhatIsWrong() {
    assertThatThrownBy(() -> RateSchedule.parse("fast", TEN_SECONDS)).hasMessageContaining("'fast'");
    assertThatThrownBy(() -> RateSchedule.parse("0", TEN_SECONDS)).hasMessageContaining("above 0");
    assertThatThrownBy(() -> RateSchedule.parse("100,", TEN_SECONDS)).hasMessageContaining("''");
    assertThatThrownBy(() -> RateSchedule.parse("1..2..3", TEN_SECONDS)).hasMessageContaining("FROM..TO");
    assertThatThrownBy(() -> RateSchedule.parse("100", Duration.ZERO)).hasMessageContaining("duration");
  }
}
