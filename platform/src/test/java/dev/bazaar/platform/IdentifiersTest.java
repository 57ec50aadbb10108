package dev.bazaar.platform;

import dev.bazaar.contracts.ErrorCode;
import io.vertx.serviceproxy.ServiceException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** One rule for the keys callers choose, in every service: 1 to 100 characters, none of them control characters. */
class IdentifiersTest {

  @Test
  void anOrdinaryIdPassesAsItIs() {
    assertThat(Identifiers.valid("orderId", "order-42").result()).isEqualTo("order-42");
    assertThat(Identifiers.valid("orderId", "x".repeat(100)).succeeded()).isTrue();
    assertThat(Identifiers.valid("orderId", "Bestellung Nr. 7 – Größe M").succeeded()).as("any printable text").isTrue();
  }

  @Test
  void blankLongOrControlledIdsAreInvalidInput() {
    for (String bad : new String[] {null, "", "   ", "x".repeat(101), "a\u0000b", "line\nbreak", "bell\u0007"}) {
      Throwable refused = Identifiers.valid("orderId", bad).cause();
      assertThat(refused).as("%s", bad).isInstanceOf(ServiceException.class);
      assertThat(((ServiceException) refused).failureCode()).isEqualTo(ErrorCode.INVALID_INPUT.code());
      assertThat(refused).hasMessageContaining("orderId must be 1 to 100 characters");
    }
  }
}
