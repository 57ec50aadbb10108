package dev.bazaar.launcher;

import dev.bazaar.payment.PaymentConfig;
import picocli.CommandLine.Option;

import java.time.Duration;

/** The payment service's options: how slow the simulated card processor is. */
final class PaymentOptions implements ServiceOptions {

  @Option(names = "--payment-latency", paramLabel = "DURATION", converter = DurationConverter.class,
    defaultValue = "${env:BAZAAR_PAYMENT_LATENCY:-50ms}",
    description = "How long the simulated card processor takes to answer each call, as a real one would. "
      + "Default: ${DEFAULT-VALUE}. Env: BAZAAR_PAYMENT_LATENCY.")
  Duration latency;

  @Override
  public PaymentConfig config(Node node) {
    return new PaymentConfig(node.database(), node.outbox(), latency, node.currency());
  }
}
