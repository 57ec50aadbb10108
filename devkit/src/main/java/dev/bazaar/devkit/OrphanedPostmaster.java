package dev.bazaar.devkit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import static java.nio.file.StandardOpenOption.CREATE;
import static java.nio.file.StandardOpenOption.WRITE;

/**
 * Frees a data directory whose last JVM died without stopping its PostgreSQL.
 *
 * <p>The embedded library starts the postmaster through {@code pg_ctl}, detached from the JVM, so {@code kill -9} of
 * the JVM leaves it running. Left alone, a new start on the same directory launches a second postmaster on a new
 * port; that one refuses the directory (its {@code postmaster.pid} names the live one), and the library then waits
 * in vain for the new port. So before starting, the server left behind is asked to shut down, never killed:
 * {@code SIGKILL} would leave its backends holding shared memory, and PostgreSQL would not start again until they
 * had gone. Every committed write is in the WAL, which a clean shutdown checkpoints and any later start replays.
 */
final class OrphanedPostmaster {

  private static final Logger LOG = LoggerFactory.getLogger(OrphanedPostmaster.class);

  /** The library's own lock file, held by the JVM that runs a server on the directory for as long as it lives. */
  private static final String LOCK_FILE = "epg-lock";
  private static final String PID_FILE = "postmaster.pid";

  /** Smart shutdown (SIGTERM) waits for sessions to end; the dead JVM's sessions end as soon as they see it gone. */
  private static final Duration SMART_SHUTDOWN = Duration.ofSeconds(5);
  /** Fast shutdown (SIGINT) ends any remaining sessions, then writes a shutdown checkpoint, which can take a while. */
  private static final Duration FAST_SHUTDOWN = Duration.ofSeconds(60);

  private OrphanedPostmaster() {
  }

  static IllegalStateException inUse(Path dataDirectory) {
    return new IllegalStateException("another Bazaar is using " + dataDirectory);
  }

  /**
   * Stops a server left on {@code dataDirectory} by a JVM that is gone; refuses if a live JVM still holds the
   * directory. Holds the directory's lock meanwhile, so that two JVMs restarting at once do not both act.
   */
  static void takeOver(Path dataDirectory) {
    if (!Files.exists(dataDirectory.resolve("postgresql.conf"))) {
      return; // not initialised yet, so nothing can run on it; initdb also wants it free of our lock file
    }
    try (FileChannel channel = FileChannel.open(dataDirectory.resolve(LOCK_FILE), CREATE, WRITE);
         FileLock lock = channel.tryLock()) {
      if (lock == null) {
        throw inUse(dataDirectory);
      }
      stopLeftover(dataDirectory);
    } catch (OverlappingFileLockException heldInThisJvm) {
      throw inUse(dataDirectory);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot take over " + dataDirectory + ": " + e.getMessage(), e);
    }
  }

  private static void stopLeftover(Path dataDirectory) throws IOException {
    Optional<PidFile> pidFile = PidFile.read(dataDirectory);
    Optional<ProcessHandle> process = pidFile.flatMap(file -> ProcessHandle.of(file.pid())).filter(ProcessHandle::isAlive);
    if (process.isEmpty()) {
      return; // no pid file, or its process is gone: PostgreSQL takes over a stale pid file itself
    }
    long pid = pidFile.get().pid();
    Optional<String> command = process.get().info().command();
    if (command.isEmpty()) {
      return; // not ours to inspect (another user's); PostgreSQL cannot signal it either and treats the file as stale
    }
    if (!isPostgres(command.get())) {
      // The pid was recycled (after a reboot, say). PostgreSQL would take the live process for its predecessor and
      // refuse to start, so the stale file goes; the unrelated process is left alone.
      LOG.warn("{} names pid {}, now an unrelated process ({}); removing the stale file", dataDirectory.resolve(PID_FILE),
        pid, command.get());
      Files.deleteIfExists(dataDirectory.resolve(PID_FILE));
      return;
    }
    if (!pidFile.get().isFor(dataDirectory) || !startedOn(process.get(), pidFile.get().dataDirectory())) {
      throw new IllegalStateException("PostgreSQL (pid " + pid + ") named in " + dataDirectory.resolve(PID_FILE)
        + " is running but does not serve " + dataDirectory + "; stop it or remove that file");
    }
    ProcessHandle postmaster = process.get();
    if (!postmaster.supportsNormalTermination()) { // Windows: destroy() would kill it outright
      throw new IllegalStateException("PostgreSQL (pid " + pid + ") is still running on " + dataDirectory + "; stop it first");
    }
    LOG.warn("PostgreSQL (pid {}) still runs on {} after its JVM died; stopping it", pid, dataDirectory);
    postmaster.destroy(); // SIGTERM: smart shutdown
    if (!awaitStopped(postmaster, dataDirectory, SMART_SHUTDOWN)) {
      signal("INT", pid); // fast shutdown; ProcessHandle can only send TERM or KILL
      if (!awaitStopped(postmaster, dataDirectory, FAST_SHUTDOWN)) {
        throw new IllegalStateException("PostgreSQL (pid " + pid + ") left running on " + dataDirectory
          + " did not stop within " + SMART_SHUTDOWN.plus(FAST_SHUTDOWN).toSeconds() + " s");
      }
    }
  }

