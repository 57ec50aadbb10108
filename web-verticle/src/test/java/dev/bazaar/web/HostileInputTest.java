package dev.bazaar.web;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile JSON thrown at every write endpoint, as an admin so that it gets past access control: deep nesting, huge
 * numbers, wrong types, duplicate keys, unicode edge cases and plain garbage. Whatever arrives, the answer is never a
 * 5xx, and every refusal is a problem body.
 */
class HostileInputTest {

  private static Vertx vertx;
  private static TestShop shop;
  private static String productPath;

  @BeforeContainer
  static void start() {
    vertx = Vertx.vertx();
    shop = TestShop.start(vertx);
    productPath = "/api/v1/products/" + shop.createProduct(TestShop.draft("hostile", "Target", 100)).getString("id");
  }

  @AfterContainer
  static void stop() {
    shop.close();
    vertx.close().await();
  }

  @Property(tries = 400)
  void writeEndpointsNeverAnswer5xx(@ForAll("endpoints") Endpoint endpoint, @ForAll("hostileBodies") String body) {
    HttpResponse<Buffer> response = shop.admin.request(endpoint.method(), endpoint.path())
      .putHeader("Content-Type", "application/json")
      .sendBuffer(Buffer.buffer(body)).await();

    assertThat(response.statusCode()).as("%s %s with %s", endpoint.method(), endpoint.path(), abbreviated(body))
      .isLessThan(500);
    if (response.statusCode() >= 400) {
      assertThat(response.getHeader("Content-Type")).isEqualTo("application/problem+json");
      assertThat(response.bodyAsJsonObject().getInteger("status")).isEqualTo(response.statusCode());
      Problems.assertLeaksNothing(response.bodyAsString());
    }
  }

  @Example
  void theNastiestValuesInEveryFieldNeverAnswer5xx() {
    List<String> nasty = List.of("\"a\\u0000b\"", "\"\\ud800\"", "1e400", "123456789012345678901234567890", "-1", "[]",
      "\"" + "x".repeat(70_000) + "\"");
    for (String value : nasty) {
      for (String field : List.of("sku", "name", "description", "category", "value", "currency", "extra")) {
        writeEndpointsNeverAnswer5xx(new Endpoint(HttpMethod.POST, "/api/v1/products"), draftWith(field, value));
        writeEndpointsNeverAnswer5xx(new Endpoint(HttpMethod.PUT, productPath), draftWith(field, value));
      }
      writeEndpointsNeverAnswer5xx(new Endpoint(HttpMethod.PUT, productPath + "/stock"), "{\"onHand\":" + value + "}");
    }
  }

  record Endpoint(HttpMethod method, String path) {
  }

  @Provide
  Arbitrary<Endpoint> endpoints() {
    return Arbitraries.of(
      new Endpoint(HttpMethod.POST, "/api/v1/products"),
      new Endpoint(HttpMethod.PUT, productPath),
      new Endpoint(HttpMethod.PUT, productPath + "/stock"),
      new Endpoint(HttpMethod.PUT, "/api/v1/products/not-a-uuid"),
      new Endpoint(HttpMethod.PUT, "/api/v1/products/00000000-0000-0000-0000-000000000000/stock"));
  }

  @Provide
  Arbitrary<String> hostileBodies() {
    return Arbitraries.oneOf(
      deepNesting(),
      draftsWith(hostileValues()),
      stockWith(hostileValues()),
      duplicateKeys(),
      anyJson(4).map(Object::toString),
      Arbitraries.strings().ofMaxLength(200));
  }

  private Arbitrary<String> deepNesting() {
    return Arbitraries.integers().between(1, 5_000).flatMap(depth -> Arbitraries.of(
      "[".repeat(depth) + "]".repeat(depth),
      "{\"a\":".repeat(depth) + "1" + "}".repeat(depth),
      "{\"sku\":\"D-1\",\"name\":\"n\",\"category\":\"c\",\"price\":" + "{\"value\":".repeat(depth) + "1" + "}".repeat(depth) + "}"));
  }

