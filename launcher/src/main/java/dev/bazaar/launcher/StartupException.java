package dev.bazaar.launcher;

/** A reason the shop cannot start, worded for the person who started it: it is printed as one line, without a trace. */
final class StartupException extends RuntimeException {

  StartupException(String message) {
    super(message);
  }
}
