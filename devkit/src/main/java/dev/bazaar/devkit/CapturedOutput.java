package dev.bazaar.devkit;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * For tests that check what a process logs: everything written to standard out and standard error while some work
 * runs, which is where Bazaar's loggers write.
 */
public final class CapturedOutput {

  private CapturedOutput() {
  }

  public static String of(Runnable work) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream both = new PrintStream(captured, true, StandardCharsets.UTF_8);
    System.setOut(both);
    System.setErr(both);
    try {
      work.run();
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
    return captured.toString(StandardCharsets.UTF_8);
  }
}
