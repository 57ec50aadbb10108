package dev.bazaar.shipping;

import dev.bazaar.contracts.Address;
import dev.bazaar.contracts.shipping.Shipment;
import dev.bazaar.contracts.shipping.ShipmentStatus;
import dev.bazaar.shipping.ShippingRepository.Move;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static dev.bazaar.contracts.shipping.ShipmentStatus.CANCELLED;

/**
 * A carrier that moves each parcel from label to doorstep on configured delays, and says where the parcel was at each
 * move. Its timers are due times in the database, never in memory: every few hundred milliseconds it moves whatever
 * is due, so a service that was stopped or redeployed carries on where it left off, and several instances share the
 * work without moving a parcel twice.
 */
final class SimulatedCarrier {

  private static final Logger LOG = LoggerFactory.getLogger(SimulatedCarrier.class);
  private static final int BATCH = 100;

  private final ShippingRepository repository;
  private final ShippingConfig config;
  private final String warehouse;
  private boolean sweeping;

  SimulatedCarrier(ShippingRepository repository, ShippingConfig config) {
    this.repository = repository;
    this.config = config;
    this.warehouse = "Bazaar warehouse, " + config.homeCountry();
  }

  /** Timers of a verticle die with it, so an undeployed shipping service stops moving parcels on its own. */
  void start(Vertx vertx) {
    vertx.setPeriodic(config.carrierSweep().toMillis(), tick -> sweep());
  }

  /**
   * The move into {@code status} of a parcel bound for {@code to}: where it is then, and how long it stays. Labels
   * are printed and cancelled at the warehouse, so those two need no address.
   */
  Move moveInto(ShipmentStatus status, Address to) {
    String place = switch (status) {
      case LABEL_CREATED, CANCELLED -> warehouse;
      case IN_TRANSIT -> "Sorting hub " + to.getCountry();
      case OUT_FOR_DELIVERY -> to.getCity() + " depot";
      case DELIVERED -> to.getCity();
    };
    return new Move(status, place, config.carrierDelayIn(status));
  }

  /** One sweep at a time: a slow database makes sweeps longer, not more of them at once. */
  private void sweep() {
    if (sweeping) {
      return;
    }
    sweeping = true;
    moveDue()
      .onFailure(failure -> LOG.warn("The carrier could not move parcels, will retry: {}", failure.getMessage()))
      .onComplete(done -> sweeping = false);
  }

  /** Moves every parcel that is due one step, a batch at a time until none is left; how many moved. */
  Future<Integer> moveDue() {
    return repository.moveDue(BATCH, this::nextMove)
      .compose(moved -> moved < BATCH ? Future.succeededFuture(moved) : moveDue().map(more -> moved + more));
  }

  /** The carrier follows the table of moves: from each status, the one move that is not a cancellation. */
  private Move nextMove(Shipment shipment) {
    ShipmentStatus next = ShipmentRules.MOVES.from(shipment.getStatus()).stream()
      .filter(status -> status != CANCELLED)
      .findFirst()
      .orElseThrow(() -> new IllegalStateException("a " + shipment.getStatus() + " shipment had a due time"));
    return moveInto(next, shipment.getAddress());
  }
}
