package dev.bazaar.notification;

import dev.bazaar.contracts.notification.NotificationService;
import dev.bazaar.contracts.order.OrderService;
import dev.bazaar.contracts.payment.PaymentService;
import dev.bazaar.contracts.shipping.ShippingService;
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

import java.util.ArrayList;
import java.util.List;

/**
 * The notification service on the bus: migrates schema {@code notification}, loads the templates, opens its pool,
 * binds {@link NotificationService}, relays its outbox (every customer's feed), follows the order, payment and
 * shipping events from where it last stopped, and sends the emails that are due.
 *
 * <p>Nothing waits on it: no checkout calls it. When it is down, the producers' event logs keep what it has not
 * read, and it catches up when it returns.
 */
public class NotificationVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(NotificationVerticle.class);
  private static final String SCHEMA = "notification";

  private Pool pool;
  private ServiceBinding binding;
  private OutboxRelay relay;
  private Deliveries deliveries;
  private final List<EventConsumer> consumers = new ArrayList<>();

  @Override
  public Future<?> start() {
    NotificationConfig config = NotificationConfig.from(config());
    Outbox outbox = new Outbox(SCHEMA, NotificationService.NAME);
    OrderService orders = Downstream.proxy(vertx, OrderService.class, OrderService.NAME, OrderService::createProxy,
      config.serviceTimeout(), config.callAttempts());
    PaymentService payments = Downstream.proxy(vertx, PaymentService.class, PaymentService.NAME,
      PaymentService::createProxy, config.serviceTimeout(), config.callAttempts());
    ShippingService shipping = Downstream.proxy(vertx, ShippingService.class, ShippingService.NAME,
      ShippingService::createProxy, config.serviceTimeout(), config.callAttempts());
    return vertx.executeBlocking(Templates::load)
      .compose(templates -> Database.open(vertx, config.database(), SCHEMA).compose(opened -> {
        pool = opened;
        NotificationRepository repository = new NotificationRepository(pool, outbox);
        Notifier notifier = new Notifier(repository, templates, config.smtp() != null);
        return ServiceBinding.bind(vertx, NotificationService.ADDRESS, NotificationService.class,
            new NotificationServiceImpl(repository))
          .onSuccess(bound -> {
            binding = bound;
            relay = OutboxRelay.start(vertx, pool, config.database(), outbox, SCHEMA, NotificationService.NAME, config.outbox());
          })
          .compose(bound -> follow(OrderService.NAME, orders::events, notifier::orderEvent, config))
          .compose(followed -> follow(PaymentService.NAME, payments::events, notifier::orderPartEvent, config))
          .compose(followed -> follow(ShippingService.NAME, shipping::events, notifier::orderPartEvent, config))
          .onSuccess(followed -> {
            if (config.smtp() == null) {
              LOG.info("No mail server is configured (--smtp-uri): notifications are stored and listed, not emailed.");
            } else {
              deliveries = new Deliveries(vertx, repository, new Mailer(vertx, config.smtp(), config.sender(), config.sendLease()), config);
              deliveries.start();
            }
          });
      }));
  }

  private Future<Void> follow(String producer, EventConsumer.Log log, EventConsumer.Effect effect, NotificationConfig config) {
    return EventConsumer.start(vertx, pool, SCHEMA, producer, log, effect, config.outbox().poll())
      .onSuccess(consumers::add)
      .mapEmpty();
  }

  @Override
  public Future<?> stop() {
    return ServiceBinding.close(binding)
      .eventually(() -> Future.join(consumers.stream().map(EventConsumer::close).toList()))
      .eventually(() -> Deliveries.close(deliveries))
      .eventually(() -> Database.close(relay, pool));
  }
}
