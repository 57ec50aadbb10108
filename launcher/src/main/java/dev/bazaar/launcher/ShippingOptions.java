package dev.bazaar.launcher;

import dev.bazaar.platform.Countries;
import dev.bazaar.shipping.ShippingConfig;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/** Shipping's options: the simulated carrier's pace, and the shop's own country, whose parcels ship at domestic rates. */
final class ShippingOptions implements ServiceOptions {

  @Option(names = "--carrier-delays", split = ",", paramLabel = "DURATION", converter = DurationConverter.class,
    defaultValue = "${env:BAZAAR_CARRIER_DELAYS:-2m,5m,3m}",
    description = "How long the simulated carrier takes from label to in transit, to out for delivery, to delivered: "
      + "three durations, e.g. 2m,5m,3m. Default: ${DEFAULT-VALUE}. Env: BAZAAR_CARRIER_DELAYS.")
  List<Duration> carrierDelays;

  @Option(names = "--carrier-sweep", paramLabel = "DURATION", converter = DurationConverter.class,
    defaultValue = "${env:BAZAAR_CARRIER_SWEEP:-1s}",
    description = "How often each shipping instance moves the parcels that are due. Default: ${DEFAULT-VALUE}. "
      + "Env: BAZAAR_CARRIER_SWEEP.")
  Duration carrierSweep;

  @Option(names = "--home-country", paramLabel = "CODE",
    defaultValue = "${env:BAZAAR_HOME_COUNTRY:-DE}",
    description = "The shop's country, ISO 3166-1 alpha-2: parcels to it ship at domestic rates. "
      + "Default: ${DEFAULT-VALUE}. Env: BAZAAR_HOME_COUNTRY.")
  String homeCountry;

  @Override
  public void check() {
    if (carrierDelays.size() != 3) {
      throw new BadOption("--carrier-delays takes three durations, to in transit, out for delivery and delivered, "
        + "e.g. 2m,5m,3m; not " + carrierDelays.size());
    }
    if (carrierSweep.isZero()) {
      throw new BadOption("--carrier-sweep must be longer than 0");
    }
    if (!Countries.isCode(country())) {
      throw new BadOption("--home-country must be an ISO 3166-1 alpha-2 country code such as DE, not '" + homeCountry + "'");
    }
  }

  @Override
  public ShippingConfig config(Node node) {
    return new ShippingConfig(node.database(), node.outbox(), carrierDelays.get(0), carrierDelays.get(1),
      carrierDelays.get(2), carrierSweep, country(), node.currency());
  }

  private String country() {
    return homeCountry.strip().toUpperCase(Locale.ROOT);
  }
}
