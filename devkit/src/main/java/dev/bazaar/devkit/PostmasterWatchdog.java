package dev.bazaar.devkit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A small shell process that stops this JVM's PostgreSQL once this JVM has died without stopping it ({@code kill -9},
 * a test runner ending a test JVM that timed out). The postmaster is detached from the JVM and would otherwise run
 * until somebody restarts on its directory, and a temporary one never is.
 *
 * <p>It polls for the JVM's pid once a second, then, if {@code postmaster.pid} still names the postmaster it was
 * given (so it never signals a recycled pid, nor a newer server on the same directory), asks it to shut down: smart
 * (SIGTERM), then fast (SIGINT), never SIGKILL. A temporary data directory is deleted once the server is down.
 * POSIX only: where there is no {@code /bin/sh}, there is no watchdog.
 */
final class PostmasterWatchdog implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(PostmasterWatchdog.class);

  private static final String SCRIPT = """
    trap '' HUP INT  # a Ctrl-C or hang-up meant for the JVM's process group; this process must outlive the JVM
    jvm=$1 directory=$2 postmaster=$3 temporary=$4
    running() {
      { read -r pid < "$directory/postmaster.pid"; } 2>/dev/null && [ "$pid" = "$postmaster" ] \\
        && kill -0 "$postmaster" 2>/dev/null
    }
    while kill -0 "$jvm" 2>/dev/null; do sleep 1; done
    if running; then
      kill -TERM "$postmaster"
      waited=0
      while running; do
        if [ "$waited" -eq 5 ]; then kill -INT "$postmaster"; fi
        if [ "$waited" -eq 65 ]; then exit 1; fi
        sleep 1
        waited=$((waited + 1))
      done
    fi
    if [ "$temporary" = temporary ]; then rm -rf -- "$directory"; fi
    """;

  private static final PostmasterWatchdog NONE = new PostmasterWatchdog(null);

  private final Process process;

  private PostmasterWatchdog(Process process) {
    this.process = process;
  }

  /** Watches the postmaster now running on {@code dataDirectory}; never fails, at worst there is no watchdog. */
  static PostmasterWatchdog start(Path dataDirectory, boolean temporary) {
    if (!Files.isExecutable(Path.of("/bin/sh"))) {
      return NONE;
    }
    var pidFile = OrphanedPostmaster.PidFile.read(dataDirectory);
    if (pidFile.isEmpty()) {
      LOG.warn("no readable postmaster.pid in {}; PostgreSQL will outlive this JVM if it is killed", dataDirectory);
      return NONE;
    }
    try {
      // The process must not hold this JVM's stdout or stderr: whoever reads them to their end (a test runner, a
      // pipe into a log) would then wait for it too. Child processes never keep a JVM from exiting.
      return new PostmasterWatchdog(new ProcessBuilder("/bin/sh", "-c", SCRIPT, "bazaar-pg-watchdog",
          Long.toString(ProcessHandle.current().pid()), dataDirectory.toString(),
          Long.toString(pidFile.get().pid()), temporary ? "temporary" : "kept")
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .redirectError(ProcessBuilder.Redirect.DISCARD)
        .start());
    } catch (IOException e) {
      LOG.warn("cannot start a watchdog for PostgreSQL in {}: {}", dataDirectory, e.getMessage());
      return NONE;
    }
  }

  /** Ends the watchdog and the {@code sleep} it may be in, which would otherwise linger for up to a second. */
  @Override
  public void close() {
    if (process == null || !process.isAlive()) {
      return;
    }
    List<ProcessHandle> sleeping = process.descendants().toList();
    process.destroy();
    try {
      process.waitFor(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    sleeping.forEach(ProcessHandle::destroy);
  }
}
