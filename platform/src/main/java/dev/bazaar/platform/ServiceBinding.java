package dev.bazaar.platform;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.serviceproxy.ServiceBinder;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A service implementation on the event bus behind its proxy address, counting the calls it is answering, so that it
 * can leave gracefully: {@link #close()} first unregisters, so that the bus sends new calls to other instances, and
 * then waits until every call already taken has been answered.
 */
public final class ServiceBinding {

  private final MessageConsumer<JsonObject> consumer;
  private final InFlight inFlight;

  private ServiceBinding(MessageConsumer<JsonObject> consumer, InFlight inFlight) {
    this.consumer = consumer;
    this.inFlight = inFlight;
  }

  /** Completes once the handler is registered (cluster-wide when clustered), so callers may announce the service. */
  public static <T> Future<ServiceBinding> bind(Vertx vertx, String address, Class<T> type, T service) {
    InFlight inFlight = new InFlight(service);
    T counted = type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, inFlight));
    MessageConsumer<JsonObject> consumer = new ServiceBinder(vertx).setAddress(address).register(type, counted);
    return consumer.completion().map(registered -> new ServiceBinding(consumer, inFlight));
  }

  /** Stops taking calls, then completes when the calls taken are answered. A verticle's stop bounds the wait. */
  public Future<Void> close() {
    return consumer.unregister().compose(unregistered -> inFlight.drained());
  }

  /** A binding that may be null, because its verticle failed to start before binding. */
  public static Future<Void> close(ServiceBinding binding) {
    return binding == null ? Future.succeededFuture() : binding.close();
  }

  public boolean isRegistered() {
    return consumer.isRegistered();
  }

  /** How many calls are being answered now. */
  public int inFlight() {
    return inFlight.count.get();
  }

  /** Counts each call from when it is taken until its answer's future completes. */
  private static final class InFlight implements InvocationHandler {

    private final Object service;
    private final AtomicInteger count = new AtomicInteger();
    private final Promise<Void> idle = Promise.promise();
    private volatile boolean draining;

    InFlight(Object service) {
      this.service = service;
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
      if (method.getReturnType() != Future.class) {
        return Invocation.passOn(service, method, args);
      }
      count.incrementAndGet();
      try {
        return ((Future<?>) Invocation.passOn(service, method, args)).andThen(answered -> leave());
      } catch (Throwable thrown) {
        leave();
        throw thrown;
      }
    }

    private void leave() {
      if (count.decrementAndGet() == 0 && draining) {
        idle.tryComplete();
      }
    }

    Future<Void> drained() {
      draining = true;
      if (count.get() == 0) {
        idle.tryComplete();
      }
      return idle.future();
    }
  }
}
