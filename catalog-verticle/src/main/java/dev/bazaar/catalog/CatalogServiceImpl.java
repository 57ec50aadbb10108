package dev.bazaar.catalog;

import dev.bazaar.contracts.ErrorCode;
import dev.bazaar.contracts.Event;
import dev.bazaar.contracts.catalog.CatalogService;
import dev.bazaar.contracts.catalog.Product;
import dev.bazaar.contracts.catalog.ProductDraft;
import dev.bazaar.contracts.catalog.ProductPage;
import dev.bazaar.contracts.catalog.ProductQuery;
import dev.bazaar.contracts.catalog.ProductSort;
import dev.bazaar.contracts.catalog.Reservation;
import dev.bazaar.contracts.catalog.ReservationLine;
import dev.bazaar.contracts.catalog.ReservationStatus;
import dev.bazaar.platform.Database;
import dev.bazaar.platform.Identifiers;
import dev.bazaar.platform.Text;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

/** The catalog's business rules. Every method is non-blocking; every statement it needs is in the repository. */
public class CatalogServiceImpl implements CatalogService {

  private static final Logger LOG = LoggerFactory.getLogger(CatalogServiceImpl.class);

  private static final int MAX_TEXT = 200;
  private static final int EXPIRY_BATCH = 100;
  private static final int MAX_PAGE = 1_000_000;
  private static final int MAX_PRODUCTS_AT_ONCE = 100;
  /** Orders per grouped transaction: enough for any concurrency a catalog instance sees, small enough to stay quick. */
  private static final int MAX_GROUP = 100;

  private final CatalogRepository repository;
  private final Duration reservationTtl;
  private final String currency;
  private final GroupedWrites<ReservationRequest, Reservation> reservations;
  private final GroupedWrites<String, Reservation> commits;

  /**
   * {@code currency} is the one the shop sells in: a product priced in another is refused. Reservations and commits
   * are grouped on the calling thread's context (the verticle's, when a verticle makes the service).
   */
  public CatalogServiceImpl(Vertx vertx, CatalogRepository repository, Duration reservationTtl, String currency) {
    this.repository = repository;
    this.reservationTtl = reservationTtl;
    this.currency = currency;
    Context context = vertx.getOrCreateContext();
    this.reservations = new GroupedWrites<>(context, MAX_GROUP, ReservationRequest::orderId,
      group -> repository.reserveAll(group, reservationTtl));
    this.commits = new GroupedWrites<>(context, MAX_GROUP, orderId -> orderId, repository::commitAll);
  }

  @Override
  public Future<Void> ping() {
    return repository.ping();
  }

  @Override
  public Future<Product> get(String productId) {
    return productIdOf(productId).compose(repository::findProduct).compose(found -> existing(found, productId));
  }

  @Override
  public Future<List<Product>> products(List<String> productIds) {
    if (productIds == null || productIds.isEmpty() || productIds.size() > MAX_PRODUCTS_AT_ONCE) {
      return ErrorCode.INVALID_INPUT.fail("Ask for 1 to " + MAX_PRODUCTS_AT_ONCE + " products at once.");
    }
    List<Future<UUID>> ids = productIds.stream().map(CatalogServiceImpl::productIdOf).toList();
    return Future.all(ids)
      .compose(valid -> repository.findProducts(ids.stream().map(Future::result).toList()))
      .compose(found -> inOrderAsked(productIds, found));
  }

  private static Future<List<Product>> inOrderAsked(List<String> productIds, List<Product> found) {
    Map<String, Product> byId = found.stream().collect(Collectors.toMap(Product::getId, product -> product));
    List<Product> ordered = new ArrayList<>();
    for (String id : productIds) {
      Product product = byId.get(UUID.fromString(id).toString());
      if (product == null) {
        return ErrorCode.NOT_FOUND.fail("There is no product " + id + ".");
      }
      ordered.add(product);
    }
    return Future.succeededFuture(ordered);
  }

  @Override
  public Future<ProductPage> search(ProductQuery query) {
    return validSearch(query).compose(q -> repository.search(q, textPattern(q.getText())));
  }

  @Override
  public Future<Product> create(ProductDraft draft) {
    return validDraft(draft)
      .compose(valid -> repository.insertProduct(UUID.randomUUID(), valid))
      .recover(failure -> skuTaken(failure, draft));
  }

  @Override
  public Future<Product> update(String productId, ProductDraft draft) {
    return productIdOf(productId)
      .compose(id -> validDraft(draft).compose(valid -> repository.updateProduct(id, valid)))
      .recover(failure -> skuTaken(failure, draft))
      .compose(updated -> existing(updated, productId));
  }

  @Override
  public Future<Product> deactivate(String productId) {
    return productIdOf(productId).compose(repository::deactivateProduct).compose(found -> existing(found, productId));
  }

