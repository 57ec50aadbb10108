package dev.bazaar.launcher;

import dev.bazaar.web.auth.AuthConfig;
import dev.bazaar.web.auth.Caller;
import dev.bazaar.web.auth.Jwks;
import dev.bazaar.devkit.SigningKey;
import dev.bazaar.web.auth.TokenVerifier;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** `bazaar token` mints tokens the shop accepts, with the local key only, and the key options read keys as documented. */
class TokenCommandTest {

  private static Vertx vertx;

  @TempDir
  Path dataDir;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stop() {
    vertx.close().await();
  }

  @Test
  void aMintedTokenIsAcceptedByTheShopThatUsesTheSameDataDirectory() {
    CommandRun run = CommandRun.of("token", "--sub", "alice", "--role", "customer,admin", "--ttl", "15m", "--data-dir", dataDir.toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    Caller caller = verifierFor(jwtOptions()).verify(run.out().strip()).await();
    assertThat(caller.subject()).isEqualTo("alice");
    assertThat(caller.roles()).isEqualTo(Set.of("customer", "admin"));
  }

  @Test
  void theLocalKeyIsMadeOnceAndReadableByItsOwnerOnly() throws Exception {
    CommandRun.of("token", "--sub", "a", "--role", "customer", "--data-dir", dataDir.toString());
    Path privateKey = dataDir.resolve("keys/jwt-es256-private.pem");
    String first = Files.readString(privateKey);

    CommandRun.of("token", "--sub", "b", "--role", "customer", "--data-dir", dataDir.toString());

    assertThat(Files.readString(privateKey)).isEqualTo(first);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(privateKey))).isEqualTo("rw-------");
  }

  @Test
  void aShopWithExternalKeysMintsNoTokens() throws Exception {
    Path pem = Files.writeString(dataDir.resolve("issuer.pem"), SigningKey.generate().publicPem());

    CommandRun run = CommandRun.of("token", "--sub", "alice", "--role", "admin", "--jwt-public-key", pem.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).startsWith("bazaar: ").contains("mints none");
    assertThat(run.out()).isEmpty();
  }

  @Test
  void unknownRolesAndOverlongTokensAreRefused() {
    assertThat(CommandRun.of("token", "--sub", "x", "--role", "king", "--data-dir", dataDir.toString()).exitCode()).isEqualTo(2);
    assertThat(CommandRun.of("token", "--sub", "x", "--role", "admin", "--ttl", "48h", "--data-dir", dataDir.toString()).exitCode())
      .isEqualTo(2);
    assertThat(CommandRun.of("token", "--role", "admin", "--data-dir", dataDir.toString()).exitCode()).isEqualTo(2);
    assertThat(CommandRun.of("token", "--sub", "x", "--role", "admin", "--ttl", "500ms", "--data-dir", dataDir.toString())
      .exitCode()).as("a token shorter than a second would carry no exp").isEqualTo(2);
  }

  @Test
  void aJwksFileKeepsOnlyItsRs256AndEs256SigningKeys() throws Exception {
    JsonObject signing = Jwks.fromPem(SigningKey.generate().publicPem(), "sig-1");
    JsonObject encryption = Jwks.fromPem(SigningKey.generate().publicPem(), "enc-1").put("use", "enc");
    JsonObject hmac = new JsonObject().put("kty", "oct").put("kid", "hmac").put("alg", "HS256").put("k", "c2VjcmV0");
    Path jwks = Files.writeString(dataDir.resolve("jwks.json"),
      new JsonObject().put("keys", new JsonArray().add(signing).add(encryption).add(hmac)).encode());

    JwtOptions options = jwtOptions("--jwt-jwks", jwks.toString());

    assertThat(options.authConfig(dataDir).jwks()).extracting(key -> key.getString("kid")).containsExactly("sig-1");
  }

  @Test
  void aJwksUrlMustBeHttpsUnlessOnTheLoopback() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
        () -> jwtOptions("--jwt-jwks", "http://issuer.example/jwks.json").authConfig(dataDir))
      .isInstanceOf(StartupException.class)
      .hasMessageContaining("https");
  }

  @Test
  void aJwksUrlIsLeftToTheWebVerticleToReadAndRefresh() {
    AuthConfig config = jwtOptions("--jwt-jwks", "https://issuer.example/jwks.json", "--jwt-jwks-refresh", "5m")
      .authConfig(dataDir);

    assertThat(config.jwksUrl()).isEqualTo("https://issuer.example/jwks.json");
    assertThat(config.jwks()).isEmpty();
    assertThat(config.jwksRefresh()).isEqualTo(Duration.ofMinutes(5));
    assertThat(jwtOptions("--jwt-jwks", "http://localhost:9000/jwks.json").authConfig(dataDir).jwksRefresh())
      .isEqualTo(Duration.ofMinutes(10));
  }

  @Test
  void aJwksWithoutSigningKeysStopsStartUp() throws Exception {
    Path jwks = Files.writeString(dataDir.resolve("jwks.json"), "{\"keys\": []}");

    org.assertj.core.api.Assertions.assertThatThrownBy(() -> jwtOptions("--jwt-jwks", jwks.toString()).authConfig(dataDir))
      .isInstanceOf(StartupException.class)
      .hasMessageContaining("no RS256 or ES256 signing key");
  }

  private TokenVerifier verifierFor(JwtOptions options) {
    return new TokenVerifier(vertx, options.authConfig(dataDir));
  }

  private JwtOptions jwtOptions(String... args) {
    JwtOptions options = new JwtOptions();
    new CommandLine(new Object() {
      @CommandLine.Mixin
      JwtOptions jwt = options;
    }).parseArgs(args);
    return options;
  }

}
