package dev.bazaar.launcher;

import dev.bazaar.devkit.EmbeddedPostgresServer;
import dev.bazaar.platform.DatabaseConfig;
import com.hazelcast.partition.NoDataMemberInClusterException;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgConnection;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * One running shop process: PostgreSQL (embedded unless a URI was given), one Vert.x (clustered when asked), and the
 * chosen services on it. Closing it is a graceful leave: the services stop in the reverse order of their start, the web
 * verticle first, each taking no new work and finishing what it took, within the shutdown grace altogether; then
 * Vert.x closes, which leaves the cluster, and the embedded database stops.
 */
final class Shop implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Shop.class);
  /** How long a lite member waits at start for a member that holds data to join the cluster. */
  private static final Duration DATA_MEMBER_WAIT = Duration.ofSeconds(60);

  private final ShopSettings settings;
  private final EmbeddedPostgresServer embeddedPostgres;
  private final Vertx vertx;
  private final Deque<Deployment> deployments = new ArrayDeque<>();
  private Node node;
  private boolean closed;

  private Shop(ShopSettings settings, EmbeddedPostgresServer embeddedPostgres, Vertx vertx) {
    this.settings = settings;
    this.embeddedPostgres = embeddedPostgres;
    this.vertx = vertx;
  }

  static Shop start(ShopSettings settings) {
    boolean embedded = settings.needsDatabase() && settings.pgUri() == null;
    EmbeddedPostgresServer postgres = embedded ? EmbeddedPostgresServer.start(settings.embeddedPgDirectory()) : null;
    Shop shop;
    try {
      shop = new Shop(settings, postgres, vertx(settings.cluster()));
    } catch (RuntimeException failure) {
      if (postgres != null) {
        postgres.close();
      }
      throw failure;
    }
    try {
      shop.deployServices();
      return shop;
    } catch (Exception failure) { // await() rethrows causes as they are, checked ones too
      shop.close();
      throw failure;
    }
  }

  /** A Vert.x on its own, or joined to the cluster; a lite member waits for a member that holds data. */
  static Vertx vertx(ClusterSettings cluster) {
    if (cluster == null) {
      return Vertx.vertx();
    }
    long deadline = System.nanoTime() + DATA_MEMBER_WAIT.toNanos();
    while (true) {
      try {
        return Vertx.builder()
          .with(new VertxOptions().setEventBusOptions(cluster.eventBus()))
          .withClusterManager(new HazelcastClusterManager(cluster.hazelcast()))
          .buildClustered()
          .await();
      } catch (NoDataMemberInClusterException alone) {
        // A lite member cannot keep the event bus's subscriptions: it needs a member that holds data.
        if (System.nanoTime() > deadline) {
          throw new StartupException("could not join " + cluster.describe() + ": no member that holds data (one "
            + "started without --cluster-lite) joined within " + DATA_MEMBER_WAIT.toSeconds() + " s");
        }
        LOG.info("Waiting for a cluster member that holds data to join");
        sleep(Duration.ofSeconds(1));
      } catch (Exception failure) { // await() rethrows the cause as it is
        throw new StartupException("could not join " + cluster.describe() + ": " + firstLine(failure.getMessage()));
      }
    }
  }

  /** On the main thread, while the node starts: nothing else runs on it. */
  private static void sleep(Duration pause) {
    try {
      Thread.sleep(pause.toMillis());
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      throw new StartupException("interrupted while joining the cluster");
    }
  }

  private void deployServices() {
    DatabaseConfig database = settings.needsDatabase() ? databaseConfig() : null;
    if (database != null) {
      checkReachable(database);
    }
    node = new Node(database, settings.dataDir(), settings.serviceTimeout(), settings.outbox(), settings.currency());
    for (ServiceEntry service : settings.services()) {
      deployments.push(new Deployment(service.name(), deploy(service, node).await()));
    }
  }

  private record Deployment(String service, String id) {
  }

  /** Stops one service on this node as an outage would, for tests of what the rest of the shop does meanwhile. */
  synchronized void stopService(String name) {
    Deployment deployment = deployments.stream().filter(d -> d.service().equals(name)).findFirst().orElseThrow();
    vertx.undeploy(deployment.id()).await();
    deployments.remove(deployment);
  }

  /** Starts a service that {@link #stopService} stopped, as it was started the first time. */
  synchronized void startService(String name) {
    ServiceEntry service = settings.services().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
    deployments.push(new Deployment(name, deploy(service, node).await()));
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
    String cluster = settings.cluster() == null ? "" : "; in " + settings.cluster().describe();
    return "Bazaar is running: " + services + "; " + database + cluster + (details.isEmpty() ? "" : "; " + details) + ".";
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      leaveGracefully();
      vertx.close().await();
    } finally {
      if (embeddedPostgres != null) {
        embeddedPostgres.close();
      }
    }
  }

  /**
   * Undeploys the services, the last started first, so the web verticle stops taking requests before the services
   * those requests need go. Each finishes what it took (a request, a saga step) before it stops; whatever is still
   * running when the grace is over is cut off, and its work is taken over by the other instances: a saga through its
   * lease, the outbox relay through its lock.
   */
  private void leaveGracefully() {
    long deadline = System.nanoTime() + settings.shutdownGrace().toNanos();
    while (!deployments.isEmpty()) {
      Deployment deployment = deployments.pop();
      long left = Math.max(0, deadline - System.nanoTime());
      try {
        vertx.undeploy(deployment.id()).timeout(left, TimeUnit.NANOSECONDS).await();
      } catch (Exception unfinished) { // await() rethrows the cause as it is
        LOG.warn("{} did not finish its work within the shutdown grace ({}); stopping it anyway",
          deployment.service(), firstLine(unfinished.getMessage()));
      }
    }
  }

  static String firstLine(String message) {
    return message == null ? "no details" : message.lines().findFirst().orElse(message);
  }
}