  @Override
  public Future<Product> setStock(String productId, int onHand) {
    if (onHand < 0) {
      return ErrorCode.INVALID_INPUT.fail("onHand must not be negative.");
    }
    return productIdOf(productId).compose(id -> repository.setStock(id, onHand)
      .compose(updated -> updated != null ? Future.succeededFuture(updated) : explainStockNotSet(id, productId)));
  }

  /** Nothing was set: either there is no such product, or more units are reserved than the new count. */
  private Future<Product> explainStockNotSet(UUID id, String productId) {
    return repository.findProduct(id)
      .compose(found -> existing(found, productId))
      .compose(product -> ErrorCode.CONFLICT.fail("Product " + productId + " has " + product.getStock().getReserved()
        + " units reserved; on hand cannot go below that."));
  }

  @Override
  public Future<Reservation> reserve(String orderId, List<ReservationLine> lines) {
    return Identifiers.valid("orderId", orderId)
      .compose(id -> ReservationRequest.of(orderId, lines))
      .compose(reservations::submit)
      .compose(reservation -> switch (reservation.getStatus()) {
        case HELD, COMMITTED -> Future.succeededFuture(reservation);
        case RELEASED, EXPIRED, RETURNED -> ErrorCode.CONFLICT.fail(
          "The reservation of order " + orderId + " was " + reservation.getStatus().name().toLowerCase() + ".");
      });
  }

  @Override
  public Future<Reservation> commitReservation(String orderId) {
    return Identifiers.valid("orderId", orderId)
      .compose(commits::submit)
      .compose(committed -> committed != null
        ? Future.succeededFuture(committed)
        : repository.findReservation(orderId).compose(existing -> explainUncommitted(orderId, existing)));
  }

  private Future<Reservation> explainUncommitted(String orderId, Reservation existing) {
    if (existing == null) {
      return ErrorCode.NOT_FOUND.fail("Order " + orderId + " holds no reservation.");
    }
    return switch (existing.getStatus()) {
      case COMMITTED -> Future.succeededFuture(existing);
      case HELD, EXPIRED -> ErrorCode.CONFLICT.fail("The reservation of order " + orderId + " has expired.");
      case RELEASED, RETURNED -> ErrorCode.CONFLICT.fail(
        "The reservation of order " + orderId + " was " + existing.getStatus().name().toLowerCase() + ".");
    };
  }

  /**
   * Commits the reservation of an order the order service confirmed, if it is still held: the order service commits
   * it itself right after confirming, but may die in between. Already committed is the usual case and changes
   * nothing; so does an order without a reservation. A reservation that was given up (released, expired, returned)
   * cannot be committed any more: that is logged, and not retried, since retrying cannot change it.
   */
  public Future<Void> settleConfirmed(String orderId) {
    return repository.reservationStatus(orderId).compose(status -> {
      if (status == null || status == ReservationStatus.COMMITTED) {
        return Future.succeededFuture();
      }
      return (status == ReservationStatus.HELD
          ? commitReservation(orderId).<Void>mapEmpty()
          : ErrorCode.CONFLICT.<Void>fail("The reservation of order " + orderId + " is " + status.name().toLowerCase() + "."))
        .recover(failure -> {
          if (!ErrorCode.CONFLICT.matches(failure)) {
            return Future.failedFuture(failure);
          }
          LOG.warn("Order {} was confirmed, but its stock cannot be settled: {}", orderId, failure.getMessage());
          return Future.succeededFuture();
        });
    });
  }

  @Override
  public Future<Reservation> releaseReservation(String orderId) {
    return Identifiers.valid("orderId", orderId)
      .compose(id -> repository.release(orderId, ReservationStatus.RELEASED))
      .compose(released -> released != null
        ? Future.succeededFuture(released)
        : repository.findReservation(orderId).compose(existing -> explainUnreleased(orderId, existing)));
  }

  private Future<Reservation> explainUnreleased(String orderId, Reservation existing) {
    if (existing == null) {
      // Nothing was reserved yet: leave a marker so a reserve that arrives later cannot hold stock for this order.
      return repository.insertReleasedMarker(orderId)
        .compose(marked -> marked ? repository.findReservation(orderId) : releaseReservation(orderId));
    }
    return switch (existing.getStatus()) {
      case RELEASED, EXPIRED -> Future.succeededFuture(existing);
      case HELD -> releaseReservation(orderId);
      case COMMITTED, RETURNED -> ErrorCode.CONFLICT.fail(
        "The reservation of order " + orderId + " is already " + existing.getStatus().name().toLowerCase() + ".");
    };
  }

