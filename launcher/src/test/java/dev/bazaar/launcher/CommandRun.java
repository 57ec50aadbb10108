package dev.bazaar.launcher;

import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

/** One run of the bazaar command line inside the test JVM: its exit code and what it printed. */
record CommandRun(int exitCode, String out, String err) {

  static CommandRun of(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine commandLine = BazaarCommand.commandLine();
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    int exitCode = commandLine.execute(args);
    return new CommandRun(exitCode, out.toString(), err.toString());
  }

  /** The settings a command line makes, without running it: for tests that start a shop in this JVM. */
  static ShopSettings settings(String... args) {
    CommandLine commandLine = BazaarCommand.commandLine();
    commandLine.parseArgs(args);
    return commandLine.<BazaarCommand>getCommand().settings();
  }
}
