package dev.bazaar.launcher;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every example of the README, run as a user would run it, against the real jar: the token commands and each curl
 * call, in order, in one bash session. Each call's status, and the JSON fields the README shows, must match.
 */
class ReadmeExamplesIT {

  @TempDir
  Path workDir;

  @Test
  void everyExampleInTheReadmeAnswersWhatTheReadmeSays() throws Exception {
    ReadmeExamples examples = ReadmeExamples.from(Files.readString(readme()));
    assertThat(examples.expectations()).as("examples with expected answers").hasSizeGreaterThanOrEqualTo(10);
    int port = ShopProcess.freePort();

    try (ShopProcess shop = ShopProcess.start(workDir, "--http-port=" + port)) {
      shop.awaitReady(port);
      Path answers = Files.createDirectories(workDir.resolve("answers"));
      Process bash = new ProcessBuilder("bash", "-c", preamble(answers) + forThisShop(examples.script(), port))
        .directory(workDir.toFile())
        .redirectErrorStream(true)
        .redirectOutput(workDir.resolve("bash.log").toFile())
        .start();
      assertThat(bash.waitFor(120, TimeUnit.SECONDS)).as("the examples finish").isTrue();

      String log = Files.readString(workDir.resolve("bash.log"));
      assertThat(Integer.parseInt(Files.readString(answers.resolve("count")).strip()))
        .as("curl calls made; the script said:%n%s", log).isEqualTo(examples.calls());
      for (ReadmeExamples.Expectation expected : examples.expectations()) {
        assertAnswer(answers, expected, log);
      }
    }
  }

  private static void assertAnswer(Path answers, ReadmeExamples.Expectation expected, String log) throws Exception {
    List<String> statusLines = Files.readAllLines(answers.resolve(expected.call() + ".headers")).stream()
      .filter(line -> line.startsWith("HTTP/")).toList();
    assertThat(statusLines).as("call %d answered", expected.call()).isNotEmpty();
    int status = Integer.parseInt(statusLines.get(statusLines.size() - 1).split(" ")[1]);
    String body = withoutHeaders(Files.readString(answers.resolve(expected.call() + ".body")));
    assertThat(status).as("status of call %d, which answered %s; the script said:%n%s", expected.call(), body, log)
      .isEqualTo(expected.status());
    if (expected.json() != null) {
      Object actual = body.strip().startsWith("[") ? new JsonArray(body) : new JsonObject(body);
      assertThat(ReadmeExamples.mismatch(expected.json(), actual, "")).as("body of call %d: %s", expected.call(), body)
        .isNull();
    }
  }

  /** Each curl call keeps its headers and body where the test reads them, and still prints its body as usual. */
  private static String preamble(Path answers) {
    return """
      ANSWERS='%s'
      echo 0 > "$ANSWERS/count"
      curl() {
        local n=$(( $(cat "$ANSWERS/count") + 1 ))
        echo "$n" > "$ANSWERS/count"
        command curl -sS -D "$ANSWERS/$n.headers" "$@" > "$ANSWERS/$n.body"
        cat "$ANSWERS/$n.body"
      }
      """.formatted(answers);
  }

  /** The README speaks of port 8080 and the jar in the source tree; here the shop runs on a free port. */
  private static String forThisShop(String script, int port) {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return script
      .replace("localhost:8080", "localhost:" + port)
      .replace("java -jar launcher/target/bazaar.jar", "'" + java + "' -jar '" + ShopProcess.jar() + "'");
  }

  /** A body printed by curl -i starts with the headers; the JSON comes after the blank line. */
  private static String withoutHeaders(String body) {
    if (!body.startsWith("HTTP/")) {
      return body;
    }
    int end = body.indexOf("\r\n\r\n");
    return end < 0 ? "" : body.substring(end + 4);
  }

  private static Path readme() {
    Path readme = Path.of(System.getProperty("bazaar.readme", "../README.md"));
    assertThat(readme).exists();
    return readme;
  }
}