  /** Values that break naive parsers and databases: huge and odd numbers, wrong types, unicode edge cases. */
  private Arbitrary<String> hostileValues() {
    return Arbitraries.oneOf(
      unicodeStrings().map(s -> JsonObject.of("v", s).encode().substring(5).replaceAll("}$", "")),
      Arbitraries.of("1e400", "-1e400", "123456789012345678901234567890", "-9223372036854775809", "9223372036854775808",
        "2147483648", "0.5", "-0", "1E2", "null", "true", "[]", "{}", "\"12\"", "\"\"", "[1,2]", "{\"value\":1}"),
      unicodeStrings().map(s -> JsonObject.of("v", s).encode().substring(5).replaceAll("}$", "")),
      Arbitraries.longs().map(Object::toString),
      Arbitraries.doubles().map(Object::toString));
  }

  private Arbitrary<String> unicodeStrings() {
    return Arbitraries.oneOf(
      Arbitraries.of("\u0000", "a\u0000b", "\ud800", "\udfff", "\ud83d\ude00", "\u202e\u202d", "\ufeff", "\uffff", "e\u0301",
        "\u0007\u001b[31m", "\\", "'; DROP TABLE catalog.product; --", "%", "_", "x".repeat(70_000)),
      Arbitraries.strings().all().ofMaxLength(100));
  }

  private Arbitrary<String> draftsWith(Arbitrary<String> values) {
    return Combinators.combine(Arbitraries.of("sku", "name", "description", "category", "price", "value", "currency", "extra"),
        values)
      .as(HostileInputTest::draftWith);
  }

  /** A product draft that is valid but for one field, which holds {@code value} (raw JSON). */
  private static String draftWith(String field, String value) {
    return switch (field) {
      case "value" -> draft("\"price\":{\"value\":" + value + ",\"currency\":\"EUR\"}", null, null);
      case "currency" -> draft("\"price\":{\"value\":100,\"currency\":" + value + "}", null, null);
      default -> draft(null, field, value);
    };
  }

  private static String draft(String price, String field, String value) {
    StringBuilder json = new StringBuilder("{");
    for (String name : List.of("sku", "name", "description", "category")) {
      json.append('"').append(name).append("\":").append(name.equals(field) ? value : "\"H-" + name + "\"").append(',');
    }
    if (field != null && !List.of("sku", "name", "description", "category").contains(field)) {
      json.append('"').append(field).append("\":").append(value).append(',');
    }
    json.append(price != null ? price : "\"price\":{\"value\":100,\"currency\":\"EUR\"}");
    return json.append('}').toString();
  }

  private Arbitrary<String> stockWith(Arbitrary<String> values) {
    return values.map(value -> "{\"onHand\":" + value + "}");
  }

  private Arbitrary<String> duplicateKeys() {
    return hostileValues().map(value ->
      "{\"sku\":\"DUP-1\",\"sku\":" + value + ",\"name\":\"a\",\"name\":\"b\",\"category\":\"c\","
        + "\"price\":{\"value\":1,\"currency\":\"EUR\",\"value\":" + value + "},\"onHand\":1,\"onHand\":" + value + "}");
  }

  private Arbitrary<Object> anyJson(int depth) {
    Arbitrary<Object> leaf = Arbitraries.oneOf(
      Arbitraries.strings().ofMaxLength(20), Arbitraries.longs(), Arbitraries.doubles(), Arbitraries.of(true, false));
    if (depth == 0) {
      return leaf;
    }
    return Arbitraries.oneOf(
      leaf,
      anyJson(depth - 1).list().ofMaxSize(4).map(io.vertx.core.json.JsonArray::new),
      Arbitraries.maps(Arbitraries.of("sku", "name", "price", "value", "onHand", "x"), anyJson(depth - 1)).ofMaxSize(4)
        .map(map -> new JsonObject(new java.util.HashMap<>(map))));
  }

  private static String abbreviated(String body) {
    return body.length() > 300 ? body.substring(0, 300) + "…" : body;
  }
}
