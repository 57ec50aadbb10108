package dev.bazaar.launcher;

import dev.bazaar.contracts.Roles;
import dev.bazaar.platform.Text;
import dev.bazaar.devkit.TokenMinter;
import io.vertx.core.Vertx;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * {@code bazaar token --sub alice --role customer}: prints a token signed with the shop's local key, for trying the
 * API by hand. A shop configured with external keys checks tokens from its real issuer and never mints any.
 */
@Command(name = "token", mixinStandardHelpOptions = true, sortOptions = false,
  description = "Prints a signed bearer token for the local shop (only when no external keys are configured).")
class TokenCommand implements Callable<Integer> {

  private static final Set<String> ROLES = Roles.ALL;

  @Spec
  CommandSpec spec;

  @Option(names = "--sub", required = true, paramLabel = "SUBJECT",
    description = "Who the token speaks for; for a customer, the customer id.")
  String subject;

  @Option(names = "--role", required = true, split = ",", paramLabel = "ROLE",
    description = "customer or admin; repeat or separate with commas for both.")
  List<String> roles;

  @Option(names = "--ttl", paramLabel = "DURATION", converter = DurationConverter.class, defaultValue = "1h",
    description = "How long the token is valid, e.g. 15m, 1h. Default: ${DEFAULT-VALUE}.")
  Duration ttl;

  @Mixin
  DataDirectory dataDir;

  @Mixin
  JwtOptions jwt;

  @Override
  public Integer call() {
    if (jwt.usesExternalKeys()) {
      throw new ParameterException(spec.commandLine(),
        "this shop checks tokens against external keys (--jwt-public-key or --jwt-jwks), so it mints none; "
          + "get a token from your identity provider");
    }
    if (subject.isBlank() || subject.length() > 200 || Text.hasControlCharacters(subject, false)) {
      throw new ParameterException(spec.commandLine(), "--sub must be 1 to 200 printable characters");
    }
    for (String role : roles) {
      if (!ROLES.contains(role)) {
        throw new ParameterException(spec.commandLine(), "unknown role '" + role + "'; roles are customer and admin");
      }
    }
    if (ttl.toSeconds() < 1 || ttl.compareTo(jwt.maxLifetime) > 0) {
      throw new ParameterException(spec.commandLine(), "--ttl must be at least 1s and at most --jwt-max-lifetime " + jwt.maxLifetime);
    }
    LocalSigningKey local = LocalSigningKey.loadOrCreate(dataDir.path);
    Vertx vertx = Vertx.vertx();
    try {
      String token = new TokenMinter(vertx, local.key(), local.keyId(), jwt.issuer, jwt.audience).mint(subject, roles, ttl);
      spec.commandLine().getOut().println(token);
      spec.commandLine().getOut().flush();
    } finally {
      vertx.close();
    }
    return 0;
  }
}
