package dev.bazaar.launcher;

import picocli.CommandLine;
import dev.bazaar.launcher.ShopSettings.Edge;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * {@code bazaar}: starts the chosen services in this JVM and runs until Ctrl-C or SIGTERM. Every option can also be
 * set through its {@code BAZAAR_…} environment variable; the defaults run the whole shop on an embedded PostgreSQL.
 */
@Command(
  name = "bazaar",
  mixinStandardHelpOptions = true,
  version = "bazaar 0.1.0",
  subcommands = TokenCommand.class,
  sortOptions = false,
  usageHelpAutoWidth = true,
  description = "Runs the Bazaar shop: its services and the REST API, in one JVM.")
public class BazaarCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Option(names = "--services", split = ",", paramLabel = "NAME",
    defaultValue = "${env:BAZAAR_SERVICES:-catalog,web}",
    description = "Services to run here, comma-separated: catalog, web. Default: ${DEFAULT-VALUE}. Env: BAZAAR_SERVICES.")
  List<String> services;

  @Option(names = "--http-port", paramLabel = "PORT",
    defaultValue = "${env:BAZAAR_HTTP_PORT:-8080}",
    description = "Port of the REST API. Default: ${DEFAULT-VALUE}. Env: BAZAAR_HTTP_PORT.")
  int httpPort;

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

  @Option(names = "--reservation-ttl", paramLabel = "DURATION", converter = DurationConverter.class,
    defaultValue = "${env:BAZAAR_RESERVATION_TTL:-15m}",
    description = "How long a checkout may hold stock before it returns, e.g. 90s, 15m. Default: ${DEFAULT-VALUE}. "
      + "Env: BAZAAR_RESERVATION_TTL.")
  Duration reservationTtl;

  @Option(names = "--demo-data", paramLabel = "true|false", arity = "1",
    defaultValue = "${env:BAZAAR_DEMO_DATA:-true}",
    description = "Seed an empty catalog with demo products. Default: ${DEFAULT-VALUE}. Env: BAZAAR_DEMO_DATA.")
  boolean demoData;

  @Option(names = "--web-instances", paramLabel = "N",
    defaultValue = "${env:BAZAAR_WEB_INSTANCES:-0}",
    description = "Web verticle instances; 0 means one per core. Default: ${DEFAULT-VALUE}. Env: BAZAAR_WEB_INSTANCES.")
  int webInstances;

  @Option(names = "--request-timeout", paramLabel = "DURATION", converter = DurationConverter.class,
    defaultValue = "${env:BAZAAR_REQUEST_TIMEOUT:-15s}",
    description = "Longest an HTTP request may take before it is answered 503. Default: ${DEFAULT-VALUE}. "
      + "Env: BAZAAR_REQUEST_TIMEOUT.")
  Duration requestTimeout;

  @Option(names = "--read-cache", paramLabel = "DURATION", converter = DurationConverter.class,
    defaultValue = "${env:BAZAAR_READ_CACHE:-1s}",
    description = "How long each web verticle keeps public catalog reads; 0 turns the cache off. A change made elsewhere "
      + "shows within this time. Default: ${DEFAULT-VALUE}. Env: BAZAAR_READ_CACHE.")
  Duration readCache;

  @Option(names = "--rate-limit", paramLabel = "PER_SECOND",
    defaultValue = "${env:BAZAAR_RATE_LIMIT:-50}",
    description = "Requests per second each client may make, by token subject or else by address; 0 turns it off. "
      + "Default: ${DEFAULT-VALUE}. Env: BAZAAR_RATE_LIMIT.")
  double ratePerSecond;

  @Option(names = "--rate-burst", paramLabel = "N",
    defaultValue = "${env:BAZAAR_RATE_BURST:-100}",
    description = "Requests a client may make at once before the rate applies. Default: ${DEFAULT-VALUE}. Env: BAZAAR_RATE_BURST.")
  int rateBurst;

  @Option(names = "--cors-origins", split = ",", paramLabel = "ORIGIN",
    defaultValue = "${env:BAZAAR_CORS_ORIGINS:-}",
    description = "Browser origins allowed to call the API, comma-separated, e.g. https://shop.example. "
      + "Default: none. Env: BAZAAR_CORS_ORIGINS.")
  List<String> corsOrigins;

  @Option(names = "--tls-cert", paramLabel = "FILE",
    defaultValue = "${env:BAZAAR_TLS_CERT}",
    description = "PEM certificate chain; with --tls-key the API is served over HTTPS only. Env: BAZAAR_TLS_CERT.")
  Path tlsCert;

  @Option(names = "--tls-key", paramLabel = "FILE",
    defaultValue = "${env:BAZAAR_TLS_KEY}",
    description = "PEM private key of --tls-cert. Env: BAZAAR_TLS_KEY.")
  Path tlsKey;

  @Mixin
  JwtOptions jwt;

  /** The command line with Bazaar's error handling: every mistake is one line on stderr and a non-zero exit. */
  public static CommandLine commandLine() {
    return new CommandLine(new BazaarCommand())
      .setParameterExceptionHandler((ex, args) -> {
        ex.getCommandLine().getErr().println("bazaar: " + ex.getMessage() + " (see --help)");
        return 2;
      })
      .setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
        commandLine.getErr().println("bazaar: " + describe(ex));
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
      shop.stopOnSignal();
      shop.awaitStopped();
    }
    out.println("Bazaar stopped.");
    out.flush();
    return 0;
  }

  private ShopSettings settings() {
    if (httpPort < 1 || httpPort > 65535) {
      throw new ParameterException(spec.commandLine(), "--http-port must be between 1 and 65535, not " + httpPort);
    }
    if (poolSize < 1 || poolSize > 1000) {
      throw new ParameterException(spec.commandLine(), "--pg-pool-size must be between 1 and 1000, not " + poolSize);
    }
    if (webInstances < 0 || webInstances > 256) {
      throw new ParameterException(spec.commandLine(), "--web-instances must be between 0 and 256, not " + webInstances);
    }
    if (reservationTtl.isZero() || requestTimeout.isZero() || jwt.maxLifetime.isZero()) {
      throw new ParameterException(spec.commandLine(), "--reservation-ttl, --request-timeout and --jwt-max-lifetime must be longer than 0");
    }
    if (ratePerSecond < 0 || rateBurst < 1) {
      throw new ParameterException(spec.commandLine(), "--rate-limit must not be negative and --rate-burst must be at least 1");
    }
    if ((tlsCert == null) != (tlsKey == null)) {
      throw new ParameterException(spec.commandLine(), "--tls-cert and --tls-key go together");
    }
    for (Path file : new Path[] {tlsCert, tlsKey}) {
      if (file != null && !Files.isReadable(file)) {
        throw new ParameterException(spec.commandLine(), "cannot read " + file);
      }
    }
    Set<ServiceName> chosen = EnumSet.noneOf(ServiceName.class);
    for (String name : services) {
      chosen.add(ServiceName.parse(name).orElseThrow(() -> new ParameterException(spec.commandLine(),
        "unknown service '" + name.trim() + "' in --services; known services: " + ServiceName.known())));
    }
    Edge edge = new Edge(requestTimeout, readCache, ratePerSecond, rateBurst,
      (corsOrigins == null ? List.<String>of() : corsOrigins).stream().map(String::trim).filter(origin -> !origin.isEmpty()).toList(), tlsCert, tlsKey,
      chosen.contains(ServiceName.WEB) ? jwt.authConfig(dataDir.path) : null);
    return new ShopSettings(chosen, httpPort, pgUri == null || pgUri.isBlank() ? null : pgUri.trim(), dataDir.path,
      poolSize, reservationTtl, demoData,
      webInstances == 0 ? Runtime.getRuntime().availableProcessors() : webInstances, edge);
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
