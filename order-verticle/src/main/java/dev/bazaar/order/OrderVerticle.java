package dev.bazaar.order;

import dev.bazaar.contracts.catalog.CatalogService;
import dev.bazaar.contracts.order.Order;
import dev.bazaar.contracts.order.OrderService;
import dev.bazaar.contracts.order.OrderStatus;
import dev.bazaar.contracts.payment.PaymentService;
import dev.bazaar.contracts.shipping.ShippingService;
import dev.bazaar.order.OrderRepository.Stalled;
import dev.bazaar.platform.Database;
import dev.bazaar.platform.Downstream;
import dev.bazaar.platform.EventConsumer;
import dev.bazaar.platform.Outbox;
import dev.bazaar.platform.OutboxRelay;
import dev.bazaar.platform.ServiceBinding;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.sqlclient.Pool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * The order service on the bus: migrates schema {@code orders}, opens its pool, binds {@link OrderService}, relays its
 * outbox, follows shipping's events, and finishes, on start and then periodically, the sagas another instance left
 * midway when it stopped or died.
 */
public class OrderVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(OrderVerticle.class);
  private static final String SCHEMA = "orders";
  private static final int RECOVERY_BATCH = 20;

  private final SagaFaults faults;
  private Pool pool;
  private ServiceBinding binding;
  private OutboxRelay relay;
  private EventConsumer parcels;
  private long recoveryTimer;
  private long renewalTimer;

  public OrderVerticle() {
    this(SagaFaults.NONE);
  }

  /** For tests that stop orders between the saga's steps. */
  public OrderVerticle(SagaFaults faults) {
    this.faults = faults;
  }

  @Override
  public Future<?> start() {
    OrderConfig config = OrderConfig.from(config());
    Outbox outbox = new Outbox(SCHEMA, OrderService.NAME);
    CatalogService catalog = Downstream.proxy(vertx, CatalogService.class, CatalogService.NAME,
      CatalogService::createProxy, config.serviceTimeout(), config.callAttempts());
    PaymentService payments = Downstream.proxy(vertx, PaymentService.class, PaymentService.NAME,
      PaymentService::createProxy, config.serviceTimeout(), config.callAttempts());
    ShippingService shipping = Downstream.proxy(vertx, ShippingService.class, ShippingService.NAME,
      ShippingService::createProxy, config.serviceTimeout(), config.callAttempts());
    return Database.open(vertx, config.database(), SCHEMA)
      .compose(opened -> {
        pool = opened;
        String instance = UUID.randomUUID().toString();
        // The name this instance leases sagas under (lease_owner), to tell from the table which sagas a node held.
        LOG.info("Order instance {} is starting", instance);
        OrderRepository orders = new OrderRepository(pool, outbox, instance, config.lease());
        OrderPrices prices = new OrderPrices(config.currency());
        LiveLeases live = new LiveLeases();
        CheckoutSaga saga = new CheckoutSaga(orders, catalog, payments, shipping, prices, faults, live, Clock.systemUTC());
        AfterSales afterSales = new AfterSales(orders, catalog, payments, shipping);
        OrderService service = new OrderServiceImpl(orders, saga, afterSales, catalog, payments, shipping, prices);
        return ServiceBinding.bind(vertx, OrderService.ADDRESS, OrderService.class, service)
          .onSuccess(bound -> binding = bound)
          .compose(bound -> EventConsumer.start(vertx, pool, SCHEMA, ShippingService.NAME, shipping::events,
            new ParcelTracking(orders)::apply, config.outbox().poll()))
          .onSuccess(consumer -> {
            parcels = consumer;
            relay = OutboxRelay.start(vertx, pool, config.database(), outbox, SCHEMA, OrderService.NAME, config.outbox());
            Recovery recovery = new Recovery(orders, saga, afterSales, live);
            recovery.run();
            recoveryTimer = vertx.setPeriodic(config.recovery().toMillis(), tick -> recovery.run());
            // Three renewals per lease: a saga stays with this instance while it runs, however slow one step is.
            renewalTimer = vertx.setPeriodic(Math.max(1, config.lease().toMillis() / 3), tick -> orders.renew(live.all())
              .onFailure(failure -> LOG.warn("Could not renew the leases of running orders: {}", failure.getMessage())));
            vertx.setPeriodic(Duration.ofMinutes(10).toMillis(), tick -> orders.forgetKeys(config.keyRetention()));
          });
      });
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(recoveryTimer); // a leaving instance takes on no more sagas; those it holds are finished or expire
    vertx.cancelTimer(renewalTimer);
    return ServiceBinding.close(binding)
      .eventually(() -> parcels == null ? Future.succeededFuture() : parcels.close())
      .eventually(() -> Database.close(relay, pool));
  }

  /** Finds the sagas whose lease ran out and drives each to an end, one after the other. */
  private record Recovery(OrderRepository orders, CheckoutSaga saga, AfterSales afterSales, LiveLeases live) {

    void run() {
      orders.takeOverStalled(RECOVERY_BATCH, live::drives)
        // The batch is finished one order after the other: those still waiting their turn keep their leases, or the
        // next sweep would take them over again and drive them a second time.
        .onSuccess(taken -> taken.forEach(stalled -> live.keep(stalled.lease())))
        .compose(this::finishEach)
        .onFailure(failure -> LOG.warn("Could not look for interrupted orders: {}", failure.getMessage()));
    }

    private Future<Void> finishEach(List<Stalled> taken) {
      Future<Void> chain = Future.succeededFuture();
      for (Stalled stalled : taken) {
        UUID id = stalled.lease().orderId();
        chain = chain.compose(previous -> orders.find(id).compose(order -> finish(order, stalled))
          .onSuccess(order -> LOG.info("Finished interrupted order {}: {}", id, order.getStatus()))
          .onFailure(failure -> LOG.info("Finished interrupted order {}: {}", id, failure.getMessage()))
          .onComplete(done -> live.drop(stalled.lease()))
          .<Void>mapEmpty().otherwiseEmpty());
      }
      return chain;
    }

    private Future<Order> finish(Order order, Stalled stalled) {
      return order.getStatus() == OrderStatus.CANCELLING ? afterSales.finishCancelling(order) : saga.resume(order, stalled);
    }
  }
}
