package dev.bazaar.launcher;

import dev.bazaar.web.WebConfig;
import dev.bazaar.web.auth.TokenVerifier;
import dev.bazaar.web.bridge.BridgeVerticle;
import dev.bazaar.web.edge.ClientAddress;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The REST API's options: where it listens, how it protects itself, and how it checks tokens. */
final class WebOptions implements ServiceOptions {

  @Option(names = "--http-port", paramLabel = "PORT",
    defaultValue = "${env:BAZAAR_HTTP_PORT:-8080}",
    description = "Port of the REST API. Default: ${DEFAULT-VALUE}. Env: BAZAAR_HTTP_PORT.")
  int httpPort;

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

  @Option(names = "--bridge-port", paramLabel = "PORT",
    defaultValue = "${env:BAZAAR_BRIDGE_PORT}",
    description = "Opens the TCP event bus bridge on this port, for clients in other languages; off when not given. "
      + "Env: BAZAAR_BRIDGE_PORT.")
  Integer bridgePort;

  @Option(names = "--idle-timeout", paramLabel = "DURATION", converter = DurationConverter.class,
    defaultValue = "${env:BAZAAR_IDLE_TIMEOUT:-30s}",
    description = "A connection that sends and receives nothing this long is closed; must be longer than "
      + "--request-timeout, and than the 15 s heartbeats of event streams. Default: ${DEFAULT-VALUE}. "
      + "Env: BAZAAR_IDLE_TIMEOUT.")
  Duration idleTimeout;

  @Option(names = "--header-timeout", paramLabel = "DURATION", converter = DurationConverter.class,
    defaultValue = "${env:BAZAAR_HEADER_TIMEOUT:-10s}",
    description = "Longest a new connection may take to send its first request's line and headers; a kept-alive one "
      + "has --idle-timeout for its next. Default: ${DEFAULT-VALUE}. Env: BAZAAR_HEADER_TIMEOUT.")
  Duration headerTimeout;

  @Option(names = "--trusted-proxies", split = ",", paramLabel = "CIDR",
    defaultValue = "${env:BAZAAR_TRUSTED_PROXIES:-}",
    description = "Load balancers and proxies, comma-separated CIDR blocks, whose Forwarded or X-Forwarded-For header "
      + "names the client the rate limit counts. Default: none. Env: BAZAAR_TRUSTED_PROXIES.")
  List<String> trustedProxies;

  @Mixin
  JwtOptions jwt;

  @Option(names = "--bridge-host", paramLabel = "HOST",
    defaultValue = "${env:BAZAAR_BRIDGE_HOST:-" + WebConfig.DEFAULT_BRIDGE_HOST + "}",
    description = "Interface the TCP event bus bridge listens on; the default is every one, as for HTTP. "
      + "Default: ${DEFAULT-VALUE}. Env: BAZAAR_BRIDGE_HOST.")
  String bridgeHost;

  @Option(names = "--bridge-idle-timeout", paramLabel = "DURATION", converter = DurationConverter.class,
    defaultValue = "${env:BAZAAR_BRIDGE_IDLE_TIMEOUT:-30s}",
    description = "A TCP bridge connection with nothing read or written for this long is closed; clients ping more "
      + "often. Default: ${DEFAULT-VALUE}. Env: BAZAAR_BRIDGE_IDLE_TIMEOUT.")
  Duration bridgeIdleTimeout;

  @Override
  public void check() {
    if (httpPort < 1 || httpPort > 65535) {
      throw new BadOption("--http-port must be between 1 and 65535, not " + httpPort);
    }
    if (bridgePort != null && (bridgePort < 1 || bridgePort > 65535 || bridgePort == httpPort)) {
      throw new BadOption("--bridge-port must be between 1 and 65535 and not the --http-port, not " + bridgePort);
    }
    if (bridgeHost.isBlank() || bridgeIdleTimeout.isZero()) {
      throw new BadOption("--bridge-host must not be blank and --bridge-idle-timeout must be longer than 0");
    }
    if (webInstances < 0 || webInstances > 256) {
      throw new BadOption("--web-instances must be between 0 and 256, not " + webInstances);
    }
    if (requestTimeout.isZero() || jwt.maxLifetime.isZero() || jwt.jwksRefresh.isZero()) {
      throw new BadOption("--request-timeout, --jwt-max-lifetime and --jwt-jwks-refresh must be longer than 0");
    }
    if (idleTimeout.isZero() || headerTimeout.isZero() || idleTimeout.compareTo(requestTimeout) <= 0) {
      throw new BadOption("--idle-timeout and --header-timeout must be longer than 0, and --idle-timeout longer than "
        + "--request-timeout");
    }
    try {
      new ClientAddress(trustedProxies());
    } catch (IllegalArgumentException e) {
      throw new BadOption("--trusted-proxies: " + e.getMessage());
    }
    if (ratePerSecond < 0 || rateBurst < 1) {
      throw new BadOption("--rate-limit must not be negative and --rate-burst must be at least 1");
    }
    if ((tlsCert == null) != (tlsKey == null)) {
      throw new BadOption("--tls-cert and --tls-key go together");
    }
    for (Path file : new Path[] {tlsCert, tlsKey}) {
      if (file != null && !Files.isReadable(file)) {
        throw new BadOption("cannot read " + file);
      }
    }
  }

  @Override
  public WebConfig config(Node node) {
    return new WebConfig(
      httpPort,
      node.serviceTimeout(),
      requestTimeout,
      readCache,
      corsOrigins == null ? List.of() : corsOrigins.stream().map(String::trim).filter(origin -> !origin.isEmpty()).toList(),
      ratePerSecond > 0 ? new WebConfig.RateLimit(ratePerSecond, rateBurst) : null,
      tlsCert != null ? new WebConfig.Tls(tlsCert.toString(), tlsKey.toString()) : null,
      jwt.authConfig(node.dataDir()),
      bridgePort,
      bridgeHost.trim(),
      bridgeIdleTimeout,
      WebConfig.Feeds.DEFAULTS,
      idleTimeout,
      headerTimeout,
      trustedProxies());
  }

  private List<String> trustedProxies() {
    return trustedProxies == null ? List.of()
      : trustedProxies.stream().map(String::trim).filter(proxy -> !proxy.isEmpty()).toList();
  }

  @Override
  public int instances() {
    return webInstances == 0 ? Runtime.getRuntime().availableProcessors() : webInstances;
  }

  @Override
  public String describe() {
    String listening = "listening on " + (tlsCert != null ? "https" : "http") + "://localhost:" + httpPort
      + " (the storefront at /, the API at /api/v1/products)";
    return bridgePort == null ? listening : listening + "; event bus bridge on " + (tlsCert != null ? "tls" : "tcp") + "://"
      + (bridgeHost.equals(WebConfig.DEFAULT_BRIDGE_HOST) ? "localhost" : bridgeHost) + ":" + bridgePort;
  }

  @Override
  public Optional<String> explain(Throwable failure) {
    if (failure instanceof BridgeVerticle.BridgeUnavailable || failure instanceof TokenVerifier.KeysUnavailable) {
      return Optional.of(failure.getMessage());
    }
    return Optional.of("cannot serve HTTP on port " + httpPort + " (" + Shop.firstLine(failure.getMessage()) + ")");
  }
}
