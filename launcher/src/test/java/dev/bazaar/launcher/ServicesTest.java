package dev.bazaar.launcher;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The launcher's list of services drives the command line, what starts, and what readiness reports. */
class ServicesTest {

  private static final List<String> NAMES = Services.all().stream().map(ServiceEntry::name).toList();

  @TempDir
  Path dataDir;

  @Test
  void theListNamesEachServiceOnceWithTheWebVerticleLast() {
    assertThat(NAMES).doesNotHaveDuplicates().contains("catalog", "web");
    assertThat(NAMES.get(NAMES.size() - 1)).as("the web verticle starts once it has something to call").isEqualTo("web");
  }

  @Test
  void servicesAcceptsExactlyTheListedNames() {
    for (String name : NAMES) {
      assertThat(CommandRun.settings("--services=" + name).services()).extracting(ServiceEntry::name).containsExactly(name);
      assertThat(CommandRun.settings("--services= " + name.toUpperCase() + " ").services()).extracting(ServiceEntry::name)
        .containsExactly(name);
    }
    assertThat(CommandRun.settings().services()).extracting(ServiceEntry::name).as("all by default").isEqualTo(NAMES);
    assertThat(CommandRun.settings("--services=web," + NAMES.get(0)).services()).extracting(ServiceEntry::name)
      .as("in the list's order, whatever the command line's").containsExactly(NAMES.get(0), "web");

    CommandRun unknown = CommandRun.of("--services=warehouse");
    assertThat(unknown.exitCode()).isEqualTo(2);
    assertThat(unknown.err()).contains("known services: " + String.join(", ", NAMES));
  }

  @Test
  void everyListedServiceStartsAndAppearsInReadiness() throws Exception {
    int port = ShopProcess.freePort();
    ShopSettings settings = CommandRun.settings("--data-dir=" + dataDir, "--http-port=" + port, "--web-instances=1");

    try (Shop shop = Shop.start(settings)) {
      HttpResponse<String> ready = ShopProcess.get(port, "/ready");

      assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
      JsonObject checks = new JsonObject(ready.body()).getJsonObject("checks");
      List<String> called = NAMES.stream().filter(name -> !name.equals("web")).toList();
      assertThat(checks.fieldNames()).containsExactlyInAnyOrderElementsOf(called);
      called.forEach(name -> assertThat(checks.getString(name)).as(name).isEqualTo("UP"));
      assertThat(shop.describe()).contains(String.join(", ", NAMES)).contains("http://localhost:" + port);
    }
  }

}
