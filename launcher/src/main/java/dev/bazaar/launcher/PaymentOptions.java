package dev.bazaar.launcher;

import dev.bazaar.payment.DeclineLimit;
import dev.bazaar.payment.PaymentConfig;
import picocli.CommandLine.Option;

import java.time.Duration;

/** The payment service's options: how slow the simulated card processor is, and the brake on card testing. */
final class PaymentOptions implements ServiceOptions {

  @Option(names = "--payment-latency", paramLabel = "DURATION", converter = DurationConverter.class,
    defaultValue = "${env:BAZAAR_PAYMENT_LATENCY:-50ms}",
    description = "How long the simulated card processor takes to answer each call, as a real one would. "
      + "Default: ${DEFAULT-VALUE}. Env: BAZAAR_PAYMENT_LATENCY.")
  Duration latency;

  @Option(names = "--decline-limit", paramLabel = "N",
    defaultValue = "${env:BAZAAR_DECLINE_LIMIT:-5}",
    description = "After this many declined card payments of one customer within --decline-window, that customer's "
      + "new cards and card payments are refused (429) for --decline-cool-down; 0 turns this off. "
      + "Default: ${DEFAULT-VALUE}. Env: BAZAAR_DECLINE_LIMIT.")
  int declineLimit;

  @Option(names = "--decline-window", paramLabel = "DURATION", converter = DurationConverter.class,
    defaultValue = "${env:BAZAAR_DECLINE_WINDOW:-10m}",
    description = "The time within which --decline-limit declines stop a customer's card payments. "
      + "Default: ${DEFAULT-VALUE}. Env: BAZAAR_DECLINE_WINDOW.")
  Duration declineWindow;

  @Option(names = "--decline-cool-down", paramLabel = "DURATION", converter = DurationConverter.class,
    defaultValue = "${env:BAZAAR_DECLINE_COOL_DOWN:-15m}",
    description = "How long after the last of those declines the customer's card payments stay refused. "
      + "Default: ${DEFAULT-VALUE}. Env: BAZAAR_DECLINE_COOL_DOWN.")
  Duration declineCoolDown;

  @Override
  public void check() {
    if (declineLimit < 0) {
      throw new BadOption("--decline-limit must be 0 (off) or more, not " + declineLimit);
    }
    if (declineWindow.isZero()) {
      throw new BadOption("--decline-window must be longer than 0");
    }
    if (declineCoolDown.isZero()) {
      throw new BadOption("--decline-cool-down must be longer than 0");
    }
  }

  @Override
  public PaymentConfig config(Node node) {
    return new PaymentConfig(node.database(), node.outbox(), latency, node.currency(),
      new DeclineLimit(declineLimit, declineWindow, declineCoolDown));
  }
}
