package dev.bazaar.launcher;

import dev.bazaar.platform.OutboxConfig;
import dev.bazaar.platform.SellingCurrency;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * {@code bazaar}: starts the chosen services in this JVM and runs until Ctrl-C or SIGTERM. Every option can also be
 * set through its {@code BAZAAR_…} environment variable; the defaults run the whole shop on an embedded PostgreSQL.
 * The options of each service come from its entry in {@link Services}.
 */
@Command(
  name = "bazaar",
  mixinStandardHelpOptions = true,
  version = "bazaar 0.1.0",
  subcommands = {TokenCommand.class, DatabaseCommand.class, LoadgenCommand.class},
  sortOptions = false,
  usageHelpAutoWidth = true,
  description = "Runs the Bazaar shop: its services and the REST API, in one JVM, or any of them per JVM in a cluster.")
public class BazaarCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Option(names = "--services", split = ",", paramLabel = "NAME", completionCandidates = Services.class,
    defaultValue = "${env:BAZAAR_SERVICES}",
    description = "Services to run here, comma-separated, from: ${COMPLETION-CANDIDATES}. Default: all of them. "
      + "Env: BAZAAR_SERVICES.")
  List<String> services;

  @Option(names = "--pg-uri", paramLabel = "URI",
    defaultValue = "${env:BAZAAR_PG_URI}",
    description = "PostgreSQL to use, as postgresql://user:password@host:port/database. "
      + "Without it an embedded PostgreSQL runs in --data-dir. Env: BAZAAR_PG_URI.")
  String pgUri;

  @Mixin
  DataDirectory dataDir;

  @Option(names = "--pg-pool-size", paramLabel = "N",
    defaultValue = "${env:BAZAAR_PG_POOL_SIZE:-16}",
    description = "Database connections per service instance. Default: ${DEFAULT-VALUE}. Env: BAZAAR_PG_POOL_SIZE.")
  int poolSize;

  @Option(names = "--service-timeout", paramLabel = "DURATION", converter = DurationConverter.class,
    defaultValue = "${env:BAZAAR_SERVICE_TIMEOUT:-5s}",
    description = "Longest a call to another service over the bus may take before it fails. Default: ${DEFAULT-VALUE}. "
      + "Env: BAZAAR_SERVICE_TIMEOUT.")
  Duration serviceTimeout;

  @Option(names = "--outbox-retention", paramLabel = "DURATION", converter = DurationConverter.class,
    defaultValue = "${env:BAZAAR_OUTBOX_RETENTION:-7d}",
    description = "How long each service keeps its events, for consumers that were down to catch up. "
      + "Default: ${DEFAULT-VALUE}. Env: BAZAAR_OUTBOX_RETENTION.")
  Duration outboxRetention;

  @Option(names = "--outbox-poll", paramLabel = "DURATION", converter = DurationConverter.class,
    defaultValue = "${env:BAZAAR_OUTBOX_POLL:-1s}",
    description = "How often each service looks for events to publish when no notification woke it. "
      + "Default: ${DEFAULT-VALUE}. Env: BAZAAR_OUTBOX_POLL.")
  Duration outboxPoll;

  @Option(names = "--currency", paramLabel = "CODE",
    defaultValue = "${env:BAZAAR_CURRENCY:-" + SellingCurrency.DEFAULT + "}",
    description = "The one currency the shop sells in, ISO 4217: prices, shipping rates, quotes, orders and payments "
      + "are in it, and a product priced in another is refused. Default: ${DEFAULT-VALUE}. Env: BAZAAR_CURRENCY.")
  String currency;

  @Option(names = "--shutdown-grace", paramLabel = "DURATION", converter = DurationConverter.class,
    defaultValue = "${env:BAZAAR_SHUTDOWN_GRACE:-30s}",
    description = "On SIGTERM, how long to wait for the requests and saga steps in progress before stopping anyway. "
      + "Default: ${DEFAULT-VALUE}. Env: BAZAAR_SHUTDOWN_GRACE.")
  Duration shutdownGrace;

  @Mixin
  ClusterOptions cluster;

  private final List<ServiceEntry> known = Services.all();

  /**
   * The command line with each service's options mixed in, and Bazaar's error handling: every mistake is one line on
   * stderr and a non-zero exit.
   */
  public static CommandLine commandLine() {
    BazaarCommand command = new BazaarCommand();
    CommandLine commandLine = new CommandLine(command);
    command.known.forEach(service -> commandLine.addMixin(service.name(), service.options()));
    return commandLine
      .setParameterExceptionHandler((ex, args) -> {
        ex.getCommandLine().getErr().println("bazaar: " + ex.getMessage() + " (see --help)");
        return 2;
      })
      .setExecutionExceptionHandler((ex, cl, parseResult) -> {
        cl.getErr().println("bazaar: " + describe(ex));
        return 1;
      });
  }

  @Override
  public Integer call() {
    ShopSettings settings = settings();
    PrintWriter out = spec.commandLine().getOut();
    try (Shop shop = Shop.start(settings)) {
      out.println(shop.describe());
      out.flush();
      StopSignal.await();
    }
    out.println("Bazaar stopped.");
    out.flush();
    return 0;
  }

  /** What the options say, checked before anything starts. */
  ShopSettings settings() {
    if (poolSize < 1 || poolSize > 1000) {
      throw new ParameterException(spec.commandLine(), "--pg-pool-size must be between 1 and 1000, not " + poolSize);
    }
    if (serviceTimeout.isZero() || outboxRetention.isZero() || outboxPoll.isZero()) {
      throw new ParameterException(spec.commandLine(),
        "--service-timeout, --outbox-retention and --outbox-poll must be longer than 0");
    }
    if (shutdownGrace.isNegative()) {
      throw new ParameterException(spec.commandLine(), "--shutdown-grace must not be negative");
    }
    String selling = currency.strip().toUpperCase(Locale.ROOT);
    SellingCurrency.violation(selling).ifPresent(why -> {
      throw new ParameterException(spec.commandLine(), "--currency " + why);
    });
    List<ServiceEntry> chosen = chosenServices();
    ClusterSettings clustering;
    try {
      known.forEach(service -> service.options().check());
      clustering = cluster.settings();
    } catch (BadOption bad) {
      throw new ParameterException(spec.commandLine(), bad.getMessage());
    }
    String database = pgUri == null || pgUri.isBlank() ? null : pgUri.trim();
    if (clustering != null && database == null && chosen.stream().anyMatch(ServiceEntry::needsDatabase)) {
      // Each node would otherwise run a database of its own, and the services' instances would not share their data.
      throw new ParameterException(spec.commandLine(), "a clustered node running "
        + String.join(", ", chosen.stream().filter(ServiceEntry::needsDatabase).map(ServiceEntry::name).toList())
        + " needs the shared database: start one with 'bazaar db' and pass its URI with --pg-uri");
    }
    return new ShopSettings(chosen, database, dataDir.path, poolSize, serviceTimeout,
      new OutboxConfig(outboxRetention, outboxPoll), selling, clustering, shutdownGrace);
  }

  /** The services named by --services, in start order; all of them when it is not given. */
  private List<ServiceEntry> chosenServices() {
    if (services == null) {
      return known;
    }
    Set<String> names = new HashSet<>();
    for (String name : services) {
      String trimmed = name.trim().toLowerCase();
      if (known.stream().noneMatch(service -> service.name().equals(trimmed))) {
        throw new ParameterException(spec.commandLine(),
          "unknown service '" + name.trim() + "' in --services; known services: " + Services.names());
      }
      names.add(trimmed);
    }
    return known.stream().filter(service -> names.contains(service.name())).toList();
  }

  /** The first useful message in the cause chain, without class names. */
  private static String describe(Throwable failure) {
    if (failure instanceof StartupException) {
      return failure.getMessage();
    }
    Throwable root = failure;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    return "could not start: " + message.lines().findFirst().orElse(message);
  }
}
