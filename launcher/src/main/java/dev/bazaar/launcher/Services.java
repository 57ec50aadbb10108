package dev.bazaar.launcher;

import dev.bazaar.catalog.CatalogVerticle;
import dev.bazaar.contracts.catalog.CatalogService;
import dev.bazaar.contracts.notification.NotificationService;
import dev.bazaar.contracts.order.OrderService;
import dev.bazaar.contracts.payment.PaymentService;
import dev.bazaar.contracts.shipping.ShippingService;
import dev.bazaar.notification.NotificationVerticle;
import dev.bazaar.order.OrderVerticle;
import dev.bazaar.payment.PaymentVerticle;
import dev.bazaar.shipping.ShippingVerticle;
import dev.bazaar.web.WebVerticle;

import java.util.Iterator;
import java.util.List;

/**
 * Every service this jar can run, in the order they start: the web verticle last, once it has something to call.
 * Adding a service is one entry here, with its options class; nothing else in the launcher knows services by name.
 */
final class Services implements Iterable<String> {

  private static final boolean NEEDS_DATABASE = true;

  /** A fresh list each time: each entry's options object holds what one command line said. */
  static List<ServiceEntry> all() {
    return List.of(
      new ServiceEntry(CatalogService.NAME, CatalogVerticle::new, NEEDS_DATABASE, new CatalogOptions()),
      new ServiceEntry(PaymentService.NAME, PaymentVerticle::new, NEEDS_DATABASE, new PaymentOptions()),
      new ServiceEntry(ShippingService.NAME, ShippingVerticle::new, NEEDS_DATABASE, new ShippingOptions()),
      new ServiceEntry(OrderService.NAME, OrderVerticle::new, NEEDS_DATABASE, new OrderOptions()),
      new ServiceEntry(NotificationService.NAME, NotificationVerticle::new, NEEDS_DATABASE, new NotificationOptions()),
      new ServiceEntry("web", WebVerticle::new, !NEEDS_DATABASE, new WebOptions()));
  }

  static String names() {
    return String.join(", ", new Services());
  }

  /** The names, for picocli's ${COMPLETION-CANDIDATES} in the help of --services. */
  @Override
  public Iterator<String> iterator() {
    return all().stream().map(ServiceEntry::name).iterator();
  }
}
