package dev.bazaar.payment;

import dev.bazaar.contracts.payment.PaymentService;
import dev.bazaar.platform.Database;
import dev.bazaar.platform.Outbox;
import dev.bazaar.platform.OutboxRelay;
import dev.bazaar.platform.ServiceBinding;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.sqlclient.Pool;

import java.time.Clock;

/**
 * The payment service on the bus: migrates schema {@code payment}, opens its pool, binds {@link PaymentService} over
 * the simulated gateway, and relays its outbox.
 */
public class PaymentVerticle extends VerticleBase {

  private static final String SCHEMA = "payment";

  private final Clock clock;
  private Pool pool;
  private ServiceBinding binding;
  private OutboxRelay relay;

  public PaymentVerticle() {
    this(Clock.systemUTC());
  }

  /** With a clock of the test's, which times the declines and their cool-downs. */
  PaymentVerticle(Clock clock) {
    this.clock = clock;
  }

  @Override
  public Future<?> start() {
    PaymentConfig config = PaymentConfig.from(config());
    Outbox outbox = new Outbox(SCHEMA, PaymentService.NAME);
    PaymentGateway gateway = new SimulatedGateway(vertx, config.gatewayLatency());
    return Database.open(vertx, config.database(), SCHEMA)
      .compose(opened -> {
        pool = opened;
        PaymentService service = new PaymentServiceImpl(new PaymentRepository(pool, outbox), gateway,
          config.declineLimit(), clock, config.currency());
        return ServiceBinding.bind(vertx, PaymentService.ADDRESS, PaymentService.class, service);
      })
      .onSuccess(bound -> {
        binding = bound;
        relay = OutboxRelay.start(vertx, pool, config.database(), outbox, SCHEMA, PaymentService.NAME, config.outbox());
      });
  }

  @Override
  public Future<?> stop() {
    return ServiceBinding.close(binding).eventually(() -> Database.close(relay, pool));
  }
}
