package dev.bazaar.catalog;

import dev.bazaar.contracts.ErrorCode;
import dev.bazaar.contracts.catalog.Product;
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
import java.util.List;
import java.util.stream.IntStream;

import static dev.bazaar.catalog.TestCatalog.draft;
import static dev.bazaar.catalog.TestCatalog.uniqueCategory;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Search at the edges of its filters and paging, through the proxy. */
@ExtendWith(VertxExtension.class)
class SearchEdgesTest {

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
  void aMinPriceEqualToTheMaxPriceFindsExactlyTheProductsAtThatPrice() {
    String category = uniqueCategory();
    create(category, "Below", 999);
    create(category, "At A", 1000);
    create(category, "At B", 1000);
    create(category, "Above", 1001);

    ProductPage page = search(new ProductQuery().setCategory(category).setMinPrice(1000L).setMaxPrice(1000L));

    assertThat(names(page)).containsExactly("At A", "At B");
    assertThat(page.getTotal()).isEqualTo(2);
  }

  @Test
  void aPriceFilterOf0FindsTheFreeProducts() {
    String category = uniqueCategory();
    create(category, "Free", 0);
    create(category, "Cent", 1);

    assertThat(names(search(new ProductQuery().setCategory(category).setMinPrice(0L).setMaxPrice(0L))))
      .containsExactly("Free");
    assertThat(names(search(new ProductQuery().setCategory(category).setMaxPrice(0L)))).containsExactly("Free");
    assertThat(names(search(new ProductQuery().setCategory(category).setMinPrice(0L)))).containsExactly("Cent", "Free");
    assertThat(names(search(new ProductQuery().setCategory(category).setMinPrice(1L)))).containsExactly("Cent");
  }

  @Test
  void negativePricesOrAMinPriceAboveTheMaxPriceAreRefused() {
    assertRefused(new ProductQuery().setMaxPrice(-1L), "must not be negative");
    assertRefused(new ProductQuery().setMinPrice(-1L).setMaxPrice(5L), "must not be negative");
    assertRefused(new ProductQuery().setMinPrice(Long.MIN_VALUE), "must not be negative");
    assertRefused(new ProductQuery().setMinPrice(6L).setMaxPrice(5L), "must not be above maxPrice");
  }

  @Test
  void pagesRunFrom1To1000000() {
    String category = uniqueCategory();
    create(category, "Only", 100);

    ProductPage first = search(new ProductQuery().setCategory(category).setPage(1));
    ProductPage last = search(new ProductQuery().setCategory(category).setPage(1_000_000).setSize(100));

    assertThat(names(first)).containsExactly("Only");
    assertThat(first.getPage()).isEqualTo(1);
    assertThat(last.getItems()).isEmpty();
    assertThat(last.getPage()).isEqualTo(1_000_000);
    assertThat(last.getTotal()).isEqualTo(1);
    for (int page : new int[] {0, -1, 1_000_001, Integer.MIN_VALUE, Integer.MAX_VALUE}) {
      assertRefused(new ProductQuery().setCategory(category).setPage(page), "page must be 1 to 1000000");
    }
  }

  @Test
  void aPageHoldsAtLeast1AndAtMost100Products() {
    String category = uniqueCategory();
    IntStream.range(0, 101).forEach(i -> create(category, "Item %03d".formatted(i), 100));

    ProductPage one = search(new ProductQuery().setCategory(category).setSize(1).setPage(2));
    ProductPage hundred = search(new ProductQuery().setCategory(category).setSize(100));
    ProductPage capped = search(new ProductQuery().setCategory(category).setSize(101));
    ProductPage cappedSecond = search(new ProductQuery().setCategory(category).setSize(Integer.MAX_VALUE).setPage(2));

    assertThat(names(one)).containsExactly("Item 001");
    assertThat(one.getSize()).isEqualTo(1);
    assertThat(hundred.getItems()).hasSize(100);
    assertThat(hundred.getSize()).isEqualTo(100);
    assertThat(capped.getItems()).hasSize(100);
    assertThat(capped.getSize()).isEqualTo(100);
    assertThat(capped.getTotal()).isEqualTo(101);
    assertThat(names(cappedSecond)).containsExactly("Item 100");
    assertThat(cappedSecond.getSize()).isEqualTo(100);
    assertRefused(new ProductQuery().setCategory(category).setSize(0), "size at least 1");
    assertRefused(new ProductQuery().setCategory(category).setSize(-1), "size at least 1");
  }