  @Override
  public Future<Reservation> returnReservation(String orderId) {
    return Identifiers.valid("orderId", orderId)
      .compose(repository::returnCommitted)
      .compose(returned -> returned != null
        ? Future.succeededFuture(returned)
        : repository.findReservation(orderId).compose(existing -> explainUnreturned(orderId, existing)));
  }

  private Future<Reservation> explainUnreturned(String orderId, Reservation existing) {
    if (existing == null) {
      return ErrorCode.NOT_FOUND.fail("Order " + orderId + " holds no reservation.");
    }
    return existing.getStatus() == ReservationStatus.RETURNED
      ? Future.succeededFuture(existing)
      : ErrorCode.CONFLICT.fail("The reservation of order " + orderId + " is " + existing.getStatus().name().toLowerCase()
        + "; only committed units can be returned.");
  }

  /**
   * Returns the stock of every reservation that ran out of time, a batch at a time until none is left; how many it
   * expired. Safe to run on many instances: a reservation another instance expired first is simply skipped.
   */
  public Future<Integer> expireDueReservations() {
    return repository.findExpiredHolds(EXPIRY_BATCH).compose(orderIds -> {
      Future<Integer> expired = Future.succeededFuture(0);
      for (String orderId : orderIds) {
        expired = expired.compose(count -> repository.release(orderId, ReservationStatus.EXPIRED)
          .map(reservation -> reservation == null ? count : count + 1));
      }
      return orderIds.size() < EXPIRY_BATCH
        ? expired
        : expired.compose(count -> expireDueReservations().map(more -> count + more));
    });
  }

  @Override
  public Future<List<Event>> events(long afterPosition, int limit) {
    return repository.events(afterPosition, limit);
  }

  // ---- input rules

  private static Future<UUID> productIdOf(String productId) {
    try {
      return Future.succeededFuture(UUID.fromString(productId));
    } catch (IllegalArgumentException | NullPointerException notAnId) {
      return ErrorCode.NOT_FOUND.fail("There is no product " + productId + ".");
    }
  }

  private static Future<Product> existing(Product product, String productId) {
    return product != null ? Future.succeededFuture(product) : ErrorCode.NOT_FOUND.fail("There is no product " + productId + ".");
  }

  private Future<ProductDraft> validDraft(ProductDraft draft) {
    Optional<String> violation = ProductRules.violation(draft, currency);
    if (violation.isPresent()) {
      return ErrorCode.INVALID_INPUT.fail(violation.get());
    }
    if (draft.getDescription() == null) {
      draft.setDescription("");
    }
    if (draft.getWeightGrams() == null) {
      draft.setWeightGrams(ProductRules.DEFAULT_WEIGHT_GRAMS);
    }
    return Future.succeededFuture(draft);
  }

  private static <T> Future<T> skuTaken(Throwable failure, ProductDraft draft) {
    return Database.isUniqueViolation(failure)
      ? ErrorCode.DUPLICATE.fail("A product with sku " + draft.getSku() + " already exists.")
      : Future.failedFuture(failure);
  }

  private static Future<ProductQuery> validSearch(ProductQuery query) {
    ProductQuery q = query == null ? new ProductQuery() : query;
    if (q.getPage() < 1 || q.getPage() > MAX_PAGE || q.getSize() < 1) {
      return ErrorCode.INVALID_INPUT.fail("page must be 1 to " + MAX_PAGE + " and size at least 1.");
    }
    if (isNegative(q.getMinPrice()) || isNegative(q.getMaxPrice())) {
      return ErrorCode.INVALID_INPUT.fail("minPrice and maxPrice must not be negative.");
    }
    if (q.getMinPrice() != null && q.getMaxPrice() != null && q.getMinPrice() > q.getMaxPrice()) {
      return ErrorCode.INVALID_INPUT.fail("minPrice must not be above maxPrice.");
    }
    if (q.getText() != null && q.getText().length() > MAX_TEXT) {
      return ErrorCode.INVALID_INPUT.fail("q must be at most " + MAX_TEXT + " characters.");
    }
    if (Text.hasControlCharacters(q.getText(), false) || Text.hasControlCharacters(q.getCategory(), false)) {
      return ErrorCode.INVALID_INPUT.fail("q and category must not contain control characters.");
    }
    if (q.getSort() == null) {
      q.setSort(ProductSort.NAME);
    }
    // Pages are capped rather than refused, so a client asking for "everything" still gets a useful answer.
    return Future.succeededFuture(q.setSize(Math.min(q.getSize(), ProductQuery.MAX_SIZE)));
  }

  private static boolean isNegative(Long price) {
    return price != null && price < 0;
  }

  /** A case-insensitive substring pattern in which the client's text matches only itself. */
  private static String textPattern(String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    String escaped = text.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    return "%" + escaped + "%";
  }
}
