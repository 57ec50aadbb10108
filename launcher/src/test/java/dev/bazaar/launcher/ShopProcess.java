package dev.bazaar.launcher;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** bazaar.jar started as a real process, as a user would start it, with its output kept in files for the asserts. */
final class ShopProcess implements AutoCloseable {

  static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  final Process process;
  final Path out;
  final Path err;

  private ShopProcess(Process process, Path out, Path err) {
    this.process = process;
    this.out = out;
    this.err = err;
  }

  static ShopProcess start(Path workDir, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(javaBinary(), "-jar", jar()));
    command.addAll(List.of(args));
    Path out = Files.createTempFile(workDir, "stdout", ".txt");
    Path err = Files.createTempFile(workDir, "stderr", ".txt");
    Process process = new ProcessBuilder(command)
      .directory(workDir.toFile())
      .redirectOutput(out.toFile())
      .redirectError(err.toFile())
      .start();
    return new ShopProcess(process, out, err);
  }

  /** Polls /ready until the shop answers 200, failing early if the process dies. */
  void awaitReady(int port) throws Exception {
    Instant deadline = Instant.now().plusSeconds(90);
    while (Instant.now().isBefore(deadline)) {
      assertThat(process.isAlive()).as("bazaar exited early: %s", Files.readString(err)).isTrue();
      try {
        if (get(port, "/ready").statusCode() == 200) {
          return;
        }
      } catch (IOException notListeningYet) {
        // the server is still starting
      }
      process.waitFor(200, TimeUnit.MILLISECONDS);
    }
    throw new AssertionError("bazaar was not ready within 90 s: " + Files.readString(out));
  }

  int terminate() throws InterruptedException {
    process.destroy(); // SIGTERM
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("bazaar stops within 60 s of SIGTERM").isTrue();
    return process.exitValue();
  }

  /** SIGKILL, as the OOM killer or a crashed host would end it; returns once the JVM is gone. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("bazaar dies on SIGKILL").isTrue();
  }

  int awaitExit() throws InterruptedException {
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("bazaar exits").isTrue();
    return process.exitValue();
  }

  static HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
      HttpResponse.BodyHandlers.ofString());
  }

  static HttpResponse<String> postJson(int port, String path, String token, String json)
    throws IOException, InterruptedException {
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
        .header("Content-Type", "application/json")
        .header("Authorization", "Bearer " + token)
        .POST(HttpRequest.BodyPublishers.ofString(json)).build(),
      HttpResponse.BodyHandlers.ofString());
  }

  /** Runs a short bazaar command, such as {@code token}, to its end and returns what it printed. */
  static String runToCompletion(Path workDir, String... args) throws Exception {
    try (ShopProcess command = start(workDir, args)) {
      assertThat(command.awaitExit()).as("exit code of %s: %s", List.of(args), Files.readString(command.err)).isZero();
      return Files.readString(command.out).strip();
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  static String jar() {
    String jar = System.getProperty("bazaar.jar", "target/bazaar.jar");
    assertThat(Path.of(jar)).as("the fat jar is built by 'mvn package'").exists();
    return Path.of(jar).toAbsolutePath().toString();
  }

  private static String javaBinary() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  @Override
  public void close() {
    process.destroyForcibly();
  }
}
