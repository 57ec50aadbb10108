package dev.bazaar.catalog;

import dev.bazaar.contracts.ErrorCode;
import dev.bazaar.contracts.Money;
import dev.bazaar.contracts.catalog.Product;
import dev.bazaar.contracts.catalog.ProductDraft;
import dev.bazaar.contracts.catalog.ProductPage;
import dev.bazaar.contracts.catalog.ProductQuery;
import dev.bazaar.contracts.catalog.ProductSort;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.serviceproxy.ServiceException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.UUID;

import static dev.bazaar.catalog.TestCatalog.draft;
import static dev.bazaar.catalog.TestCatalog.uniqueCategory;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Products and stock through the catalog's service proxy, against a real PostgreSQL. */
@ExtendWith(VertxExtension.class)
class CatalogServiceTest {

  private static TestCatalog catalog;

  @BeforeAll
  static void deploy(Vertx vertx) {
    catalog = TestCatalog.deploy(vertx, Duration.ofMinutes(1));
  }

  @AfterAll
  static void stop() {
    catalog.close();
  }

  @Test
  void aCreatedProductCanBeReadBackActiveAndWithoutStock() {
    ProductDraft draft = draft(uniqueCategory(), "Teapot", 2499);

    Product created = catalog.service.create(draft).await();
    Product read = catalog.service.get(created.getId()).await();

    assertThat(read.toJson()).isEqualTo(created.toJson());
    assertThat(read.getSku()).isEqualTo(draft.getSku());
    assertThat(read.getPrice()).isEqualTo(new Money(2499, "EUR"));
    assertThat(read.isActive()).isTrue();
    assertThat(read.getStock().getAvailable()).isZero();
    assertThat(read.getCreatedAt()).isNotBlank();
  }

  @Test
  void aSecondProductWithTheSameSkuIsRefused() {
    ProductDraft draft = draft(uniqueCategory(), "Mug", 999);
    catalog.service.create(draft).await();

    assertFails(() -> catalog.service.create(draft.setName("Another mug")).await(), ErrorCode.DUPLICATE);
  }

  @Test
  void updateReplacesWhatTheClientOwnsAndKeepsTheRest() {
    Product original = catalog.product(uniqueCategory(), "Lamp", 3000, 7);
    ProductDraft change = draft("lighting-" + UUID.randomUUID(), "Desk lamp", 3500);

    Product updated = catalog.service.update(original.getId(), change).await();

    assertThat(updated.getId()).isEqualTo(original.getId());
    assertThat(updated.getName()).isEqualTo("Desk lamp");
    assertThat(updated.getSku()).isEqualTo(change.getSku());
    assertThat(updated.getPrice().getValue()).isEqualTo(3500);
    assertThat(updated.getStock().getOnHand()).isEqualTo(7);
    assertThat(updated.getCreatedAt()).isEqualTo(original.getCreatedAt());
  }

  @Test
  void updatingToASkuThatIsTakenIsRefusedAndChangesNothing() {
    Product first = catalog.product(uniqueCategory(), "First", 100, 0);
    Product second = catalog.product(uniqueCategory(), "Second", 100, 0);
    ProductDraft clash = draft(second.getCategory(), "Second", 100).setSku(first.getSku());

    assertFails(() -> catalog.service.update(second.getId(), clash).await(), ErrorCode.DUPLICATE);
    assertThat(catalog.service.get(second.getId()).await().getSku()).isEqualTo(second.getSku());
  }

  @Test
  void unknownOrMalformedIdsAreNotFound() {
    String unknown = UUID.randomUUID().toString();
    assertFails(() -> catalog.service.get(unknown).await(), ErrorCode.NOT_FOUND);
    assertFails(() -> catalog.service.get("not-a-uuid").await(), ErrorCode.NOT_FOUND);
    assertFails(() -> catalog.service.update(unknown, draft("x", "X", 1)).await(), ErrorCode.NOT_FOUND);
    assertFails(() -> catalog.service.deactivate(unknown).await(), ErrorCode.NOT_FOUND);
    assertFails(() -> catalog.service.setStock(unknown, 3).await(), ErrorCode.NOT_FOUND);
  }

  @Test
  void draftsThatBreakTheRulesAreRefused() {
    String category = uniqueCategory();
    assertFails(() -> catalog.service.create(draft(category, "Free lunch", -1)).await(), ErrorCode.INVALID_INPUT);
    assertFails(() -> catalog.service.create(draft(category, "Gold", 1).setPrice(new Money(1, "XYZ"))).await(),
      ErrorCode.INVALID_INPUT);
    assertFails(() -> catalog.service.create(draft(category, " ", 1)).await(), ErrorCode.INVALID_INPUT);
    assertFails(() -> catalog.service.create(draft(category, "Bad sku", 1).setSku("has space")).await(),
      ErrorCode.INVALID_INPUT);

    assertThat(search(new ProductQuery().setCategory(category)).getTotal()).isZero();
  }

