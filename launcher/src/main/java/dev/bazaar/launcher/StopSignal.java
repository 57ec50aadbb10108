package dev.bazaar.launcher;

import sun.misc.Signal;

import java.util.concurrent.CountDownLatch;

/**
 * Ctrl-C and SIGTERM, as a wait: a command that runs until it is told to stop waits here, then stops cleanly and exits
 * with 0 rather than the JVM's 130 or 143.
 */
final class StopSignal {

  private StopSignal() {
  }

  /** From now on, SIGTERM and SIGINT end the wait instead of the JVM; returns when one of them came. */
  static void await() {
    CountDownLatch stopped = new CountDownLatch(1);
    Signal.handle(new Signal("TERM"), signal -> stopped.countDown());
    Signal.handle(new Signal("INT"), signal -> stopped.countDown());
    try {
      stopped.await();
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
