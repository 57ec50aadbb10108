package dev.bazaar.shipping;

import dev.bazaar.contracts.shipping.ShippingService;
import dev.bazaar.platform.Database;
import dev.bazaar.platform.Outbox;
import dev.bazaar.platform.OutboxRelay;
import dev.bazaar.platform.ServiceBinding;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.sqlclient.Pool;

/**
 * The shipping service on the bus: migrates schema {@code shipping} (rates, shipments, their moves), opens its pool,
 * reads the rate table, binds {@link ShippingService}, relays its outbox and starts the carrier, which picks up every parcel that was on
 * its way when the service last stopped.
 */
public class ShippingVerticle extends VerticleBase {

  private static final String SCHEMA = "shipping";

  private Pool pool;
  private ServiceBinding binding;
  private OutboxRelay relay;

  @Override
  public Future<?> start() {
    ShippingConfig config = ShippingConfig.from(config());
    Outbox outbox = new Outbox(SCHEMA, ShippingService.NAME);
    return Database.open(vertx, config.database(), SCHEMA)
      .compose(opened -> {
        pool = opened;
        ShippingRepository repository = new ShippingRepository(pool, outbox);
        SimulatedCarrier carrier = new SimulatedCarrier(repository, config);
        return repository.rates()
          .map(rates -> new ShippingServiceImpl(repository, carrier, rates, config.homeCountry(), config.currency()))
          .compose(service -> ServiceBinding.bind(vertx, ShippingService.ADDRESS, ShippingService.class, service))
          .onSuccess(bound -> {
            binding = bound;
            relay = OutboxRelay.start(vertx, pool, config.database(), outbox, SCHEMA, ShippingService.NAME, config.outbox());
            carrier.start(vertx);
          });
      });
  }

  @Override
  public Future<?> stop() {
    return ServiceBinding.close(binding).eventually(() -> Database.close(relay, pool));
  }
}
