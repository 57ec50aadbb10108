package dev.bazaar.order;

import dev.bazaar.contracts.order.OrderItem;
import dev.bazaar.contracts.order.OrderRequest;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

import static dev.bazaar.order.TestShop.address;
import static org.assertj.core.api.Assertions.assertThat;

/** What an order request may hold, at the edges of each limit: 1 to 50 lines, 1 to 100 units of a product, keys of 255. */
class OrderRulesTest {

  @Test
  void anOrderHasOneToFiftyLines() {
    assertThat(OrderRules.linesViolation(lines(1, 1))).isEmpty();
    assertThat(OrderRules.linesViolation(lines(50, 1))).isEmpty();
    assertThat(OrderRules.linesViolation(lines(51, 1))).hasValue("An order needs 1 to 50 lines.");
    assertThat(OrderRules.linesViolation(List.of())).hasValue("An order needs 1 to 50 lines.");
    assertThat(OrderRules.linesViolation(null)).hasValue("An order needs 1 to 50 lines.");
  }

  @Test
  void eachLineHoldsOneToAHundredUnitsOfAProductNamedByItsUuid() {
    assertThat(OrderRules.linesViolation(lines(1, 100))).isEmpty();
    assertThat(OrderRules.linesViolation(lines(1, 101))).hasValue("Each line needs a quantity from 1 to 100.");
    assertThat(OrderRules.linesViolation(lines(1, 0))).hasValue("Each line needs a quantity from 1 to 100.");
    assertThat(OrderRules.linesViolation(List.of(new OrderItem().setProductId("mug").setQuantity(1))))
      .hasValue("Each line needs a productId that is a UUID.");
  }

  @Test
  void linesOfOneProductAddUpToAtMostAHundredUnits() {
    String mug = UUID.randomUUID().toString();
    List<OrderItem> hundred = List.of(new OrderItem().setProductId(mug).setQuantity(60),
      new OrderItem().setProductId(mug).setQuantity(40));
    List<OrderItem> hundredAndOne = List.of(new OrderItem().setProductId(mug).setQuantity(60),
      new OrderItem().setProductId(mug).setQuantity(41));

    assertThat(OrderRules.linesViolation(hundred)).isEmpty();
    assertThat(OrderRules.linesViolation(hundredAndOne)).hasValue("At most 100 units of one product per order.");
    assertThat(OrderRules.merged(hundred)).singleElement()
      .satisfies(line -> assertThat(line.getQuantity()).isEqualTo(100));
  }

  @Test
  void anOrderNeedsAShippableAddressAndAPaymentMethod() {
    OrderRequest request = new OrderRequest().setLines(lines(1, 1)).setShippingAddress(address()).setPaymentMethodId("pm_1");

    assertThat(OrderRules.violation(request)).isEmpty();
    assertThat(OrderRules.violation(null)).hasValue("An order needs lines, a shippingAddress and a payment.");
    assertThat(OrderRules.violation(request.setShippingAddress(address().setCountry("XX"))))
      .hasValue("shippingAddress.country must be the code of a country; there is no country XX.");
    assertThat(OrderRules.violation(request.setShippingAddress(address()).setPaymentMethodId(" ")))
      .hasValue("An order needs a payment method.");
  }

  @Test
  void anIdempotencyKeyHasOneTo255CharactersAndNoControlCharacters() {
    String message = "The Idempotency-Key must be 1 to 255 characters, none of them control characters.";
    assertThat(OrderRules.keyViolation("k".repeat(255))).isEmpty();
    assertThat(OrderRules.keyViolation("k".repeat(256))).hasValue(message);
    assertThat(OrderRules.keyViolation(" ")).hasValue(message);
    assertThat(OrderRules.keyViolation("a\nb")).hasValue(message);
  }

  private static List<OrderItem> lines(int count, int quantity) {
    List<OrderItem> lines = new ArrayList<>();
    IntStream.range(0, count).forEach(i -> lines.add(new OrderItem().setProductId(UUID.randomUUID().toString())
      .setQuantity(quantity)));
    return lines;
  }
}
