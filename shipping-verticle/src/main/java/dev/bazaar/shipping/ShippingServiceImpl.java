package dev.bazaar.shipping;

import dev.bazaar.contracts.Address;
import dev.bazaar.contracts.ErrorCode;
import dev.bazaar.contracts.Event;
import dev.bazaar.contracts.shipping.Shipment;
import dev.bazaar.contracts.shipping.ShippingQuote;
import dev.bazaar.contracts.shipping.ShippingService;
import dev.bazaar.platform.Identifiers;
import io.vertx.core.Future;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import static dev.bazaar.contracts.shipping.ShipmentStatus.CANCELLED;
import static dev.bazaar.contracts.shipping.ShipmentStatus.LABEL_CREATED;
import static dev.bazaar.shipping.ShipmentRules.MOVES;

/**
 * Shipping's rules. Every method is non-blocking; every statement it needs is in the repository. A quote needs none:
 * it is priced from the rate table read at start.
 */
public class ShippingServiceImpl implements ShippingService {

  private static final SecureRandom RANDOM = new SecureRandom();

  private final ShippingRepository repository;
  private final SimulatedCarrier carrier;
  private final RateTable rates;
  private final String homeCountry;
  private final String currency;

  /**
   * Quotes from {@code rates}. Parcels to {@code homeCountry} ship at domestic rates; every rate is in {@code currency},
   * the one the shop sells in.
   */
  ShippingServiceImpl(ShippingRepository repository, SimulatedCarrier carrier, RateTable rates, String homeCountry,
                      String currency) {
    this.repository = repository;
    this.carrier = carrier;
    this.rates = rates;
    this.homeCountry = homeCountry;
    this.currency = currency;
  }

  @Override
  public Future<Void> ping() {
    return repository.ping();
  }

  @Override
  public Future<ShippingQuote> quote(String country, int weightGrams) {
    return valid(ShipmentRules.countryViolation(country).or(() -> ShipmentRules.weightViolation(weightGrams)))
      .compose(ok -> rates.quote(country, homeCountry, weightGrams, currency)
        .map(Future::succeededFuture)
        .orElseGet(() -> ErrorCode.INVALID_INPUT.fail("No rate covers " + weightGrams + " g to " + country + ".")));
  }

  @Override
  public Future<Shipment> createShipment(String orderId, Address address, int weightGrams) {
    return Identifiers.valid("orderId", orderId)
      .compose(id -> valid(ShipmentRules.addressViolation(address).or(() -> ShipmentRules.weightViolation(weightGrams))))
      .compose(ok -> repository.insert(orderId, trackingNumber(), address, weightGrams,
        carrier.moveInto(LABEL_CREATED, address)))
      .compose(created -> created != null
        ? Future.succeededFuture(created)
        : ErrorCode.CONFLICT.fail("The shipment of order " + orderId + " was cancelled before it was created."));
  }

  @Override
  public Future<Shipment> cancelShipment(String orderId) {
    return Identifiers.valid("orderId", orderId)
      .compose(id -> repository.move(orderId, MOVES.into(CANCELLED), carrier.moveInto(CANCELLED, null)))
      .compose(cancelled -> cancelled != null
        ? Future.succeededFuture(cancelled)
        : repository.find(orderId).compose(existing -> explainUncancelled(orderId, existing)));
  }

  /**
   * Nothing was cancelled: there is no such shipment, it was cancelled before, or the carrier has it. With no shipment
   * yet, a creation still on its way must not make one: the answer is NOT_FOUND all the same.
   */
  private Future<Shipment> explainUncancelled(String orderId, Shipment existing) {
    if (existing == null) {
      return repository.forbid(orderId)
        .compose(forbidden -> forbidden
          ? ErrorCode.NOT_FOUND.fail("Order " + orderId + " has no shipment, and now will not have one.")
          : cancelShipment(orderId));
    }
    if (existing.getStatus() == CANCELLED) {
      return Future.succeededFuture(existing);
    }
    // A status cancellable now was not a moment ago: it cannot happen, as shipments only move forward, but if it
    // did, trying again is the right answer.
    return MOVES.check("The shipment of order " + orderId, existing.getStatus(), CANCELLED)
      .compose(cancellable -> cancelShipment(orderId));
  }

  @Override
  public Future<Shipment> get(String orderId) {
    return Identifiers.valid("orderId", orderId)
      .compose(repository::find)
      .compose(found -> found != null ? Future.succeededFuture(found) : notFound(orderId));
  }

  @Override
  public Future<List<Event>> events(long afterPosition, int limit) {
    return repository.events(afterPosition, limit);
  }

  private static Future<Void> valid(Optional<String> violation) {
    return violation.isPresent() ? ErrorCode.INVALID_INPUT.fail(violation.get()) : Future.succeededFuture();
  }

  private static Future<Shipment> notFound(String orderId) {
    return ErrorCode.NOT_FOUND.fail("Order " + orderId + " has no shipment.");
  }

  /** BZ and 16 hex digits: unguessable, so a tracking number tells nobody about other orders. */
  private static String trackingNumber() {
    byte[] bytes = new byte[8];
    RANDOM.nextBytes(bytes);
    return "BZ" + HexFormat.of().withUpperCase().formatHex(bytes);
  }
}