  @Test
  void deactivatedProductsLeaveSearchButCanStillBeRead() {
    Product product = catalog.product(uniqueCategory(), "Vase", 1500, 3);

    Product deactivated = catalog.service.deactivate(product.getId()).await();
    Product again = catalog.service.deactivate(product.getId()).await();

    assertThat(deactivated.isActive()).isFalse();
    assertThat(again.getUpdatedAt()).isEqualTo(deactivated.getUpdatedAt());
    assertThat(search(new ProductQuery().setCategory(product.getCategory())).getItems()).isEmpty();
    assertThat(catalog.service.get(product.getId()).await().isActive()).isFalse();
  }

  @Test
  void searchFiltersByCategoryTextAndPriceRange() {
    String category = uniqueCategory();
    catalog.product(category, "Red kettle", 3000, 1);
    catalog.product(category, "Blue kettle", 5000, 1);
    catalog.product(category, "Red teapot", 7000, 1);
    catalog.product(uniqueCategory(), "Red kettle elsewhere", 3000, 1);

    assertThat(names(search(new ProductQuery().setCategory(category).setText("KETTLE"))))
      .containsExactly("Blue kettle", "Red kettle");
    assertThat(names(search(new ProductQuery().setCategory(category).setMinPrice(4000L).setMaxPrice(7000L))))
      .containsExactly("Blue kettle", "Red teapot");
    assertThat(names(search(new ProductQuery().setCategory(category).setText("red").setMaxPrice(3000L))))
      .containsExactly("Red kettle");
  }

  @Test
  void searchTextMatchesDescriptionsAndTreatsWildcardsLiterally() {
    String category = uniqueCategory();
    catalog.service.create(draft(category, "Plain", 100).setDescription("100% cotton")).await();
    catalog.service.create(draft(category, "Other", 100).setDescription("1000 threads")).await();

    assertThat(names(search(new ProductQuery().setCategory(category).setText("0%")))).containsExactly("Plain");
    assertThat(names(search(new ProductQuery().setCategory(category).setText("_")))).isEmpty();
  }

  @Test
  void searchSortsAndPagesWithTheTotalOfAllPages() {
    String category = uniqueCategory();
    for (int i = 1; i <= 5; i++) {
      catalog.product(category, "Item " + i, i * 100L, 1);
    }

    ProductPage first = search(new ProductQuery().setCategory(category).setSort(ProductSort.PRICE_DESC).setSize(2));
    ProductPage third = search(new ProductQuery().setCategory(category).setSort(ProductSort.PRICE_DESC).setSize(2).setPage(3));
    ProductPage beyond = search(new ProductQuery().setCategory(category).setSize(2).setPage(9));

    assertThat(names(first)).containsExactly("Item 5", "Item 4");
    assertThat(first.getTotal()).isEqualTo(5);
    assertThat(names(third)).containsExactly("Item 1");
    assertThat(beyond.getItems()).isEmpty();
    assertThat(beyond.getTotal()).isEqualTo(5);
    assertThat(names(search(new ProductQuery().setCategory(category).setSort(ProductSort.NAME_DESC).setSize(1))))
      .containsExactly("Item 5");
  }

  @Test
  void pagesAreCappedAtOneHundredItems() {
    ProductPage page = search(new ProductQuery().setSize(1000));
    assertThat(page.getSize()).isEqualTo(ProductQuery.MAX_SIZE);
  }

  @Test
  void searchesThatMakeNoSenseAreRefused() {
    assertFails(() -> search(new ProductQuery().setPage(0)), ErrorCode.INVALID_INPUT);
    assertFails(() -> search(new ProductQuery().setMinPrice(10L).setMaxPrice(5L)), ErrorCode.INVALID_INPUT);
    assertFails(() -> search(new ProductQuery().setMinPrice(-1L)), ErrorCode.INVALID_INPUT);
  }

  @Test
  void stockCanBeSetButNotBelowWhatIsReserved() {
    Product product = catalog.product(uniqueCategory(), "Chair", 4000, 10);
    catalog.service.reserve("order-" + UUID.randomUUID(), java.util.List.of(
      new dev.bazaar.contracts.catalog.ReservationLine(product.getId(), 4))).await();

    assertFails(() -> catalog.service.setStock(product.getId(), 3).await(), ErrorCode.CONFLICT);
    assertFails(() -> catalog.service.setStock(product.getId(), -1).await(), ErrorCode.INVALID_INPUT);
    Product restocked = catalog.service.setStock(product.getId(), 4).await();

    assertThat(restocked.getStock().getOnHand()).isEqualTo(4);
    assertThat(restocked.getStock().getReserved()).isEqualTo(4);
    assertThat(restocked.getStock().getAvailable()).isZero();
  }

  private static ProductPage search(ProductQuery query) {
    return catalog.service.search(query).await();
  }

  private static java.util.List<String> names(ProductPage page) {
    return page.getItems().stream().map(Product::getName).toList();
  }

  static void assertFails(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, ErrorCode code) {
    assertThatThrownBy(call)
      .isInstanceOf(ServiceException.class)
      .satisfies(e -> assertThat(((ServiceException) e).failureCode()).isEqualTo(code.code()));
  }
}
