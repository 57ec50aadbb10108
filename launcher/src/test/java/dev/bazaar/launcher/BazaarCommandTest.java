package dev.bazaar.launcher;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.ServerSocket;

import static org.assertj.core.api.Assertions.assertThat;

/** Every mistake on the command line costs one clear line on stderr and a non-zero exit, never a stack trace. */
class BazaarCommandTest {

  @ParameterizedTest
  @ValueSource(strings = {
    "--http-port=99999",
    "--http-port=0",
    "--http-port=eighty",
    "--bridge-port=0",
    "--bridge-port=70000",
    "--bridge-port=tcp",
    "--bridge-port=8080",
    "--http-port=9000 --bridge-port=9000",
    "--bridge-idle-timeout=0s",
    "--bridge-idle-timeout=soon",
    "--bridge-host= ",
    "--services=catalog,warehouse",
    "--services=",
    "--reservation-ttl=forever",
    "--reservation-ttl=0s",
    "--pg-pool-size=0",
    "--demo-data=maybe",
    "--carrier-delays=2m,5m",
    "--carrier-delays=2m,5m,3m,1m",
    "--carrier-delays=2m,soon,3m",
    "--carrier-sweep=0",
    "--home-country=XX",
    "--home-country=DEU",
    "--currency=XYZ",
    "--currency=JPY",
    "--decline-limit=-1",
    "--decline-limit=five",
    "--decline-window=0",
    "--decline-window=soon",
    "--decline-cool-down=0s",
    "--decline-cool-down=-1m",
    "--smtp-uri=http://mail.example.com",
    "--smtp-uri=smtp://",
    "--smtp-uri=smtp://mail.example.com?starttls=sometimes",
    "--smtp-password=secret",
    "--mail-from=nobody",
    "--mail-attempts=0",
    "--mail-retry=1s",
    "--mail-retry=10m,1s",
    "--mail-lease=1s",
    "loadgen --rate=fast",
    "loadgen --rate=0",
    "loadgen --rate=100 --users=5",
    "loadgen --users=0",
    "loadgen --mix=shop=1",
    "loadgen --mix=browse=0",
    "loadgen --target=ftp://localhost:8080",
    "loadgen --target=http://",
    "loadgen --duration=0s",
    "loadgen --max-in-flight=0",
    "loadgen --warmup=-1s",
    "loadgen --generators=2",
    "loadgen --mix=checkout=1 --data-dir=/nonexistent-bazaar-data",
    "--rate-limit=-1",
    "--rate-burst=0",
    "--request-timeout=soon",
    "--idle-timeout=0s",
    "--idle-timeout=15s",
    "--header-timeout=0s",
    "--header-timeout=soon",
    "--trusted-proxies=10.0.0.0/33",
    "--trusted-proxies=10.0.0.1,proxy.example",
    "--jwt-jwks-refresh=0s",
    "--tls-cert=/etc/hostname",
    "--tls-key=/etc/hostname",
    "--shutdown-grace=-1s",
    "--cluster --cluster-port=0",
    "--cluster --cluster-port=70000",
    "--cluster --cluster-bus-port=-1",
    "--cluster --cluster-name=",
    "--cluster --cluster-members=,",
    "--cluster --cluster-members=host;rm",
    "--cluster --cluster-host=localhost --services=web",
    "--cluster",
    "--cluster --services=catalog",
    "db --port=-1",
    "db --port=postgres",
    "--no-such-option"})
  void aBadOptionIsOneLineAndExitCode2(String options) {
    CommandRun run = CommandRun.of(options.split(" "));

    assertThat(run.exitCode()).isEqualTo(2);
    assertOneLine(run.err());
    assertThat(run.out()).isEmpty();
  }

  @Test
  void aClusteredServiceWithoutADatabaseUriIsToldToStartTheSharedOne() {
    CommandRun run = CommandRun.of("--cluster", "--services=payment,web");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("payment needs the shared database").contains("bazaar db").contains("--pg-uri");
  }

  @Test
  void aMistakeInTheSmtpUriSaysWhatIsWrongWithIt() {
    assertThat(CommandRun.of("--smtp-uri=smtp://mail.example.com?tls=on").err())
      .isEqualTo("bazaar: --smtp-uri takes only starttls=required, starttls=optional or starttls=disabled, not 'tls=on' (see --help)"
        + System.lineSeparator());
  }

