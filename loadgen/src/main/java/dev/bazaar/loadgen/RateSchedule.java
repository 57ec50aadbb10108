package dev.bazaar.loadgen;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The planned arrival rate over a run, and from it the planned send time of every request: a fixed rate
 * ({@code 500}), equal steps ({@code 100,200,400}), or a linear ramp ({@code 100..1000}) over the run's duration.
 * Requests are planned, not paced by answers, so that a slow server cannot slow the plan down (the open model).
 */
public final class RateSchedule {

  /** One stretch of the run, its rate going linearly from {@code from} to {@code to} requests/s. */
  private record Segment(double start, double length, double from, double to, double before) {

    double countAt(double t) {
      double x = t - start;
      return before + from * x + (to - from) * x * x / (2 * length);
    }

    /** When the {@code n}th request of the run is due, n being within this segment. */
    double timeOf(double n) {
      double k = n - before;
      double slope = (to - from) / length;
      if (Math.abs(slope) < 1e-12) {
        return start + k / from;
      }
      // from·x + slope·x²/2 = k
      return start + (-from + Math.sqrt(from * from + 2 * slope * k)) / slope;
    }
  }

  private final List<Segment> segments;
  private final double seconds;
  private final String spec;

  private RateSchedule(List<Segment> segments, double seconds, String spec) {
    this.segments = segments;
    this.seconds = seconds;
    this.spec = spec;
  }

  /** Reads {@code 500}, {@code 100,200,400} or {@code 100..1000}; the message of the exception says what is wrong. */
  public static RateSchedule parse(String spec, Duration duration) {
    double seconds = duration.toMillis() / 1000.0;
    if (seconds <= 0) {
      throw new IllegalArgumentException("the duration must be longer than 0");
    }
    String trimmed = spec.strip();
    List<Segment> segments = new ArrayList<>();
    if (trimmed.contains("..")) {
      String[] ends = trimmed.split("\\.\\.", -1);
      if (ends.length != 2) {
        throw new IllegalArgumentException("a ramp is FROM..TO, e.g. 100..1000, not '" + spec + "'");
      }
      segments.add(new Segment(0, seconds, rate(ends[0], spec), rate(ends[1], spec), 0));
    } else {
      String[] steps = trimmed.split(",", -1);
      double length = seconds / steps.length;
      double before = 0;
      for (int i = 0; i < steps.length; i++) {
        double rate = rate(steps[i], spec);
        segments.add(new Segment(i * length, length, rate, rate, before));
        before += rate * length;
      }
    }
    return new RateSchedule(segments, seconds, trimmed);
  }

  private static double rate(String value, String spec) {
    try {
      double rate = Double.parseDouble(value.strip());
      if (rate > 0 && rate <= 10_000_000) {
        return rate;
      }
    } catch (NumberFormatException notANumber) {
      // said below
    }
    throw new IllegalArgumentException("each rate must be a number of requests/s above 0, not '" + value.strip()
      + "' in '" + spec + "'");
  }

  /** How many requests are due by {@code seconds} into the run. */
  public long countBy(double t) {
    double at = Math.min(Math.max(t, 0), seconds);
    for (Segment segment : segments) {
      if (at <= segment.start() + segment.length()) {
        return (long) Math.floor(segment.countAt(at) + 1e-9);
      }
    }
    return total();
  }

  /** When, in seconds into the run, the request numbered {@code n} (from 0) is due. */
  public double timeOf(long n) {
    double target = n + 1; // the request numbered n is due when the count reaches n + 1
    for (Segment segment : segments) {
      if (target <= segment.countAt(segment.start() + segment.length()) + 1e-9) {
        return segment.timeOf(target);
      }
    }
    return seconds;
  }

  /** Every request of the run. */
  public long total() {
    Segment last = segments.get(segments.size() - 1);
    return (long) Math.floor(last.countAt(last.start() + last.length()) + 1e-9);
  }

  /** The planned rate at {@code t} seconds, for the progress line. */
  public double rateAt(double t) {
    for (Segment segment : segments) {
      if (t < segment.start() + segment.length()) {
        return segment.from() + (segment.to() - segment.from()) * (t - segment.start()) / segment.length();
      }
    }
    return segments.get(segments.size() - 1).to();
  }

  /** The same shape at {@code share} of the rate: one node's part of a rate split between nodes. */
  public RateSchedule share(double share) {
    List<Segment> scaled = new ArrayList<>();
    double before = 0;
    for (Segment s : segments) {
      scaled.add(new Segment(s.start(), s.length(), s.from() * share, s.to() * share, before));
      before += (s.from() + s.to()) * share / 2 * s.length();
    }
    return new RateSchedule(scaled, seconds, spec + " x " + share);
  }

  @Override
  public String toString() {
    return spec;
  }
}
