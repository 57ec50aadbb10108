package dev.bazaar.launcher;

/** An option value that cannot work, worded for the command line; it ends the run with exit code 2. */
final class BadOption extends RuntimeException {

  BadOption(String message) {
    super(message, null, false, false);
  }
}
