package dev.bazaar.launcher;

import dev.bazaar.platform.ServiceConfig;

import java.util.Optional;

/**
 * The command-line options of one service, an object with picocli {@code @Option} fields that the command line takes
 * in as a mixin, and the typed configuration they make for the service on a node.
 */
interface ServiceOptions {

  /** Refuses values that cannot work, with a {@link BadOption} that names the option; runs before anything starts. */
  default void check() {
  }

  /** The service's configuration on this node. */
  ServiceConfig config(Node node);

  /** How many instances of the verticle this node runs. */
  default int instances() {
    return 1;
  }

  /** What the start-up line says about the running service, such as where it listens; empty for nothing. */
  default String describe() {
    return "";
  }

  /** A start failure worded for the person who started the shop, when the options explain it better than its cause. */
  default Optional<String> explain(Throwable failure) {
    return Optional.empty();
  }
}