  private static boolean isPostgres(String command) {
    String name = Path.of(command).getFileName().toString();
    return name.equals("postgres") || name.equals("postgres.exe");
  }

  /**
   * Whether the process was started with {@code -D} naming this directory. Only the postmaster still shows the
   * arguments it was started with; its backends rewrite theirs ("postgres: checkpointer"), so they never match.
   */
  private static boolean startedOn(ProcessHandle process, Path recordedDirectory) {
    List<String> arguments = Arrays.asList(process.info().arguments().orElse(new String[0]));
    int option = arguments.indexOf("-D");
    // The pid file records the directory made absolute; -D may be relative to where pg_ctl ran.
    return option >= 0 && option + 1 < arguments.size()
      && recordedDirectory.endsWith(Path.of(arguments.get(option + 1)).normalize());
  }

  /**
   * Waits until the postmaster is gone or has removed its pid file. PostgreSQL removes that file last, once every
   * backend has exited and shared memory is released, so a new server may start from then on even if the old
   * process still shows: as a zombie, in containers whose init reaps orphans late.
   */
  private static boolean awaitStopped(ProcessHandle postmaster, Path dataDirectory, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (postmaster.isAlive() && PidFile.names(dataDirectory, postmaster.pid())) {
      if (System.nanoTime() - deadline > 0) {
        return false;
      }
      try {
        // Start-up, on the launcher's main thread before Vert.x exists (or a test's), never on an event loop: the shop
        // cannot start until the old server is gone, and a ProcessHandle cannot tell when the pid file goes.
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for PostgreSQL (pid " + postmaster.pid() + ") to stop");
      }
    }
    return true;
  }

  private static void signal(String signal, long pid) throws IOException {
    try {
      new ProcessBuilder("kill", "-" + signal, Long.toString(pid))
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .redirectError(ProcessBuilder.Redirect.DISCARD)
        .start().waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while signalling " + pid, e);
    }
  }

  /** The first two lines of {@code postmaster.pid}: the postmaster's pid and its data directory, made absolute. */
  record PidFile(long pid, Path dataDirectory) {

    static Optional<PidFile> read(Path dataDirectory) {
      try {
        List<String> lines = Files.readAllLines(dataDirectory.resolve(PID_FILE));
        return lines.size() < 2 ? Optional.empty()
          : Optional.of(new PidFile(Long.parseLong(lines.get(0).trim()), Path.of(lines.get(1).trim())));
      } catch (NoSuchFileException | NumberFormatException gone) {
        return Optional.empty(); // PostgreSQL judges a malformed file itself
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + dataDirectory.resolve(PID_FILE) + ": " + e.getMessage(), e);
      }
    }

    static boolean names(Path dataDirectory, long pid) {
      return read(dataDirectory).map(file -> file.pid() == pid).orElse(false);
    }

    boolean isFor(Path directory) {
      try {
        return Files.isSameFile(dataDirectory, directory);
      } catch (IOException e) {
        return false;
      }
    }
  }
}
