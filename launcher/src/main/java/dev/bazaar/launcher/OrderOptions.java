package dev.bazaar.launcher;

import dev.bazaar.order.OrderConfig;
import picocli.CommandLine.Option;

import java.time.Duration;

/** The order service's options: how it calls the other services, and how it takes over interrupted checkouts. */
final class OrderOptions implements ServiceOptions {

  @Option(names = "--order-call-attempts", paramLabel = "N",
    defaultValue = "${env:BAZAAR_ORDER_CALL_ATTEMPTS:-3}",
    description = "How often a checkout step calls a service that timed out or was not there before the step fails. "
      + "Default: ${DEFAULT-VALUE}. Env: BAZAAR_ORDER_CALL_ATTEMPTS.")
  int callAttempts;

  @Option(names = "--order-lease", paramLabel = "DURATION", converter = DurationConverter.class,
    defaultValue = "${env:BAZAAR_ORDER_LEASE:-60s}",
    description = "How long a checkout stays with the instance driving it after its last step; then another instance "
      + "finishes it. Default: ${DEFAULT-VALUE}. Env: BAZAAR_ORDER_LEASE.")
  Duration lease;

  @Option(names = "--order-recovery", paramLabel = "DURATION", converter = DurationConverter.class,
    defaultValue = "${env:BAZAAR_ORDER_RECOVERY:-10s}",
    description = "How often each order instance looks for checkouts whose lease ran out. Default: ${DEFAULT-VALUE}. "
      + "Env: BAZAAR_ORDER_RECOVERY.")
  Duration recovery;

  @Option(names = "--idempotency-retention", paramLabel = "DURATION", converter = DurationConverter.class,
    defaultValue = "${env:BAZAAR_IDEMPOTENCY_RETENTION:-24h}",
    description = "How long an order's Idempotency-Key is kept after placing ended. Default: ${DEFAULT-VALUE}. "
      + "Env: BAZAAR_IDEMPOTENCY_RETENTION.")
  Duration keyRetention;

  @Override
  public void check() {
    if (callAttempts < 1 || callAttempts > 20) {
      throw new BadOption("--order-call-attempts must be between 1 and 20, not " + callAttempts);
    }
    if (lease.isZero() || recovery.isZero() || keyRetention.isZero()) {
      throw new BadOption("--order-lease, --order-recovery and --idempotency-retention must be longer than 0");
    }
  }

  @Override
  public OrderConfig config(Node node) {
    return new OrderConfig(node.database(), node.outbox(), node.serviceTimeout(), callAttempts, lease, recovery, keyRetention,
      node.currency());
  }
}
