package dev.bazaar.launcher;

/** {@code java -jar bazaar.jar}: runs the command line and exits with its status. */
public final class Main {

  private Main() {
  }

  public static void main(String[] args) {
    System.exit(BazaarCommand.commandLine().execute(args));
  }
}
