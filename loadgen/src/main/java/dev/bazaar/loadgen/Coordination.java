package dev.bazaar.loadgen;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Several load generators as one, over the clustered event bus. One coordinates: it holds the plan and waits for the
 * others to join; then it gives each the same start time, a share of the rate (or of the users) and a seed of its
 * own, runs its own share, and merges what every generator measured into one report. The others need only join:
 * everything they do comes from the coordinator.
 */
public final class Coordination {

  static final String JOIN = "bazaar.loadgen.join";
  static final String RESULTS = "bazaar.loadgen.results";
  /** The start is this far ahead of the last join, so every generator has the plan in time. */
  private static final long START_AHEAD_MILLIS = 2_000;

  private Coordination() {
  }

  /** What a generator needs to run its share, as the coordinator sends it. */
  public record Share(LoadPlan plan, long startAtEpochMillis, long seed) {
  }

  /**
   * Coordinates {@code generators} generators in all, itself included: waits for the others to join, answers each its
   * share, and answers its own. {@link #collect} then gathers their results.
   */
  public static Future<Share> coordinate(Vertx vertx, LoadPlan plan, String rateSpec, int generators, long seed) {
    Promise<Share> own = Promise.promise();
    List<Message<JsonObject>> joined = new ArrayList<>();
    MessageConsumer<JsonObject> joins = vertx.eventBus().consumer(JOIN);
    joins.handler(join -> {
      joined.add(join);
      if (joined.size() == generators - 1) {
        joins.unregister();
        long startAt = System.currentTimeMillis() + START_AHEAD_MILLIS;
        for (int i = 0; i < joined.size(); i++) {
          joined.get(i).reply(toJson(plan, rateSpec, generators, startAt, seed + i + 1));
        }
        own.complete(new Share(shareOf(plan, generators), startAt, seed));
      }
    });
    return joins.completion().compose(listening -> own.future());
  }

  /** Joins the coordinator's run and answers this generator's share, once every generator has joined. */
  public static Future<Share> join(Vertx vertx, Duration patience) {
    return vertx.eventBus().<JsonObject>request(JOIN, new JsonObject(), new DeliveryOptions().setSendTimeout(patience.toMillis()))
      .map(reply -> fromJson(reply.body()));
  }

  /** Sends this generator's results to the coordinator. */
  public static Future<Void> report(Vertx vertx, Results results) {
    return vertx.eventBus().request(RESULTS, results.toWire(), new DeliveryOptions().setSendTimeout(60_000)).mapEmpty();
  }

  /**
   * Starts listening for the other generators' results; the future completes with them all added to
   * {@code own}, or fails after {@code patience}.
   */
  public static Future<Results> collect(Vertx vertx, int others, Future<Results> own, Duration patience) {
    Promise<Results> all = Promise.promise();
    List<Results> received = new ArrayList<>();
    MessageConsumer<JsonObject> consumer = vertx.eventBus().consumer(RESULTS);
    consumer.handler(message -> {
      received.add(Results.fromWire(message.body()));
      message.reply(new JsonObject());
      if (received.size() == others) {
        consumer.unregister();
        own.onSuccess(mine -> {
          received.forEach(mine::add);
          all.tryComplete(mine);
        }).onFailure(all::tryFail);
      }
    });
    vertx.setTimer(patience.toMillis(), late -> {
      if (all.tryFail(received.size() + " of " + others + " other generators sent their results in time")) {
        consumer.unregister();
      }
    });
    return all.future();
  }

  private static LoadPlan shareOf(LoadPlan plan, int generators) {
    return new LoadPlan(plan.targets(), plan.rate() == null ? null : plan.rate().share(1.0 / generators),
      Math.max(1, plan.users() / generators), plan.think(), plan.duration(), plan.mix(),
      Math.max(1, plan.maxInFlight() / generators), plan.requestTimeout());
  }

  private static JsonObject toJson(LoadPlan plan, String rateSpec, int generators, long startAt, long seed) {
    return new JsonObject()
      .put("targets", new JsonArray(plan.targets().stream().map(URI::toString).toList()))
      .put("rate", rateSpec)
      .put("generators", generators)
      .put("users", plan.users())
      .put("thinkMillis", plan.think().toMillis())
      .put("durationMillis", plan.duration().toMillis())
      .put("mix", plan.mix().toString())
      .put("maxInFlight", plan.maxInFlight())
      .put("requestTimeoutMillis", plan.requestTimeout().toMillis())
      .put("startAt", startAt)
      .put("seed", seed);
  }

  private static Share fromJson(JsonObject json) {
    Duration duration = Duration.ofMillis(json.getLong("durationMillis"));
    String rate = json.getString("rate");
    LoadPlan whole = new LoadPlan(json.getJsonArray("targets").stream().map(t -> URI.create((String) t)).toList(),
      rate == null ? null : RateSchedule.parse(rate, duration), json.getInteger("users"),
      Duration.ofMillis(json.getLong("thinkMillis")), duration, Mix.parse(json.getString("mix")),
      json.getInteger("maxInFlight"), Duration.ofMillis(json.getLong("requestTimeoutMillis")));
    return new Share(shareOf(whole, json.getInteger("generators")), json.getLong("startAt"), json.getLong("seed"));
  }
}
