package dev.bazaar.web;

import dev.bazaar.contracts.Roles;
import dev.bazaar.devkit.CapturedOutput;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Year;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Payment methods over HTTP: a customer's own, made from a card that goes no further than the payment service. */
@ExtendWith(VertxExtension.class)
class PaymentApiTest {

  private static final String PATH = "/api/v1/payment-methods";
  private static final String NUMBER = "4111111111111111";

  private static TestShop shop;

  @BeforeAll
  static void start(Vertx vertx) {
    shop = TestShop.start(vertx);
  }

  @AfterAll
  static void stop() {
    shop.close();
  }

  @Test
  void aCustomerExchangesACardForAPaymentMethodAndReadsItBack() {
    HttpResponse<Buffer> created = shop.customer.post(PATH).sendJsonObject(card(NUMBER, "123")).await();

    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
    JsonObject method = created.bodyAsJsonObject();
    assertThat(method.fieldNames()).containsExactlyInAnyOrder("id", "brand", "last4", "expMonth", "expYear");
    assertThat(method.getString("brand")).isEqualTo("visa");
    assertThat(method.getString("last4")).isEqualTo("1111");
    assertThat(created.getHeader("Location")).isEqualTo(PATH + "/" + method.getString("id"));

    HttpResponse<Buffer> read = shop.customer.get(created.getHeader("Location")).send().await();
    assertThat(read.statusCode()).isEqualTo(200);
    assertThat(read.bodyAsJsonObject()).isEqualTo(method);
  }

  @Test
  void anotherCustomersPaymentMethodIsNotFound() {
    String location = shop.customer.post(PATH).sendJsonObject(card(NUMBER, "123")).await().getHeader("Location");
    String bob = "Bearer " + shop.token("bob-" + UUID.randomUUID(), Roles.CUSTOMER);

    HttpResponse<Buffer> notBobs = shop.http.get(location).putHeader("Authorization", bob).send().await();
    HttpResponse<Buffer> unknown = shop.customer.get(PATH + "/pm_" + "0".repeat(24)).send().await();

    Problems.assertProblem(notBobs, 404);
    Problems.assertProblem(unknown, 404);
    assertThat(notBobs.bodyAsJsonObject().getString("detail")).startsWith("There is no payment method pm_");
    Problems.assertProblem(shop.customer.get(PATH + "/not-a-token").send().await(), 400);
  }

  @Test
  void onlyCustomersMakePaymentMethods() {
    Problems.assertProblem(shop.http.post(PATH).sendJsonObject(card(NUMBER, "123")).await(), 401);
    Problems.assertProblem(shop.admin.post(PATH).sendJsonObject(card(NUMBER, "123")).await(), 403);
  }

  @Test
  void aBadCardIs400WithItsReasonAndNeverItsNumberNorCvc() {
    String logged = CapturedOutput.of(() -> {
      assertRefused(card("4111111111111112", "9731"), "Luhn");
      assertRefused(card(NUMBER, "9731").put("expYear", 1999), "/expYear");
      assertRefused(card(NUMBER, "9731").put("expMonth", 1).put("expYear", Year.now().getValue() - 1), "expired");
      assertRefused(card("4111 1111 1111 1111", "9731"), "/number");
      assertRefused(card(NUMBER, "97310"), "/cvc");
      assertRefused(card(NUMBER, "9731").put("extra", "x"), "invalid");
    });

    assertThat(logged).doesNotContain(NUMBER).doesNotContain("4111111111111112").doesNotContain("4111 1111").doesNotContain("9731");
  }

  private static void assertRefused(JsonObject card, String reason) {
    HttpResponse<Buffer> refused = shop.customer.post(PATH).sendJsonObject(card).await();
    JsonObject problem = Problems.assertProblem(refused, 400);
    assertThat(problem.getString("detail")).contains(reason)
      .doesNotContain(card.getString("number")).doesNotContain(card.getString("cvc"));
  }

  private static JsonObject card(String number, String cvc) {
    return new JsonObject().put("number", number).put("expMonth", 12).put("expYear", Year.now().getValue() + 2).put("cvc", cvc);
  }
}
