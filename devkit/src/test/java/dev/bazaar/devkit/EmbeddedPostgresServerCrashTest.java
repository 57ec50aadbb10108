package dev.bazaar.devkit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

/**
 * PostgreSQL is started detached from the JVM, so it outlives a JVM that is killed. These tests kill JVMs (with
 * SIGKILL, as {@code kill -9} and test runners do) and check that nothing is lost, nothing is left running, and
 * nothing still in use is touched.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class EmbeddedPostgresServerCrashTest {

  @TempDir
  Path temp;

  private final List<ChildJvm> children = new ArrayList<>();
  private final List<Path> directories = new ArrayList<>();

  @Test
  void aServerLeftRunningByAKilledJvmIsStoppedAndItsDirectoryTakenOverAtOnce() throws Exception {
    Path directory = directory("left-running");
    ChildJvm child = launch("bare", directory.toString(), "COMMITTED-BEFORE-THE-CRASH"); // no watchdog
    child.awaitReady();
    long orphan = postmasterPid(directory);
    child.kill();
    assertThat(running(orphan)).as("PostgreSQL outlives the JVM that started it").isTrue();

    try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(directory)) {
      assertThat(running(orphan)).isFalse();
      assertThat(skus(at(server))).containsExactly("COMMITTED-BEFORE-THE-CRASH");
    }
  }

  @Test
  void aKilledJvmsDirectoryCanBeRestartedImmediatelyWithEveryCommittedRow() throws Exception {
    Path directory = directory("restarted");
    ChildJvm child = launch("server", directory.toString(), "CRASH-1");
    child.awaitReady();
    child.kill();

    try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(directory)) {
      assertThat(skus(at(server))).containsExactly("CRASH-1");
    }
  }

  @Test
  void theWatchdogStopsTheServerOfAKilledJvmThatNobodyRestarts() throws Exception {
    Path directory = directory("abandoned");
    ChildJvm child = launch("server", directory.toString(), "ABANDONED");
    child.awaitReady();
    long postmaster = postmasterPid(directory);
    child.kill();

    await(Duration.ofSeconds(10), () -> !running(postmaster), "the postmaster of the killed JVM to stop");
    assertThat(directory.resolve("postmaster.pid")).as("removed by a clean shutdown").doesNotExist();
  }

  @Test
  void theWatchdogAlsoDeletesATemporaryDirectoryOfAKilledJvm() throws Exception {
    ChildJvm child = launch("server", "temporary", "TEMPORARY");
    Listening server = child.awaitReady();
    Path directory = Path.of(query(server, "SHOW data_directory").get(0));
    directories.add(directory);
    long postmaster = postmasterPid(directory);
    child.kill();

    await(Duration.ofSeconds(10), () -> !running(postmaster) && !Files.exists(directory),
      "the killed JVM's temporary server to stop and its directory to go");
  }

  @Test
  void closeEndsTheWatchdogWhichNeverHeldThisJvmsOutput() throws Exception {
    Set<ProcessHandle> before = ProcessHandle.current().children().collect(Collectors.toSet());
    List<ProcessHandle> watchdogAndItsSleep;
    long postmaster;
    try (EmbeddedPostgresServer server = EmbeddedPostgresServer.startTemporary()) {
      // pg_ctl may still be a child for a moment after the server accepts connections, so pick the watchdog by name.
      List<ProcessHandle> started = ProcessHandle.current().children()
        .filter(child -> !before.contains(child))
        .filter(child -> child.info().commandLine().orElse("").contains("bazaar-pg-watchdog"))
        .toList();
      assertThat(started).hasSize(1);
      ProcessHandle watchdog = started.get(0);
      Path fds = Path.of("/proc", Long.toString(watchdog.pid()), "fd");
      if (Files.isDirectory(fds)) { // Linux: stdin, stdout and stderr are /dev/null, none of them this JVM's pipes
        for (String fd : List.of("0", "1", "2")) {
          assertThat(Files.readSymbolicLink(fds.resolve(fd))).as("fd " + fd).isEqualTo(Path.of("/dev/null"));
        }
      }
      watchdogAndItsSleep = Stream.concat(Stream.of(watchdog), watchdog.descendants()).toList();
      postmaster = postmasterPid(Path.of(query(at(server), "SHOW data_directory").get(0)));
    }

    await(Duration.ofSeconds(5), () -> watchdogAndItsSleep.stream().noneMatch(process -> running(process.pid())),
      "the watchdog and its sleep to end");
    await(Duration.ofSeconds(5), () -> !running(postmaster), "PostgreSQL to stop");
  }

  @Test
  void aDirectoryInUseInThisJvmIsRefusedAndItsServerKeepsRunning() throws Exception {
    Path directory = directory("in-use-here");
    try (EmbeddedPostgresServer first = EmbeddedPostgresServer.start(directory)) {
      execute(at(first), "CREATE TABLE crash_test (sku text PRIMARY KEY)");

      assertThatThrownBy(() -> EmbeddedPostgresServer.start(directory))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("another Bazaar is using " + directory.toRealPath());

      execute(at(first), "INSERT INTO crash_test VALUES ('STILL-SERVING')");
      assertThat(skus(at(first))).containsExactly("STILL-SERVING");
      // The refusal did not touch the lock file either (closing a second channel on it would have released the lock
      // this JVM holds), so another JVM is refused too.
      ChildJvm other = launch("server", directory.toString(), "NEVER");
      assertThat(other.awaitExit()).isNotZero();
      assertThat(other.output()).contains("another Bazaar is using " + directory.toRealPath());
      assertThat(skus(at(first))).containsExactly("STILL-SERVING");
    }
  }

  @Test
  void aDirectoryInUseByAnotherLiveJvmIsRefusedAndLeftAlone() throws Exception {
    Path directory = directory("in-use-there");
    ChildJvm child = launch("server", directory.toString(), "FIRST");
    Listening server = child.awaitReady();
    long postmaster = postmasterPid(directory);

    assertThatThrownBy(() -> EmbeddedPostgresServer.start(directory))
      .isInstanceOf(IllegalStateException.class)
      .hasMessage("another Bazaar is using " + directory.toRealPath());

    assertThat(running(postmaster)).isTrue();
    assertThat(skus(server)).containsExactly("FIRST");
    assertThat(child.stop()).as("the other JVM closes its server normally").isZero();
    await(Duration.ofSeconds(10), () -> !running(postmaster), "the other JVM's PostgreSQL to stop");
  }

  @Test
  void aStalePidFileIsNoObstacleAndAnUnrelatedProcessWithItsPidIsNotSignalled() throws Exception {
    Path directory = directory("stale");
    Path pidFile = directory.resolve("postmaster.pid");
    List<String> lines;
    try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(directory)) {
      execute(at(server), "CREATE TABLE crash_test (sku text PRIMARY KEY); INSERT INTO crash_test VALUES ('KEPT')");
      lines = new ArrayList<>(Files.readAllLines(pidFile));
    }

    Process exited = new ProcessBuilder("true").start();
    exited.waitFor();
    lines.set(0, Long.toString(exited.pid()));
    Files.write(pidFile, lines);
    try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(directory)) {
      assertThat(skus(at(server))).containsExactly("KEPT");
    }

    Process unrelated = new ProcessBuilder("sleep", "300").start(); // as if the postmaster's pid had been recycled
    try {
      lines.set(0, Long.toString(unrelated.pid()));
      Files.write(pidFile, lines);
      try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(directory)) {
        assertThat(skus(at(server))).containsExactly("KEPT");
      }
      assertThat(unrelated.isAlive()).isTrue();
    } finally {
      unrelated.destroy();
      unrelated.waitFor();
    }
  }

  /** Nothing may outlive a test: stops what a failed test left, then checks that no postmaster runs on its dirs. */
  @AfterEach
  void leavesNoPostgresBehind() {
    children.forEach(ChildJvm::kill);
    for (Path directory : directories) {
      if (Files.exists(directory.resolve("postmaster.pid"))) {
        OrphanedPostmaster.takeOver(directory); // as a restart would; the bare servers have no watchdog
      }
    }
    List<String> left = ProcessHandle.allProcesses()
      .filter(process -> running(process.pid()))
      .map(process -> process.info().commandLine().orElse(""))
      .filter(line -> line.contains("postgres") && directories.stream().anyMatch(dir -> line.contains(dir.toString())))
      .toList();
    assertThat(left).as("PostgreSQL processes left behind").isEmpty();
  }

  private Path directory(String name) {
    Path directory = temp.resolve(name);
    directories.add(directory);
    return directory;
  }

  private ChildJvm launch(String... arguments) throws IOException {
    ChildJvm child = new ChildJvm(arguments);
    children.add(child);
    return child;
  }

  private static long postmasterPid(Path directory) {
    return OrphanedPostmaster.PidFile.read(directory).orElseThrow().pid();
  }

  /** Alive and not a zombie (an exited process that init has not reaped yet; some containers' inits reap late). */
  private static boolean running(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
    } catch (IOException noProcFileSystemOrGone) {
      return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }
  }

  private static void await(Duration timeout, BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        fail("waited " + timeout.toSeconds() + " s for " + what);
      }
      Thread.sleep(50);
    }
  }

  /** Where a server listens, and the password it asks for ("-" from one that trusts every local connection). */
  private record Listening(int port, String password) {
  }

  private static Listening at(EmbeddedPostgresServer server) {
    return new Listening(server.port(), server.password());
  }

  private static List<String> skus(Listening server) throws SQLException {
    return query(server, "SELECT sku FROM crash_test ORDER BY sku");
  }

  private static List<String> query(Listening server, String sql) throws SQLException {
    try (Connection connection = connect(server); Statement statement = connection.createStatement();
         ResultSet rows = statement.executeQuery(sql)) {
      List<String> values = new ArrayList<>();
      while (rows.next()) {
        values.add(rows.getString(1));
      }
      return values;
    }
  }

  private static void execute(Listening server, String sql) throws SQLException {
    try (Connection connection = connect(server); Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  private static Connection connect(Listening server) throws SQLException {
    return DriverManager.getConnection("jdbc:postgresql://localhost:" + server.port() + "/postgres", "postgres",
      server.password());
  }

  /** A {@link ServerInAnotherJvm}; its output is collected, so that it never blocks on a full pipe. */
  private static final class ChildJvm {

    private final Process process;
    private final StringBuffer output = new StringBuffer();
    private final CompletableFuture<Listening> ready = new CompletableFuture<>();
    private final CompletableFuture<String> drained = new CompletableFuture<>();

    ChildJvm(String... arguments) throws IOException {
      List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), "-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"),
        "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-Dorg.slf4j.simpleLogger.log.io.zonky=error",
        ServerInAnotherJvm.class.getName()));
      command.addAll(List.of(arguments));
      process = new ProcessBuilder(command).redirectErrorStream(true).start();
      Thread reader = new Thread(this::read, "child-jvm-output");
      reader.setDaemon(true);
      reader.start();
    }

    private void read() {
      try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
          output.append(line).append('\n');
          if (line.startsWith("READY ")) {
            String[] words = line.split(" ");
            ready.complete(new Listening(Integer.parseInt(words[1]), words[2]));
          }
        }
      } catch (IOException closed) {
        // the process is gone
      }
      ready.completeExceptionally(new IllegalStateException("the other JVM ended before it was ready:\n" + output));
      drained.complete(output.toString());
    }

    Listening awaitReady() throws Exception {
      return ready.get(2, TimeUnit.MINUTES);
    }

    /** SIGKILL, like {@code kill -9}; reaps it, so its pid is gone for good when this returns. */
    void kill() {
      process.destroyForcibly();
      try {
        process.waitFor();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    /** Closes its stdin, on which it closes its server and exits. */
    int stop() throws Exception {
      process.getOutputStream().close();
      return awaitExit();
    }

    int awaitExit() throws InterruptedException {
      if (!process.waitFor(2, TimeUnit.MINUTES)) {
        fail("the other JVM did not exit:\n" + output);
      }
      return process.exitValue();
    }

    /** All it wrote, once it has exited and nothing holds its output open any more. */
    String output() throws Exception {
      return drained.get(1, TimeUnit.MINUTES);
    }
  }
}
