package dev.bazaar.launcher;

import dev.bazaar.contracts.Roles;
import dev.bazaar.devkit.TokenMinter;
import dev.bazaar.loadgen.Coordination;
import dev.bazaar.loadgen.LoadPlan;
import dev.bazaar.loadgen.Loadgen;
import dev.bazaar.loadgen.Mix;
import dev.bazaar.loadgen.RateSchedule;
import dev.bazaar.loadgen.Report;
import dev.bazaar.loadgen.Results;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;

/**
 * {@code bazaar loadgen --target http://localhost:8080 --rate 500 --duration 30s}: drives a shop at a planned rate (or
 * with a number of users), prints a progress line every second and a summary at the end, and writes
 * {@code summary.json} and {@code report.html} to {@code --report}. With {@code --cluster}, several generators run as
 * one: the one started with {@code --generators N} coordinates, the others only join.
 */
@Command(name = "loadgen", mixinStandardHelpOptions = true, sortOptions = false,
  description = "Drives a shop with load at a fixed rate or with a number of users, and reports honest latencies.")
class LoadgenCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Option(names = "--target", paramLabel = "URL", defaultValue = "http://localhost:8080",
    description = "A base URL of the shop; repeat it to spread the load over several web nodes. Default: ${DEFAULT-VALUE}.")
  List<String> targets;

  @Option(names = "--rate", paramLabel = "RATE",
    description = "Requests/s, planned whatever the answers (the open model): 500; steps, 100,200,400; or a ramp over "
      + "the run, 100..1000. Without --rate and --users: 100.")
  String rate;

  @Option(names = "--users", paramLabel = "N",
    description = "The closed model instead: N users, each sending its next request when it has its answer.")
  Integer users;

  @Option(names = "--think", paramLabel = "DURATION", converter = DurationConverter.class, defaultValue = "0s",
    description = "How long a user of the closed model waits between an answer and its next request. Default: ${DEFAULT-VALUE}.")
  Duration think;

  @Option(names = "--duration", paramLabel = "DURATION", converter = DurationConverter.class, defaultValue = "30s",
    description = "How long requests are started for. Default: ${DEFAULT-VALUE}.")
  Duration duration;

  @Option(names = "--warmup", paramLabel = "DURATION", converter = DurationConverter.class, defaultValue = "0s",
    description = "Runs the plan this long first, unmeasured, so that neither the shop's nor the generator's JIT "
      + "warm-up is in the figures. Default: ${DEFAULT-VALUE}.")
  Duration warmup;

  @Option(names = "--mix", paramLabel = "SPEC|FILE", defaultValue = Mix.DEFAULT,
    description = "The operations and their weights, or a JSON file of them ({\"browse\": 40, ...}); operations are "
      + "browse, product, quote, checkout, status, cancel and health. Default: ${DEFAULT-VALUE}.")
  String mix;

  @Option(names = "--max-in-flight", paramLabel = "N", defaultValue = "512",
    description = "The most requests outstanding at once; a planned request that finds no free slot is dropped and "
      + "counted, never sent late. Default: ${DEFAULT-VALUE}.")
  int maxInFlight;

  @Option(names = "--request-timeout", paramLabel = "DURATION", converter = DurationConverter.class, defaultValue = "10s",
    description = "How long an answer may take before the request counts as an error. Default: ${DEFAULT-VALUE}.")
  Duration requestTimeout;

  @Option(names = "--report", paramLabel = "DIR",
    description = "Where to write summary.json and report.html.")
  Path report;

  @Option(names = "--customers", paramLabel = "N", defaultValue = "50",
    description = "How many virtual customers place, read and cancel orders, each with a token minted from "
      + "--data-dir's key. Default: ${DEFAULT-VALUE}.")
  int customers;

  @Option(names = "--generators", paramLabel = "N",
    description = "With --cluster: this generator coordinates N generators in all, itself included, and writes the "
      + "merged report. The others are started with --cluster alone.")
  Integer generators;

  @Mixin
  DataDirectory dataDir;

  @Mixin
  JwtOptions jwt;

  @Mixin
  ClusterOptions cluster;

  @Override
  public Integer call() throws Exception {
    ClusterSettings clustering = clusterSettings();
    boolean coordinates = generators != null;
    boolean joins = clustering != null && !coordinates;
    LoadPlan plan = joins ? null : plan();
    Vertx vertx = clustering == null ? Vertx.vertx() : Shop.vertx(clustering);
    PrintWriter out = spec.commandLine().getOut();
    try {
      Coordination.Share share = !joins ? null : Coordination.join(vertx, Duration.ofMinutes(30)).await();
      LoadPlan mine = joins ? share.plan() : plan;
      List<String> tokens = tokens(vertx, mine.mix());
      long seed = joins ? share.seed() : System.nanoTime();
      long startAt = System.nanoTime();
      if (coordinates) {
        out.println("Waiting for " + (generators - 1) + " more generator(s) to join ...");
        out.flush();
        Coordination.Share own = Coordination.coordinate(vertx, plan, rateSpec(), generators, seed).await();
        mine = own.plan();
        startAt = nanosAt(own.startAtEpochMillis());
      } else if (joins) {
        startAt = nanosAt(share.startAtEpochMillis());
      }
      if (!warmup.isZero() && !joins && !coordinates) {
        out.println("Warming up for " + warmup.toSeconds() + " s ...");
        out.flush();
        Loadgen.run(vertx, warmupOf(mine), tokens, line -> { }, System.nanoTime(), seed + 1).await();
        startAt = System.nanoTime();
      }
      out.println("Load: " + describe(mine) + (joins ? " (this generator's share)" : ""));
      out.flush();
      Future<Results> running = Loadgen.run(vertx, mine, tokens, line -> {
        out.println(line);
        out.flush();
      }, startAt, seed);
      Results results;
      if (coordinates) {
        results = Coordination.collect(vertx, generators - 1, running,
          duration.plus(requestTimeout).plus(Duration.ofMinutes(2))).await();
      } else {
        results = running.await();
        if (joins) {
          Coordination.report(vertx, results).await();
        }
      }
      Report.text(results).forEach(out::println);
      if (report != null && !joins) {
        Report.write(report, results, describe(plan) + (coordinates ? "; " + generators + " generators" : ""));
        out.println("Report: " + report.resolve("report.html").toAbsolutePath());
      }
      out.flush();
      return 0;
    } catch (IllegalStateException shopNotThere) { // the shop cannot be reached, or has nothing to sell
      throw new StartupException(shopNotThere.getMessage());
    } finally {
      vertx.close().await();
    }
  }

  private ClusterSettings clusterSettings() {
    try {
      ClusterSettings settings = cluster.settings();
      if (generators != null && (settings == null || generators < 2)) {
        throw new BadOption("--generators needs --cluster and at least 2");
      }
      return settings;
    } catch (BadOption bad) {
      throw new ParameterException(spec.commandLine(), bad.getMessage());
    }
  }

  private LoadPlan plan() {
    if (rate != null && users != null) {
      throw new ParameterException(spec.commandLine(), "--rate and --users are two models; give one of them");
    }
    if (duration.isZero() || duration.isNegative() || requestTimeout.isZero() || think.isNegative()
      || warmup.isNegative()) {
      throw new ParameterException(spec.commandLine(), "--duration and --request-timeout must be longer than 0, "
        + "--think and --warmup not negative");
    }
    if (maxInFlight < 1 || maxInFlight > 100_000 || customers < 1 || customers > 100_000
      || users != null && (users < 1 || users > 100_000)) {
      throw new ParameterException(spec.commandLine(), "--max-in-flight, --users and --customers must be between 1 and 100000");
    }
    List<URI> bases = new ArrayList<>();
    for (String target : targets) {
      URI uri;
      try {
        uri = URI.create(target.strip());
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), "--target '" + target + "' is not a URL");
      }
      if (!"http".equals(uri.getScheme()) || uri.getHost() == null) {
        throw new ParameterException(spec.commandLine(), "--target must be an http:// URL with a host, not '" + target + "'");
      }
      bases.add(uri.getPort() == -1 ? URI.create("http://" + uri.getHost() + ":80" + uri.getRawPath()) : uri);
    }
    try {
      Mix parsed = Mix.parse(mix);
      RateSchedule schedule = users != null ? null : RateSchedule.parse(rateSpec(), duration);
      return new LoadPlan(bases, schedule, users == null ? 0 : users, think, duration, parsed, maxInFlight, requestTimeout);
    } catch (IllegalArgumentException bad) {
      throw new ParameterException(spec.commandLine(), (rate != null && bad.getMessage().contains("rate") ? "--rate: "
        : "--mix: ") + bad.getMessage());
    }
  }

  private LoadPlan warmupOf(LoadPlan plan) {
    return new LoadPlan(plan.targets(), plan.rate() == null ? null : RateSchedule.parse(rateSpec(), warmup),
      plan.users(), plan.think(), warmup, plan.mix(), plan.maxInFlight(), plan.requestTimeout());
  }

  private String rateSpec() {
    return users != null ? null : rate == null ? "100" : rate;
  }

  /** Tokens for the virtual customers, minted with the shop's local key: only when the mix needs customers. */
  private List<String> tokens(Vertx vertx, Mix mix) {
    if (!Loadgen.needsCustomers(mix)) {
      return List.of();
    }
    if (jwt.usesExternalKeys()) {
      throw new ParameterException(spec.commandLine(), "the mix places orders, which needs customer tokens; with "
        + "external keys (--jwt-public-key, --jwt-jwks) loadgen cannot mint them: leave checkout, status and cancel out");
    }
    if (!Files.isRegularFile(dataDir.path.resolve("keys").resolve("jwt-es256-private.pem"))) {
      throw new ParameterException(spec.commandLine(), "the mix places orders, which needs customer tokens, and "
        + dataDir.path.resolve("keys") + " holds no signing key: give the shop's --data-dir");
    }
    LocalSigningKey local = LocalSigningKey.loadOrCreate(dataDir.path);
    TokenMinter minter = new TokenMinter(vertx, local.key(), local.keyId(), jwt.issuer, jwt.audience);
    Duration ttl = duration.plus(Duration.ofMinutes(10)).compareTo(jwt.maxLifetime) < 0
      ? duration.plus(Duration.ofMinutes(10)) : jwt.maxLifetime;
    String run = Long.toString(System.currentTimeMillis(), 36);
    return IntStream.range(0, customers)
      .mapToObj(i -> minter.mint("load-" + run + "-" + i, List.of(Roles.CUSTOMER), ttl)).toList();
  }

  private static String describe(LoadPlan plan) {
    return (plan.open() ? "rate " + plan.rate() + "/s" : plan.users() + " users, think " + plan.think())
      + " for " + plan.duration().toSeconds() + " s against " + plan.targets() + ", mix " + plan.mix()
      + ", at most " + plan.maxInFlight() + " in flight";
  }

  private static long nanosAt(long epochMillis) {
    return System.nanoTime() + (epochMillis - System.currentTimeMillis()) * 1_000_000;
  }
}