  @Test
  void aLoadgenWhoseTargetDoesNotAnswerSaysSoInOneLineAndExitCode1() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }

    CommandRun run = CommandRun.of("loadgen", "--target=http://127.0.0.1:" + closedPort, "--mix=health=1", "--duration=1s");

    assertThat(run.exitCode()).isEqualTo(1);
    assertOneLine(run.err());
    assertThat(run.err()).startsWith("bazaar: cannot reach http://127.0.0.1:" + closedPort);
  }

  @Test
  void aBridgePortThatIsTakenIsOneLineAndExitCode1() throws Exception {
    try (ServerSocket taken = new ServerSocket(0)) {
      CommandRun run = CommandRun.of("--services=web", "--http-port=" + ShopProcess.freePort(),
        "--bridge-port=" + taken.getLocalPort());

      assertThat(run.exitCode()).isEqualTo(1);
      assertOneLine(run.err());
      assertThat(run.err()).startsWith("bazaar: cannot open the event bus bridge on port " + taken.getLocalPort());
    }
  }

  @Test
  void anUnknownServiceNamesTheKnownOnes() {
    assertThat(CommandRun.of("--services=catalog,warehouse").err())
      .contains("warehouse").contains("known services: " + Services.names());
  }

  @Test
  void anUnreachableDatabaseIsOneLineAndExitCode1() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }

    CommandRun run = CommandRun.of("--services=catalog", "--pg-uri=postgresql://bazaar@127.0.0.1:" + closedPort + "/bazaar");

    assertThat(run.exitCode()).isEqualTo(1);
    assertOneLine(run.err());
    assertThat(run.err()).contains("cannot reach PostgreSQL at 127.0.0.1:" + closedPort);
  }

  @Test
  void aMalformedDatabaseUriIsOneLineAndExitCode1() {
    CommandRun run = CommandRun.of("--services=catalog", "--pg-uri=mysql://nope");

    assertThat(run.exitCode()).isEqualTo(1);
    assertOneLine(run.err());
    assertThat(run.err()).contains("--pg-uri");
  }

  @Test
  void helpListsEveryOptionWithItsEnvironmentVariable() {
    CommandRun run = CommandRun.of("--help");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("--services", "BAZAAR_SERVICES", "--http-port", "BAZAAR_HTTP_PORT", "--pg-uri",
      "BAZAAR_PG_URI", "--data-dir", "BAZAAR_DATA_DIR", "--jwt-jwks", "BAZAAR_JWT_JWKS", "--rate-limit",
      "BAZAAR_RATE_LIMIT", "--bridge-port", "BAZAAR_BRIDGE_PORT", "--cors-origins", "--tls-cert", "--carrier-delays",
      "BAZAAR_CARRIER_DELAYS", "--home-country", "BAZAAR_HOME_COUNTRY", "--currency", "BAZAAR_CURRENCY",
      "--decline-limit", "BAZAAR_DECLINE_LIMIT", "--decline-window", "BAZAAR_DECLINE_WINDOW", "--decline-cool-down",
      "BAZAAR_DECLINE_COOL_DOWN", "--idle-timeout", "BAZAAR_IDLE_TIMEOUT",
      "--header-timeout", "BAZAAR_HEADER_TIMEOUT", "--trusted-proxies", "BAZAAR_TRUSTED_PROXIES", "--jwt-jwks-refresh",
      "BAZAAR_JWT_JWKS_REFRESH", "token");
  }

  @Test
  void aBadTrustedProxySaysWhichOneAndWhy() {
    assertThat(CommandRun.of("--trusted-proxies=10.0.0.0/8,10.1.0.0/40").err())
      .isEqualTo("bazaar: --trusted-proxies: the prefix of '10.1.0.0/40' must be a number from 0 to 32 (see --help)"
        + System.lineSeparator());
  }

  private static void assertOneLine(String err) {
    assertThat(err).startsWith("bazaar: ");
    assertThat(err.strip().lines()).hasSize(1);
    assertThat(err).doesNotContain("Exception").doesNotContain("\tat ");
  }

}
