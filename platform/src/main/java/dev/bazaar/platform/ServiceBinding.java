package dev.bazaar.platform;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.serviceproxy.ServiceBinder;

/** Puts a service implementation on the event bus behind its proxy address. */
public final class ServiceBinding {

  private ServiceBinding() {
  }

  /** Completes once the handler is registered (cluster-wide when clustered), so callers may announce the service. */
  public static <T> Future<MessageConsumer<JsonObject>> bind(Vertx vertx, String address, Class<T> type, T service) {
    MessageConsumer<JsonObject> consumer = new ServiceBinder(vertx).setAddress(address).register(type, service);
    return consumer.completion().map(consumer);
  }
}
