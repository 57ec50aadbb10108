package dev.bazaar.loadgen;

import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * What one load generator is to do.
 *
 * @param targets        the shop's base URLs; requests go to each in turn
 * @param rate           the open model's planned arrivals; null for the closed model
 * @param users          the closed model's virtual users, each sending its next request when it has its answer
 * @param think          how long a closed-model user waits between an answer and its next request
 * @param duration       how long requests are started for
 * @param mix            what the requests do
 * @param maxInFlight    the most requests outstanding at once; a planned request that finds them all taken is dropped
 *                       and counted, never sent late
 * @param requestTimeout how long an answer may take before the request counts as an error
 */
public record LoadPlan(List<URI> targets, RateSchedule rate, int users, Duration think, Duration duration, Mix mix,
                       int maxInFlight, Duration requestTimeout) {

  public boolean open() {
    return rate != null;
  }
}
