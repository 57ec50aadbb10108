package dev.bazaar.launcher;

import dev.bazaar.devkit.EmbeddedPostgresServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code bazaar db}: the embedded PostgreSQL alone, for the service nodes of a cluster on this machine to share. It
 * prints the URI to give them with {@code --pg-uri}, with the superuser's password in it, and runs until Ctrl-C or
 * SIGTERM. It listens on loopback only: across machines, use a PostgreSQL of your own.
 */
@Command(name = "db", mixinStandardHelpOptions = true, sortOptions = false,
  description = "Runs the embedded PostgreSQL alone and prints its URI, for the nodes of a cluster on this machine.")
class DatabaseCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Option(names = "--port", paramLabel = "PORT",
    defaultValue = "${env:BAZAAR_DB_PORT:-15432}",
    description = "The port PostgreSQL listens on; 0 picks a free one. Default: ${DEFAULT-VALUE}. Env: BAZAAR_DB_PORT.")
  int port;

  @Mixin
  DataDirectory dataDir;

  @Override
  public Integer call() {
    if (port < 0 || port > 65535) {
      throw new ParameterException(spec.commandLine(), "--port must be between 0 and 65535, not " + port);
    }
    PrintWriter out = spec.commandLine().getOut();
    Path directory = DataDirectory.embeddedPostgres(dataDir.path);
    try (EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(directory, port)) {
      out.println("PostgreSQL is running: " + postgres.uri());
      out.println("Give it to each service node: --pg-uri " + postgres.uri());
      out.flush();
      StopSignal.await();
    }
    out.println("PostgreSQL stopped.");
    out.flush();
    return 0;
  }
}
