package dev.bazaar.platform;

import dev.bazaar.contracts.ErrorCode;
import io.vertx.serviceproxy.ServiceException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** One rule for order ids in every service: 1 to 100 characters, none of them control characters. */
class OrderIdsTest {

  @Test
  void anOrdinaryIdPassesAsItIs() {
    assertThat(OrderIds.check("order-42").result()).isEqualTo("order-42");
    assertThat(OrderIds.check("x".repeat(100)).succeeded()).isTrue();
    assertThat(OrderIds.check("Bestellung Nr. 7 – Größe M").succeeded()).as("any printable text").isTrue();
  }

  @Test
  void blankLongOrControlledIdsAreInvalidInput() {
    for (String bad : new String[] {null, "", "   ", "x".repeat(101), "a\u0000b", "line\nbreak", "bell\u0007"}) {
      Throwable refused = OrderIds.check(bad).cause();
      assertThat(refused).as("%s", bad).isInstanceOf(ServiceException.class);
      assertThat(((ServiceException) refused).failureCode()).isEqualTo(ErrorCode.INVALID_INPUT.code());
      assertThat(refused).hasMessageContaining("orderId must be 1 to 100 characters");
    }
  }
}
