package dev.bazaar.web.openapi;

import dev.bazaar.web.edge.ProblemHandler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.json.schema.OutputUnit;
import io.vertx.junit5.VertxExtension;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.validation.RequestValidator;
import io.vertx.openapi.validation.SchemaValidationException;
import io.vertx.openapi.validation.ValidatorErrorType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which of the validator's complaints a client is told about, with the real contract and the real validator behind
 * the same handlers as in the shop (contract validation, then the problem handler), but no services.
 */
@ExtendWith(VertxExtension.class)
class ValidationDetailTest {

  private static final String BODY = "The request body is invalid";

  private static HttpServer server;
  private static WebClient http;

  @BeforeAll
  static void start(Vertx vertx) {
    OpenAPIContract contract = ApiContract.load(vertx).await().forValidation();
    RequestValidator validator = RequestValidator.create(vertx, contract);
    Router router = Router.router(vertx);
    router.route().handler(BodyHandler.create());
    router.post("/api/v1/products").handler(new ContractValidation(validator, contract.operation("createProduct")));
    router.get("/api/v1/products").handler(new ContractValidation(validator, contract.operation("listProducts")));
    router.route().handler(rc -> rc.response().end("valid"));
    router.route().failureHandler(ProblemHandler::handle);
    server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").await();
    http = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(server.actualPort()));
  }

  @AfterAll
  static void stop() {
    server.close().await();
  }

  @Test
  void aWrongTypeDeepInTheBodyIsToldWithWhereItIs() {
    assertThat(detailFor(price("12.99"))).isEqualTo(BODY + " at /price/value: Instance type string is invalid. Expected integer");
  }

  @Test
  void atTheSameSpotAWrongTypeWinsOverTheOtherComplaints() {
    assertThat(detailFor(price(-1.5))).as("type, minimum and format all fail")
      .isEqualTo(BODY + " at /price/value: Instance type number is invalid. Expected integer");
  }

  @Test
  void aValueOfTheRightTypeIsToldWhatItBreaks() {
    assertThat(detailFor(price(-1))).isEqualTo(BODY + " at /price/value: -1 is less than 0");
    assertThat(detailFor(draft().put("price", new JsonObject().put("value", 1))))
      .isEqualTo(BODY + " at /price: Instance does not have required property \"currency\"");
  }

  @Test
  void theInnermostSpotWinsOverAShallowerOneWithALongerName() {
    JsonObject body = price("12.99").put("description", "x".repeat(4001));

    assertThat(detailFor(body)).isEqualTo(BODY + " at /price/value: Instance type string is invalid. Expected integer");
    assertThat(detailFor(draft().put("description", "x".repeat(4001))))
      .isEqualTo(BODY + " at /description: String is too long (4001 > 4000)");
  }

  @Test
  void anUnknownPropertyOrATooLongStringIsNamed() {
    assertThat(detailFor(draft().put("extra", 1)))
      .isEqualTo(BODY + " at /extra: Property \"extra\" does not match additional properties schema");
    assertThat(detailFor(draft().put("name", "x".repeat(201)))).isEqualTo(BODY + " at /name: String is too long (201 > 200)");
  }

  @Test
  void aComplaintAboutTheWholeBodySaysNoWhere() {
    assertThat(detailFor(new JsonObject())).isEqualTo(BODY + ": Instance does not have required property \"price\"");
  }

  @Test
  void aBadQueryParameterIsNamed() {
    assertThat(queryDetail("page=first"))
      .isEqualTo("The value of query parameter page is invalid: Instance type string is invalid. Expected integer");
    assertThat(queryDetail("page=0")).isEqualTo("The value of query parameter page is invalid: 0 is less than 1");
    assertThat(queryDetail("size=100000")).isEqualTo("The value of query parameter size is invalid: 100000 is greater than 10000");
  }

  @Test
  void aVerdictWithoutASchemaErrorIsPassedOnAsItIs() {
    assertThat(queryDetail("category=a%07b")).isEqualTo("The value of query parameter category can't be decoded.");
  }

  // ---- shapes the validator of this version does not produce, but may: no output, no error, nested errors

  @Test
  void aSchemaVerdictWithoutAnErrorInItIsPassedOnAsItIs() {
    String message = "The value of the request body is invalid. Reason: something";

    assertThat(ValidationDetail.of(schemaFailure(message, null))).isEqualTo(message);
    assertThat(ValidationDetail.of(schemaFailure(message, new OutputUnit(false)))).isEqualTo(message);
    assertThat(ValidationDetail.of(schemaFailure(message, new OutputUnit(false).addError(new OutputUnit(false)))))
      .isEqualTo(message);
  }

  @Test
  void anErrorWithoutALocationSaysNoWhere() {
    OutputUnit unit = new OutputUnit(false).addError(new OutputUnit(false).setError("it is wrong"));

    assertThat(ValidationDetail.of(schemaFailure("The value of the request body is invalid. Reason: x", unit)))
      .isEqualTo(BODY + ": it is wrong");
  }

  @Test
  void aDeeperErrorNestedInAnotherIsTheOneTold() {
    OutputUnit deep = error("#/price/value", "#/properties/price/properties/value/minimum", "too small");
    OutputUnit between = new OutputUnit(false).setInstanceLocation("#/price").addError(deep);
    OutputUnit shallow = error("#/price", "#/properties/price/required", "no currency").addError(between);
    OutputUnit root = new OutputUnit(false).addError(error("#/name", "#/properties/name/maxLength", "too long")).addError(shallow);

    assertThat(ValidationDetail.of(schemaFailure("The value of the request body is invalid. Reason: x", root)))
      .isEqualTo(BODY + " at /price/value: too small");
  }

  @Test
  void depthIsCountedInStepsNotInCharacters() {
    OutputUnit root = new OutputUnit(false)
      .addError(error("#/p/v", "#/properties/p/properties/v/minimum", "too small"))
      .addError(error("#/aVeryLongPropertyName", "#/properties/aVeryLongPropertyName/maxLength", "too long"));

    assertThat(ValidationDetail.of(schemaFailure("The value of the request body is invalid. Reason: x", root)))
      .isEqualTo(BODY + " at /p/v: too small");
  }

  private static OutputUnit error(String instanceLocation, String keywordLocation, String error) {
    return new OutputUnit(false).setInstanceLocation(instanceLocation).setKeywordLocation(keywordLocation).setError(error);
  }

  private static SchemaValidationException schemaFailure(String message, OutputUnit unit) {
    return new SchemaValidationException(message, ValidatorErrorType.INVALID_VALUE, unit, null);
  }

  private static JsonObject draft() {
    return new JsonObject()
      .put("sku", "A-1")
      .put("name", "Lamp")
      .put("category", "lights")
      .put("price", new JsonObject().put("value", 100).put("currency", "EUR"));
  }

  private static JsonObject price(Object value) {
    return draft().put("price", new JsonObject().put("value", value).put("currency", "EUR"));
  }

  private static String detailFor(JsonObject body) {
    return detail(http.post("/api/v1/products").timeout(5_000).sendJsonObject(body).await());
  }

  private static String queryDetail(String query) {
    return detail(http.get("/api/v1/products?" + query).timeout(5_000).send().await());
  }

  private static String detail(HttpResponse<Buffer> response) {
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(400);
    return response.bodyAsJsonObject().getString("detail");
  }
}
