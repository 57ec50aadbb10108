package dev.bazaar.web;

import dev.bazaar.contracts.Money;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The contract lists every status the server can send, where it can send it, so that generated clients and API tools
 * can rely on it. These are the server's rules, read back from {@code openapi.yaml}.
 */
class ContractTest {

  private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch");

  private static Map<String, Object> contract;
  private static List<Operation> operations;

  record Operation(String path, String method, Map<String, Object> spec) {

    String id() {
      return (String) spec.get("operationId");
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> responses() {
      return (Map<String, Object>) spec.get("responses");
    }

    @SuppressWarnings("unchecked")
    List<Map<String, Object>> security() {
      return (List<Map<String, Object>>) spec.get("security");
    }
  }

  @BeforeAll
  @SuppressWarnings("unchecked")
  static void read() throws IOException {
    try (InputStream in = ContractTest.class.getClassLoader().getResourceAsStream("openapi.yaml")) {
      contract = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
    }
    operations = new ArrayList<>();
    ((Map<String, Map<String, Object>>) contract.get("paths")).forEach((path, item) -> item.forEach((method, spec) -> {
      if (METHODS.contains(method)) {
        operations.add(new Operation(path, method, (Map<String, Object>) spec));
      }
    }));
    assertThat(operations).hasSizeGreaterThanOrEqualTo(9);
  }

  @Test
  void everyOperationSaysWhoMayCallIt() {
    for (Operation operation : operations) {
      assertThat(operation.security()).as("security of %s", operation.id()).isNotNull();
    }
  }

  @Test
  void everyOperationListsWhatAnyRequestCanMeet() {
    for (Operation operation : operations) {
      // A bad token on any operation, the rate limit on every route, the request timeout, and our own bugs.
      assertThat(operation.responses()).as(operation.id()).containsKeys("401", "429", "500", "503");
    }
  }

  @Test
  void operationsWithABodyListWhatABodyCanGetWrong() {
    for (Operation operation : operations) {
      if (operation.spec().containsKey("requestBody")) {
        assertThat(operation.responses()).as(operation.id()).containsKeys("400", "413", "415");
      }
    }
  }

  @Test
  void operationsOnOneProductListABadIdAndAnUnknownOne() {
    for (Operation operation : operations) {
      if (operation.path().contains("{id}")) {
        assertThat(operation.responses()).as(operation.id()).containsKeys("400", "404");
      }
    }
  }

  @Test
  void operationsThatNeedARoleListTheRefusal() {
    for (Operation operation : operations) {
      if (!operation.security().isEmpty()) {
        assertThat(operation.responses()).as(operation.id()).containsKey("403");
      }
    }
  }

  /**
   * A stream is resumed from the {@code Last-Event-ID} header, which the server refuses with 400 when it is not a
   * position; and its catch-up needs a service, so it can be 503 even though the request timeout never ends it.
   */
  @Test
  @SuppressWarnings("unchecked")
  void eventStreamsResumeFromTheLastEventIdAndListWhatThatCanMeet() {
    List<Operation> streams = operations.stream().filter(operation -> {
      Map<String, Object> ok = (Map<String, Object>) operation.responses().get("200");
      return ok != null && ok.containsKey("content") && ((Map<String, Object>) ok.get("content")).containsKey("text/event-stream");
    }).toList();

    assertThat(streams).as("operations answering text/event-stream").isNotEmpty();
    for (Operation stream : streams) {
      assertThat(stream.method()).isEqualTo("get");
      List<Map<String, Object>> parameters = (List<Map<String, Object>>) stream.spec().get("parameters");
      assertThat(parameters).as(stream.id()).anySatisfy(parameter -> {
        assertThat(parameter.get("name")).isEqualTo("Last-Event-ID");
        assertThat(parameter.get("in")).isEqualTo("header");
        assertThat(parameter.get("required")).isNotEqualTo(true);
      });
      assertThat(stream.responses()).as(stream.id()).containsKeys("400", "503");
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void everyErrorIsAProblem() {
    Map<String, Map<String, Object>> shared = (Map<String, Map<String, Object>>) ((Map<String, Object>) contract.get("components"))
      .get("responses");
    for (Operation operation : operations) {
      operation.responses().forEach((status, response) -> {
        if (status.startsWith("4") || status.startsWith("5")) {
          Map<String, Object> resolved = (Map<String, Object>) response;
          if (resolved.containsKey("$ref")) {
            resolved = shared.get(((String) resolved.get("$ref")).replace("#/components/responses/", ""));
          }
          assertThat((Map<String, Object>) resolved.get("content")).as("%s %s", operation.id(), status)
            .containsOnlyKeys("application/problem+json");
        }
      });
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void theContractListsExactlyTheCurrenciesTheShopTradesIn() {
    Map<String, Object> schemas = (Map<String, Object>) ((Map<String, Object>) contract.get("components")).get("schemas");
    Map<String, Object> money = (Map<String, Object>) ((Map<String, Object>) schemas.get("Money")).get("properties");
    List<String> currencies = (List<String>) ((Map<String, Object>) money.get("currency")).get("enum");

    assertThat(currencies).containsExactlyElementsOf(Money.CURRENCIES);
  }
}
