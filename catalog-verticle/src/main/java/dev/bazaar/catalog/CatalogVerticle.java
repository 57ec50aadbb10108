package dev.bazaar.catalog;

import dev.bazaar.contracts.Event;
import dev.bazaar.contracts.catalog.CatalogService;
import dev.bazaar.contracts.order.OrderEvents;
import dev.bazaar.contracts.order.OrderService;
import dev.bazaar.platform.Database;
import dev.bazaar.platform.Downstream;
import dev.bazaar.platform.EventConsumer;
import dev.bazaar.platform.Outbox;
import dev.bazaar.platform.OutboxRelay;
import dev.bazaar.platform.ServiceBinding;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;

/**
 * The catalog service on the bus: migrates schema {@code catalog}, opens its pool, seeds the demo catalog into an empty
 * shop when asked to, takes off sale what is priced in another currency than the shop sells in, binds
 * {@link CatalogService}, follows the order service's events to settle the stock of confirmed orders, relays its outbox
 * and keeps returning the stock of expired reservations.
 */
public class CatalogVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(CatalogVerticle.class);
  private static final String SCHEMA = "catalog";
  private static final String DEMO_CATALOG = "catalog/demo-catalog.json";
  private static final Duration ORDER_LOG_TIMEOUT = Duration.ofSeconds(5);

  private Pool pool;
  private ServiceBinding binding;
  private OutboxRelay relay;
  private EventConsumer confirmedOrders;

  @Override
  public Future<?> start() {
    CatalogConfig config = CatalogConfig.from(config());
    Outbox outbox = new Outbox(SCHEMA, CatalogService.NAME);
    OrderService orderLog = Downstream.logReader(vertx, OrderService.class, OrderService.NAME,
      OrderService::createProxy, ORDER_LOG_TIMEOUT);
    return Database.open(vertx, config.database(), SCHEMA)
      .compose(opened -> {
        pool = opened;
        CatalogRepository repository = new CatalogRepository(pool, outbox);
        CatalogServiceImpl service = new CatalogServiceImpl(vertx, repository, config.reservationTtl(), config.currency());
        return (config.seedDemoData() ? seed(repository, config.currency()) : Future.succeededFuture())
          .compose(seeded -> takeOffSaleUnlessPricedIn(repository, config.currency()))
          .compose(offSale -> ServiceBinding.bind(vertx, CatalogService.ADDRESS, CatalogService.class, service))
          .onSuccess(bound -> binding = bound)
          // The order service may not be up yet: the consumer then catches up with its log later.
          .compose(bound -> EventConsumer.start(vertx, pool, SCHEMA, OrderService.NAME, orderLog::events,
            (tx, event) -> settleConfirmed(service, event), config.outbox().poll()))
          .onSuccess(consumer -> {
            confirmedOrders = consumer;
            relay = OutboxRelay.start(vertx, pool, config.database(), outbox, SCHEMA, CatalogService.NAME, config.outbox());
            sweepExpiredReservations(service, config);
          });
      });
  }

  @Override
  public Future<?> stop() {
    return ServiceBinding.close(binding)
      .eventually(() -> confirmedOrders == null ? Future.succeededFuture() : confirmedOrders.close())
      .eventually(() -> Database.close(relay, pool));
  }

  /**
   * A confirmed order's stock is settled even when the order service died between confirming the order and
   * committing its reservation. The commit runs in a transaction of its own (it is idempotent, so applying it again
   * after a crash changes nothing): inside the consumer's, it would lock stock rows of one order after another and
   * could deadlock with the grouped commits.
   */
  private static Future<Void> settleConfirmed(CatalogServiceImpl service, Event event) {
    return OrderEvents.CONFIRMED.equals(event.getType())
      ? service.settleConfirmed(event.getAggregateId())
      : Future.succeededFuture();
  }

  private Future<Void> seed(CatalogRepository repository, String currency) {
    return vertx.fileSystem().readFile(DEMO_CATALOG)
      .map(file -> new JsonArray(file).stream().map(item -> DemoProduct.fromJson((JsonObject) item, currency)).toList())
      .compose(repository::seedIfEmpty)
      .onSuccess(count -> {
        if (count > 0) {
          LOG.info("Seeded the empty catalog with {} demo products", count);
        }
      })
      .mapEmpty();
  }

  /**
   * Products priced in another currency (created before the shop sold in one currency, or before it changed its
   * currency) cannot be sold, so they go off sale, announced like any deactivation. The currency is configuration and
   * may change between starts, so this runs on every start rather than once as a migration; it logs only when it took
   * something off sale.
   */
  private static Future<Void> takeOffSaleUnlessPricedIn(CatalogRepository repository, String currency) {
    return repository.takeOffSaleUnlessPricedIn(currency)
      .onSuccess(count -> {
        if (count > 0) {
          LOG.info("Took {} products off sale: they are not priced in {}, the currency the shop sells in", count, currency);
        }
      })
      .mapEmpty();
  }

  /** Timers of a verticle die with it, so an undeployed catalog stops sweeping on its own. */
  private void sweepExpiredReservations(CatalogServiceImpl service, CatalogConfig config) {
    vertx.setPeriodic(config.expirySweep().toMillis(), tick -> service.expireDueReservations()
      .onSuccess(count -> {
        if (count > 0) {
          LOG.info("Returned the stock of {} expired reservations", count);
        }
      })
      .onFailure(failure -> LOG.warn("Could not expire reservations: {}", failure.getMessage())));
  }
}
