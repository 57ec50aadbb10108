package dev.bazaar.launcher;

import dev.bazaar.devkit.EmbeddedPostgresServer;
import dev.bazaar.platform.DatabaseConfig;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgConnection;
import sun.misc.Signal;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * One running shop process: PostgreSQL (embedded unless a URI was given), one Vert.x, and the chosen services on it.
 * Closing it undeploys every verticle, which closes their pools, then stops the embedded database.
 */
final class Shop implements AutoCloseable {

  private final ShopSettings settings;
  private final EmbeddedPostgresServer embeddedPostgres;
  private final Vertx vertx;
  private final CountDownLatch stopped = new CountDownLatch(1);
  private boolean closed;

  private Shop(ShopSettings settings, EmbeddedPostgresServer embeddedPostgres, Vertx vertx) {
    this.settings = settings;
    this.embeddedPostgres = embeddedPostgres;
    this.vertx = vertx;
  }

  static Shop start(ShopSettings settings) {
    boolean embedded = settings.needsDatabase() && settings.pgUri() == null;
    EmbeddedPostgresServer postgres = embedded ? EmbeddedPostgresServer.start(settings.embeddedPgDirectory()) : null;
    Shop shop = new Shop(settings, postgres, Vertx.vertx());
    try {
      shop.deployServices();
      return shop;
    } catch (Exception failure) { // await() rethrows causes as they are, checked ones too
      shop.close();
      throw failure;
    }
  }

  private void deployServices() {
    DatabaseConfig database = settings.needsDatabase() ? databaseConfig() : null;
    if (database != null) {
      checkReachable(database);
    }
    Node node = new Node(database, settings.dataDir(), settings.serviceTimeout(), settings.outbox());
    for (ServiceEntry service : settings.services()) {
      deploy(service, node).await();
    }
  }

  private Future<String> deploy(ServiceEntry service, Node node) {
    ServiceOptions options = service.options();
    DeploymentOptions deployment = new DeploymentOptions()
      .setInstances(options.instances())
      .setConfig(options.config(node).toJson());
    return vertx.deployVerticle(service.verticle(), deployment)
      .recover(failure -> Future.failedFuture(options.explain(failure).<Throwable>map(StartupException::new).orElse(failure)));
  }

  private DatabaseConfig databaseConfig() {
    String uri = embeddedPostgres != null ? embeddedPostgres.uri() : settings.pgUri();
    try {
      PgConnectOptions.fromUri(uri);
    } catch (RuntimeException malformed) {
      throw new StartupException("--pg-uri is not a PostgreSQL URI such as postgresql://user:password@host:5432/bazaar");
    }
    return new DatabaseConfig(uri, settings.poolSize());
  }

  private void checkReachable(DatabaseConfig database) {
    PgConnectOptions options = database.connectOptions();
    try {
      PgConnection.connect(vertx, options).timeout(10, TimeUnit.SECONDS).compose(PgConnection::close).await();
    } catch (Exception unreachable) { // await() rethrows the cause as it is, checked or not
      throw new StartupException("cannot reach PostgreSQL at " + options.getHost() + ":" + options.getPort()
        + " (" + firstLine(unreachable.getMessage()) + ")");
    }
  }

  String describe() {
    String services = settings.services().stream().map(ServiceEntry::name).collect(Collectors.joining(", "));
    String database = embeddedPostgres != null
      ? "embedded PostgreSQL, data in " + settings.embeddedPgDirectory().toAbsolutePath().normalize()
      : settings.needsDatabase() ? "PostgreSQL at " + settings.pgUri().replaceAll("//[^@/]*@", "//") : "no database";
    String details = settings.services().stream().map(service -> service.options().describe())
      .filter(detail -> !detail.isEmpty()).collect(Collectors.joining("; "));
    return "Bazaar is running: " + services + "; " + database + (details.isEmpty() ? "" : "; " + details) + ".";
  }

  /** Ctrl-C and SIGTERM stop the shop cleanly; the process then exits with 0 rather than the JVM's 130 or 143. */
  void stopOnSignal() {
    Signal.handle(new Signal("TERM"), signal -> stopped.countDown());
    Signal.handle(new Signal("INT"), signal -> stopped.countDown());
  }

  void awaitStopped() {
    try {
      stopped.await();
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      vertx.close().await();
    } finally {
      if (embeddedPostgres != null) {
        embeddedPostgres.close();
      }
    }
  }

  static String firstLine(String message) {
    return message == null ? "no details" : message.lines().findFirst().orElse(message);
  }
}
