package dev.bazaar.platform;

import dev.bazaar.contracts.ErrorCode;
import dev.bazaar.contracts.shipping.ShippingService;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.serviceproxy.ServiceException;
import io.vertx.serviceproxy.ServiceProxyBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.reflect.Proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** A bound service answers on its address as soon as binding completes, its refusals included. */
@ExtendWith(VertxExtension.class)
class ServiceBindingTest {

  @Test
  void aBoundServiceAnswersOnItsAddressOnceBindingCompletes(Vertx vertx) {
    // A shipping service that is up and knows no country.
    ShippingService service = (ShippingService) Proxy.newProxyInstance(ShippingService.class.getClassLoader(),
      new Class<?>[] {ShippingService.class}, (proxy, method, args) -> method.getName().equals("ping")
        ? Future.succeededFuture()
        : ErrorCode.INVALID_INPUT.fail("There is no country XX."));

    MessageConsumer<JsonObject> binding = ServiceBinding.bind(vertx, "test.shipping", ShippingService.class, service)
      .await();
    try {
      assertThat(binding.isRegistered()).isTrue();
      assertThat(binding.address()).isEqualTo("test.shipping");
      ShippingService client = new ServiceProxyBuilder(vertx).setAddress("test.shipping").build(ShippingService.class);

      client.ping().await();
      Throwable refused = catchThrowable(() -> client.quote("XX", 1000).await());

      assertThat(refused).isInstanceOf(ServiceException.class).hasMessage("There is no country XX.");
      assertThat(((ServiceException) refused).failureCode()).isEqualTo(ErrorCode.INVALID_INPUT.code());
    } finally {
      binding.unregister().await();
    }
  }
}
