package dev.bazaar.payment;

import dev.bazaar.contracts.order.OrderService;
import dev.bazaar.contracts.payment.PaymentService;
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

/**
 * The payment service on the bus: migrates schema {@code payment}, opens its pool, binds {@link PaymentService} over
 * the simulated gateway, relays its outbox, and follows the order service's events to capture every confirmed
 * order's payment (see {@link ConfirmedOrders}).
 */
public class PaymentVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(PaymentVerticle.class);
  private static final String SCHEMA = "payment";
  /**
   * How long after its order's confirmation a payment is left to the saga's own capture, which is awaited right
   * after the confirmation: it normally lands within milliseconds. Past that, the order's instance most likely died
   * between confirming and capturing. Capturing here as well is harmless, since a capture is idempotent at the issuer
   * and in the table; it is only an issuer call spent twice.
   */
  static final Duration CAPTURE_GRACE = Duration.ofSeconds(5);
  /** How long a read of the order service's log may take; a failed one is made again by the consumer's own timer. */
  private static final Duration LOG_READ_TIMEOUT = Duration.ofSeconds(5);

  private final Clock clock;
  private final Duration captureGrace;
  private Pool pool;
  private ServiceBinding binding;
  private OutboxRelay relay;
  private EventConsumer orders;
  private long sweepTimer;

  public PaymentVerticle() {
    this(Clock.systemUTC());
  }

  /** With a clock of the test's, which times the declines and their cool-downs. */
  PaymentVerticle(Clock clock) {
    this(clock, CAPTURE_GRACE);
  }

  /** As above, capturing confirmed orders' payments that are still AUTHORIZED {@code captureGrace} after. */
  PaymentVerticle(Clock clock, Duration captureGrace) {
    this.clock = clock;
    this.captureGrace = captureGrace;
  }

  @Override
  public Future<?> start() {
    PaymentConfig config = PaymentConfig.from(config());
    Outbox outbox = new Outbox(SCHEMA, PaymentService.NAME);
    PaymentGateway gateway = new SimulatedGateway(vertx, config.gatewayLatency());
    OrderService orderLog = Downstream.logReader(vertx, OrderService.class, OrderService.NAME,
      OrderService::createProxy, LOG_READ_TIMEOUT);
    return Database.open(vertx, config.database(), SCHEMA)
      .compose(opened -> {
        pool = opened;
        PaymentRepository repository = new PaymentRepository(pool, outbox);
        PaymentService service = new PaymentServiceImpl(repository, gateway, config.declineLimit(), clock,
          config.currency());
        ConfirmedOrders confirmed = new ConfirmedOrders(repository, service, captureGrace);
        return ServiceBinding.bind(vertx, PaymentService.ADDRESS, PaymentService.class, service)
          .onSuccess(bound -> binding = bound)
          // Starts whether or not the order service is up: its events are caught up with once it is.
          .compose(bound -> EventConsumer.start(vertx, pool, SCHEMA, OrderService.NAME, orderLog::events,
            confirmed::apply, config.outbox().poll()))
          .onSuccess(consumer -> {
            orders = consumer;
            relay = OutboxRelay.start(vertx, pool, config.database(), outbox, SCHEMA, PaymentService.NAME, config.outbox());
            sweepLater(confirmed, config.outbox().poll());
          });
      });
  }

  /** The next sweep is timed from the end of the last, so that two never capture the same payments at once. */
  private void sweepLater(ConfirmedOrders confirmed, Duration every) {
    sweepTimer = vertx.setTimer(every.toMillis(), tick -> confirmed.captureOverdue()
      .onFailure(failure -> LOG.warn("Could not look for confirmed orders' payments to capture: {}", failure.getMessage()))
      .onComplete(swept -> sweepLater(confirmed, every)));
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(sweepTimer);
    return ServiceBinding.close(binding)
      .eventually(() -> orders == null ? Future.succeededFuture() : orders.close())
      .eventually(() -> Database.close(relay, pool));
  }
}
