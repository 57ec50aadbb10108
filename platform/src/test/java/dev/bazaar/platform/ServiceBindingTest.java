package dev.bazaar.platform;

import dev.bazaar.contracts.ErrorCode;
import dev.bazaar.contracts.shipping.ShippingService;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.Promise;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import dev.bazaar.contracts.shipping.ShippingQuote;
import io.vertx.junit5.VertxExtension;
import io.vertx.serviceproxy.ServiceException;
import io.vertx.serviceproxy.ServiceProxyBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.reflect.Proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** A bound service answers on its address as soon as binding completes, its refusals included, and leaves gracefully. */
@ExtendWith(VertxExtension.class)
class ServiceBindingTest {

  @Test
  void aBoundServiceAnswersOnItsAddressOnceBindingCompletes(Vertx vertx) {
    // A shipping service that is up and knows no country.
    ShippingService service = (ShippingService) Proxy.newProxyInstance(ShippingService.class.getClassLoader(),
      new Class<?>[] {ShippingService.class}, (proxy, method, args) -> method.getName().equals("ping")
        ? Future.succeededFuture()
        : ErrorCode.INVALID_INPUT.fail("There is no country XX."));

    ServiceBinding binding = ServiceBinding.bind(vertx, "test.shipping", ShippingService.class, service)
      .await();
    try {
      assertThat(binding.isRegistered()).isTrue();
      ShippingService client = new ServiceProxyBuilder(vertx).setAddress("test.shipping").build(ShippingService.class);

      client.ping().await();
      Throwable refused = catchThrowable(() -> client.quote("XX", 1000).await());

      assertThat(refused).isInstanceOf(ServiceException.class).hasMessage("There is no country XX.");
      assertThat(((ServiceException) refused).failureCode()).isEqualTo(ErrorCode.INVALID_INPUT.code());
    } finally {
      binding.close().await();
    }
  }

  @Test
  void closingTakesNoNewCallsAndWaitsForTheCallsTaken(Vertx vertx) {
    Promise<ShippingQuote> slowQuote = Promise.promise();
    ShippingService service = (ShippingService) Proxy.newProxyInstance(ShippingService.class.getClassLoader(),
      new Class<?>[] {ShippingService.class}, (proxy, method, args) -> method.getName().equals("ping")
        ? Future.succeededFuture()
        : slowQuote.future());
    ServiceBinding binding = ServiceBinding.bind(vertx, "test.leaving", ShippingService.class, service).await();
    ShippingService client = new ServiceProxyBuilder(vertx).setAddress("test.leaving").build(ShippingService.class);

    Future<ShippingQuote> taken = client.quote("DE", 1000);
    vertx.timer(100).await(); // the call has reached the service
    assertThat(binding.inFlight()).isEqualTo(1);
    Future<Void> closed = binding.close();
    vertx.timer(100).await();

    assertThat(closed.isComplete()).as("closing waits for the call taken").isFalse();
    Throwable refused = catchThrowable(() -> client.ping().await());
    assertThat(refused).isInstanceOf(ReplyException.class);
    assertThat(((ReplyException) refused).failureType()).isEqualTo(ReplyFailure.NO_HANDLERS);

    slowQuote.complete(new ShippingQuote());
    closed.await();
    assertThat(taken.await()).as("the call taken is answered").isNotNull();
    assertThat(binding.inFlight()).isZero();
    assertThat(binding.isRegistered()).isFalse();
    assertThat(ServiceBinding.close(null).succeeded()).as("a verticle that failed before binding stops too").isTrue();
  }

  @Test
  void aServiceThatThrowsInsteadOfFailingIsAnsweredAndNotCountedAsBusy(Vertx vertx) {
    ShippingService service = (ShippingService) Proxy.newProxyInstance(ShippingService.class.getClassLoader(),
      new Class<?>[] {ShippingService.class}, (proxy, method, args) -> {
        throw new IllegalStateException("a bug");
      });
    ServiceBinding binding = ServiceBinding.bind(vertx, "test.throwing", ShippingService.class, service).await();
    ShippingService client = new ServiceProxyBuilder(vertx).setAddress("test.throwing").build(ShippingService.class);

    Throwable failure = catchThrowable(() -> client.quote("DE", 1000).await());

    assertThat(failure).as("the caller gets an answer, not a timeout").isInstanceOf(ReplyException.class);
    assertThat(((ReplyException) failure).failureType()).isEqualTo(ReplyFailure.RECIPIENT_FAILURE);
    assertThat(binding.inFlight()).isZero();
    binding.close().await(); // nothing to wait for: a thrown call was answered, not left in flight
  }
}
