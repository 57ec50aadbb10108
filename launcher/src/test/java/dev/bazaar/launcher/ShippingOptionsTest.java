package dev.bazaar.launcher;

import dev.bazaar.contracts.shipping.ShippingService;
import dev.bazaar.platform.DatabaseConfig;
import dev.bazaar.platform.OutboxConfig;
import dev.bazaar.shipping.ShippingConfig;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The shipping options make shipping's configuration: the carrier's three delays in order, its sweep, the home country. */
class ShippingOptionsTest {

  private static final Node NODE = new Node(new DatabaseConfig("postgresql://bazaar@localhost:5432/bazaar", 4),
    Path.of("data"), Duration.ofSeconds(10), OutboxConfig.DEFAULTS, "EUR");

  @Test
  void theDefaultsMoveParcelsInMinutesFromGermany() {
    ShippingConfig config = shippingConfig();

    assertThat(config.inTransitAfter()).isEqualTo(Duration.ofMinutes(2));
    assertThat(config.outForDeliveryAfter()).isEqualTo(Duration.ofMinutes(5));
    assertThat(config.deliveredAfter()).isEqualTo(Duration.ofMinutes(3));
    assertThat(config.carrierSweep()).isEqualTo(Duration.ofSeconds(1));
    assertThat(config.homeCountry()).isEqualTo("DE");
    assertThat(config.database()).isEqualTo(NODE.database());
  }

  @Test
  void theOptionsSetEachDelayInOrderAndTheHomeCountryInAnyCase() {
    ShippingConfig config = shippingConfig("--carrier-delays=250ms,2s,1m", "--carrier-sweep=100ms", "--home-country= fr ");

    assertThat(config.inTransitAfter()).isEqualTo(Duration.ofMillis(250));
    assertThat(config.outForDeliveryAfter()).isEqualTo(Duration.ofSeconds(2));
    assertThat(config.deliveredAfter()).isEqualTo(Duration.ofMinutes(1));
    assertThat(config.carrierSweep()).isEqualTo(Duration.ofMillis(100));
    assertThat(config.homeCountry()).isEqualTo("FR");
  }

  @Test
  void aBadOptionSaysWhatItTakes() {
    assertThat(CommandRun.of("--carrier-delays=1m,2m").err()).contains("--carrier-delays takes three durations");
    assertThat(CommandRun.of("--home-country=XX").err()).contains("--home-country must be an ISO 3166-1 alpha-2", "'XX'");
  }

  private static ShippingConfig shippingConfig(String... args) {
    CommandLine commandLine = BazaarCommand.commandLine();
    commandLine.parseArgs(args);
    ServiceEntry shipping = commandLine.<BazaarCommand>getCommand().settings().services().stream()
      .filter(service -> service.name().equals(ShippingService.NAME)).findFirst().orElseThrow();
    return (ShippingConfig) shipping.options().config(NODE);
  }
}
