package dev.bazaar.launcher;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** The services one bazaar process can run, in the order they start: the web verticle last, once it has something to call. */
enum ServiceName {
  CATALOG("catalog", true),
  WEB("web", false);

  final String cliName;
  final boolean needsDatabase;

  ServiceName(String cliName, boolean needsDatabase) {
    this.cliName = cliName;
    this.needsDatabase = needsDatabase;
  }

  static Optional<ServiceName> parse(String name) {
    return Arrays.stream(values()).filter(s -> s.cliName.equalsIgnoreCase(name.trim())).findFirst();
  }

  static String known() {
    return Arrays.stream(values()).map(s -> s.cliName).collect(Collectors.joining(", "));
  }
}
