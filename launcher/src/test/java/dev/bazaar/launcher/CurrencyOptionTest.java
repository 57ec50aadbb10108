package dev.bazaar.launcher;

import dev.bazaar.contracts.catalog.CatalogService;
import dev.bazaar.contracts.order.OrderService;
import dev.bazaar.contracts.payment.PaymentService;
import dev.bazaar.contracts.shipping.ShippingService;
import dev.bazaar.platform.DatabaseConfig;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** --currency: the one currency the whole shop sells in, EUR unless told, reaching every service that deals in money. */
class CurrencyOptionTest {

  private static final List<String> SERVICES_WITH_MONEY =
    List.of(CatalogService.NAME, PaymentService.NAME, ShippingService.NAME, OrderService.NAME);
  private static final String CHOICES = "AUD, CAD, CHF, CZK, DKK, EUR, GBP, HUF, NOK, NZD, PLN, SEK, USD";

  @Test
  void theShopSellsInEurUnlessTold() {
    assertThat(currencies()).containsOnlyKeys(SERVICES_WITH_MONEY).allSatisfy((name, code) -> assertThat(code).isEqualTo("EUR"));
  }

  @Test
  void everyServiceThatDealsInMoneySellsInTheCurrencyGivenInAnyCase() {
    assertThat(currencies("--currency= gbp ")).containsOnlyKeys(SERVICES_WITH_MONEY)
      .allSatisfy((name, code) -> assertThat(code).as(name).isEqualTo("GBP"));
  }

  @Test
  void aCodeTheShopDoesNotTradeInIsOneLineNamingTheChoicesAndExitCode2() {
    CommandRun run = CommandRun.of("--currency=XYZ");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).isEqualTo("bazaar: --currency must be the ISO-4217 code of one of " + CHOICES + ", not 'XYZ'"
      + " (see --help)" + System.lineSeparator());
    assertThat(run.out()).isEmpty();
  }

  @Test
  void yenIsRefusedAsTheShippingRatesAreInHundredths() {
    CommandRun run = CommandRun.of("--currency=JPY");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).isEqualTo("bazaar: --currency JPY has no minor units, and the shipping rates are in "
      + "hundredths; choose one of " + CHOICES + " (see --help)" + System.lineSeparator());
  }

  /**
   * The currency in the configuration of each service that deals in money, where it has one. Only those run, so that
   * no other service's configuration is made (the web's would make a signing key in the data directory).
   */
  private static Map<String, String> currencies(String... args) {
    List<String> command = new ArrayList<>(List.of(args));
    command.add("--services=" + String.join(",", SERVICES_WITH_MONEY));
    ShopSettings settings = CommandRun.settings(command.toArray(String[]::new));
    Node node = new Node(new DatabaseConfig("postgresql://bazaar@localhost:5432/bazaar", 4), Path.of("data"),
      Duration.ofSeconds(5), settings.outbox(), settings.currency());
    return settings.services().stream()
      .filter(service -> service.options().config(node).toJson().containsKey("currency"))
      .collect(Collectors.toMap(ServiceEntry::name,
        service -> service.options().config(node).toJson().getString("currency")));
  }
}