  @Test
  void aPagePastTheEndHasNoItemsButTheTotalOfTheMatches() {
    String category = uniqueCategory();
    create(category, "Cheap", 100);
    create(category, "Dear", 900);

    ProductPage beyond = search(new ProductQuery().setCategory(category).setMinPrice(500L).setPage(2).setSize(1));
    ProductPage none = search(new ProductQuery().setCategory(category).setMinPrice(1000L).setPage(2));

    assertThat(beyond.getItems()).isEmpty();
    assertThat(beyond.getTotal()).isEqualTo(1);
    assertThat(none.getItems()).isEmpty();
    assertThat(none.getTotal()).isZero();
  }

  @Test
  void searchTextOf200CharactersIsAcceptedAnd201IsNot() {
    String category = uniqueCategory();
    catalog.service.create(draft(category, "Short", 100).setDescription("w".repeat(199))).await();
    catalog.service.create(draft(category, "Long", 100).setDescription("w".repeat(200))).await();

    assertThat(names(search(new ProductQuery().setCategory(category).setText("w".repeat(200))))).containsExactly("Long");
    assertRefused(new ProductQuery().setCategory(category).setText("w".repeat(201)), "at most 200 characters");
  }

  @Test
  void controlCharactersInTheTextOrCategoryAreRefused() {
    for (String control : new String[] {"\t", "\n", "\r", "\u0000", "\u007f"}) {
      assertRefused(new ProductQuery().setText("a" + control + "b"), "control characters");
      assertRefused(new ProductQuery().setCategory("a" + control + "b"), "control characters");
    }
  }

  @Test
  void blankTextFindsEverythingAndTextIsTrimmed() {
    String category = uniqueCategory();
    create(category, "Red kettle", 100);
    create(category, "Blue mug", 100);

    assertThat(names(search(new ProductQuery().setCategory(category).setText("   ")))).containsExactly("Blue mug", "Red kettle");
    assertThat(names(search(new ProductQuery().setCategory(category).setText("")))).containsExactly("Blue mug", "Red kettle");
    assertThat(names(search(new ProductQuery().setCategory(category).setText("  kettle ")))).containsExactly("Red kettle");
    assertThat(names(search(new ProductQuery().setCategory(category).setText("d k")))).containsExactly("Red kettle");
  }

  @Test
  void aBackslashInTheTextMatchesOnlyABackslash() {
    String category = uniqueCategory();
    catalog.service.create(draft(category, "Windows path", 100).setDescription("C:\\temp")).await();
    catalog.service.create(draft(category, "Drive only", 100).setDescription("C:temp")).await();

    assertThat(names(search(new ProductQuery().setCategory(category).setText("\\")))).containsExactly("Windows path");
    assertThat(names(search(new ProductQuery().setCategory(category).setText(":\\t")))).containsExactly("Windows path");
    assertThat(names(search(new ProductQuery().setCategory(category).setText("%")))).isEmpty();
  }

  @Test
  void noQueryAtAllSearchesEverythingOnTheFirstPage() {
    create(uniqueCategory(), "Anything", 100);

    ProductPage page = catalog.service.search(null).await();

    assertThat(page.getPage()).isEqualTo(1);
    assertThat(page.getSize()).isEqualTo(ProductQuery.DEFAULT_SIZE);
    assertThat(page.getTotal()).isPositive();
    assertThat(page.getItems()).isNotEmpty();
  }

  @Test
  void everySortOrderSorts() {
    String category = uniqueCategory();
    create(category, "B", 200);
    create(category, "A", 300);
    create(category, "C", 100);

    assertThat(names(sorted(category, ProductSort.NAME))).containsExactly("A", "B", "C");
    assertThat(names(sorted(category, ProductSort.NAME_DESC))).containsExactly("C", "B", "A");
    assertThat(names(sorted(category, ProductSort.PRICE))).containsExactly("C", "B", "A");
    assertThat(names(sorted(category, ProductSort.PRICE_DESC))).containsExactly("A", "B", "C");
    assertThat(names(sorted(category, ProductSort.OLDEST))).containsExactly("B", "A", "C");
    assertThat(names(sorted(category, ProductSort.NEWEST))).containsExactly("C", "A", "B");
  }

  private static ProductPage sorted(String category, ProductSort sort) {
    return search(new ProductQuery().setCategory(category).setSort(sort));
  }

  private static Product create(String category, String name, long price) {
    return catalog.service.create(draft(category, name, price)).await();
  }

  private static ProductPage search(ProductQuery query) {
    return catalog.service.search(query).await();
  }

  private static List<String> names(ProductPage page) {
    return page.getItems().stream().map(Product::getName).toList();
  }

  private static void assertRefused(ProductQuery query, String because) {
    assertThatThrownBy(() -> search(query))
      .as("%s refused", query.toJson().encode())
      .isInstanceOf(ServiceException.class)
      .satisfies(e -> assertThat(((ServiceException) e).failureCode()).isEqualTo(ErrorCode.INVALID_INPUT.code()))
      .hasMessageContaining(because);
  }
}
