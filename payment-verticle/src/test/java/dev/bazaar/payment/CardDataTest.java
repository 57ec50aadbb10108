package dev.bazaar.payment;

import dev.bazaar.contracts.payment.Card;
import dev.bazaar.contracts.payment.PaymentMethod;
import dev.bazaar.devkit.CapturedOutput;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.regex.Pattern;

import static dev.bazaar.payment.TestPayment.eur;
import static dev.bazaar.payment.TestPayment.newCustomer;
import static dev.bazaar.payment.TestPayment.newOrder;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Card data goes no further than the payment service's check: after a card has been tokenized, authorized, captured
 * and refunded, and bad cards refused, neither its number nor its CVC is anywhere in the payment schema (every row of
 * every table, the outbox included) nor in anything the process logged.
 */
@ExtendWith(VertxExtension.class)
class CardDataTest {

  /** A Luhn-valid number no test card uses, and a CVC no timestamp or id would hold on its own. */
  private static final String NUMBER = "4111111111111111";
  private static final String CVC = "9731";

  private static TestPayment payments;

  @BeforeAll
  static void deploy(Vertx vertx) {
    payments = TestPayment.deploy(vertx);
  }

  @AfterAll
  static void stop() {
    payments.close();
  }

  @Test
  void neitherTheNumberNorTheCvcIsStoredOrLogged() {
    String logged = CapturedOutput.of(() -> {
      String customer = newCustomer();
      String order = newOrder();
      Card card = new Card().setNumber(NUMBER).setExpMonth(1).setExpYear(TestPayment.NEXT_YEAR).setCvc(CVC);
      PaymentMethod method = payments.service.tokenize(customer, card).await();
      payments.service.authorize(order, customer, eur(1999), method.getId()).await();
      payments.service.capture(order).await();
      payments.service.refund(order, order + "-r", eur(999)).await();
      catchThrowable(() -> payments.service.tokenize(customer, card.setExpYear(2001)).await());
      catchThrowable(() -> payments.service.tokenize(customer, card.setNumber(NUMBER.replace('1', '2'))).await());
    });

    String dump = payments.dump("payment");

    assertThat(dump).as("the schema holds the method and the payment").contains("1111", "visa", "CAPTURED");
    for (String place : new String[] {dump, logged}) {
      assertThat(place).doesNotContain(NUMBER).doesNotContain(NUMBER.replace('1', '2'));
      assertThat(Pattern.compile("(?<![0-9a-f-])" + CVC + "(?![0-9a-f-])").matcher(place).find()).as("the CVC").isFalse();
    }
  }
}
