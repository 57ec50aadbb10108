package dev.bazaar.catalog;

import dev.bazaar.contracts.ErrorCode;
import dev.bazaar.contracts.Money;
import dev.bazaar.contracts.catalog.Product;
import dev.bazaar.contracts.catalog.ProductDraft;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.serviceproxy.ServiceException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.UUID;

import static dev.bazaar.catalog.CatalogServiceTest.assertFails;
import static dev.bazaar.catalog.TestCatalog.draft;
import static dev.bazaar.catalog.TestCatalog.uniqueCategory;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The rules a product draft must meet, each at its exact edge: the last value accepted (and stored as sent) and the
 * first refused with INVALID_INPUT, for create and update alike.
 */
@ExtendWith(VertxExtension.class)
class ProductRulesTest {

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
  void aDescriptionOf4000CharactersIsAcceptedAnd4001IsNot() {
    assertThat(create(valid().setDescription("d".repeat(4000))).getDescription()).hasSize(4000);
    assertRefused(valid().setDescription("d".repeat(4001)), "description");
  }

  @Test
  void aSkuOf64CharactersIsAcceptedAnd65IsNot() {
    String sku64 = uniqueSku(64);

    assertThat(create(valid().setSku(sku64)).getSku()).isEqualTo(sku64);
    assertRefused(valid().setSku(uniqueSku(65)), "sku");
  }

  @Test
  void aSkuStartsWithALetterOrDigitAndHoldsOnlyLettersDigitsDotsDashesAndUnderscores() {
    String tail = UUID.randomUUID().toString().replace("-", "");
    for (String sku : new String[] {"a" + tail, "Z" + tail, "7" + tail, "x." + tail + "_Y-9"}) {
      assertThat(create(valid().setSku(sku)).getSku()).isEqualTo(sku);
    }
    assertThat(create(valid().setSku("Q")).getSku()).as("one character is enough").isEqualTo("Q");
    for (String sku : new String[] {"", "-" + tail, "." + tail, "_" + tail, "a b", "a/b", "a+b", "ä" + tail, "a\tb"}) {
      assertRefused(valid().setSku(sku), "sku");
    }
    assertRefused(valid().setSku(null), "sku");
  }

  @Test
  void aNameOf200CharactersIsAcceptedAnd201IsNot() {
    assertThat(create(valid().setName("n".repeat(200))).getName()).hasSize(200);
    assertThat(create(valid().setName("n")).getName()).isEqualTo("n");
    assertRefused(valid().setName("n".repeat(201)), "name");
  }

  @Test
  void aCategoryOf64CharactersIsAcceptedAnd65IsNot() {
    assertThat(create(valid().setCategory("c".repeat(64))).getCategory()).hasSize(64);
    assertThat(create(valid().setCategory("c")).getCategory()).isEqualTo("c");
    assertRefused(valid().setCategory("c".repeat(65)), "category");
  }

  @Test
  void aBlankOrMissingNameOrCategoryIsRefused() {
    for (String blank : new String[] {null, "", " ", "   "}) {
      assertRefused(valid().setName(blank), "name");
      assertRefused(valid().setCategory(blank), "category");
    }
  }

  @Test
  void aPriceOf0AndOfMaxPriceAreAcceptedButNeitherMinus1NorMaxPricePlus1() {
    assertThat(create(valid().setPrice(new Money(0, "EUR"))).getPrice()).isEqualTo(new Money(0, "EUR"));
    assertThat(create(valid().setPrice(new Money(ProductRules.MAX_PRICE, "EUR"))).getPrice())
      .isEqualTo(new Money(ProductRules.MAX_PRICE, "EUR"));
    assertThat(ProductRules.MAX_PRICE).as("one hundred million in major units").isEqualTo(10_000_000_000L);

    assertRefused(valid().setPrice(new Money(-1, "EUR")), "price.value");
    assertRefused(valid().setPrice(new Money(ProductRules.MAX_PRICE + 1, "EUR")), "price.value");
    assertRefused(valid().setPrice(new Money(Long.MIN_VALUE, "EUR")), "price.value");
  }

  @Test
  void aPriceNeedsACurrencyTheShopTradesIn() {
    assertRefused(valid().setPrice(null), "price");
    assertRefused(valid().setPrice(new Money(100, null)), "price.currency");
    assertRefused(valid().setPrice(new Money(100, "eur")), "price.currency");
    assertRefused(valid().setPrice(new Money(100, "XYZ")), "price.currency");
  }

  /** The measured case of issue 19: GBP 100.00 in a shop selling in EUR was stored, then summed as EUR 100.00. */
  @Test
  void aPriceInAnotherCurrencyThanTheShopSellsInIsRefusedAtCreateAndUpdateNamingTheShopsCurrency() {
    for (String currency : Money.CURRENCIES) {
      if (!currency.equals("EUR")) {
        assertRefused(valid().setPrice(new Money(10000, currency)),
          "This shop sells in EUR; the price is in " + currency + ".");
      }
    }
    Product existing = create(valid());

    assertThatThrownBy(() -> catalog.service.update(existing.getId(), valid().setPrice(new Money(10000, "GBP"))).await())
      .isInstanceOf(ServiceException.class)
      .satisfies(e -> assertThat(((ServiceException) e).failureCode()).isEqualTo(ErrorCode.INVALID_INPUT.code()))
      .hasMessage("This shop sells in EUR; the price is in GBP.");
    assertThat(catalog.service.get(existing.getId()).await().toJson()).as("the refused update changed nothing")
      .isEqualTo(existing.toJson());
  }

  @Test
  void tabLineFeedAndCarriageReturnAreAllowedInTheDescriptionOnly() {
    String text = "first line\r\nsecond\tcolumn\nthird";

    assertThat(create(valid().setDescription(text)).getDescription()).isEqualTo(text);
    for (String breaking : new String[] {"\t", "\n", "\r"}) {
      assertRefused(valid().setName("a" + breaking + "b"), "control characters");
      assertRefused(valid().setCategory("a" + breaking + "b"), "control characters");
    }
  }

  @Test
  void otherControlCharactersAreRefusedEverywhere() {
    for (String control : new String[] {"\u0000", "\u0007", "\u001b", "\u007f", "\u0085", "\u009f"}) {
      assertRefused(valid().setName("a" + control + "b"), "control characters");
      assertRefused(valid().setCategory("a" + control + "b"), "control characters");
      assertRefused(valid().setDescription("a" + control + "b"), "control characters");
    }
  }

  @Test
  void aWeightOf1To1000000GramsIsAcceptedButNot0NorMoreThan1000000() {
    assertThat(create(valid().setWeightGrams(1)).getWeightGrams()).isEqualTo(1);
    assertThat(create(valid().setWeightGrams(ProductRules.MAX_WEIGHT_GRAMS)).getWeightGrams()).isEqualTo(1_000_000);

    assertRefused(valid().setWeightGrams(0), "weightGrams");
    assertRefused(valid().setWeightGrams(-1), "weightGrams");
    assertRefused(valid().setWeightGrams(ProductRules.MAX_WEIGHT_GRAMS + 1), "weightGrams");
  }

  @Test
  void aDraftWithoutWeightWeighs500Grams() {
    Product created = create(valid().setWeightGrams(null));

    assertThat(created.getWeightGrams()).isEqualTo(500);
    assertThat(catalog.service.update(created.getId(), valid().setWeightGrams(2_000)).await().getWeightGrams()).isEqualTo(2_000);
    assertThat(catalog.service.update(created.getId(), valid().setWeightGrams(null)).await().getWeightGrams()).isEqualTo(500);
  }

  @Test
  void aDraftWithoutDescriptionGetsAnEmptyOne() {
    Product created = create(valid().setDescription(null));

    assertThat(created.getDescription()).isEmpty();
    assertThat(catalog.service.update(created.getId(), valid().setDescription(null)).await().getDescription()).isEmpty();
  }

  @Test
  void noDraftAtAllIsRefused() {
    Product existing = create(valid());

    assertFails(() -> catalog.service.create(null).await(), ErrorCode.INVALID_INPUT);
    assertFails(() -> catalog.service.update(existing.getId(), null).await(), ErrorCode.INVALID_INPUT);
  }

  @Test
  void anUpdateMeetsTheSameRulesAndARefusedOneChangesNothing() {
    Product existing = create(valid());

    ProductDraft tooLong = valid().setDescription("d".repeat(4001));
    assertThatThrownBy(() -> catalog.service.update(existing.getId(), tooLong).await())
      .isInstanceOf(ServiceException.class)
      .satisfies(e -> assertThat(((ServiceException) e).failureCode()).isEqualTo(ErrorCode.INVALID_INPUT.code()))
      .hasMessageContaining("description");
    assertThat(catalog.service.update(existing.getId(), valid().setDescription("d".repeat(4000))).await()
      .getDescription()).hasSize(4000);
    assertFails(() -> catalog.service.update(existing.getId(), valid().setName(" ")).await(), ErrorCode.INVALID_INPUT);
    assertThat(catalog.service.get(existing.getId()).await().getDescription()).hasSize(4000);
  }

  /** A draft that meets every rule, with a SKU of its own. */
  private static ProductDraft valid() {
    return draft(uniqueCategory(), "Widget", 1000);
  }

  /** A SKU nobody else has, of exactly the given length (at least 33). */
  private static String uniqueSku(int length) {
    String unique = "S" + UUID.randomUUID().toString().replace("-", "");
    return unique + "x".repeat(length - unique.length());
  }

  private static Product create(ProductDraft draft) {
    return catalog.service.create(draft).await();
  }

  /** Refused by create with INVALID_INPUT, and the message names what is wrong. */
  private static void assertRefused(ProductDraft draft, String named) {
    assertThatThrownBy(() -> catalog.service.create(draft).await())
      .as("%s refused", draft.toJson().encode())
      .isInstanceOf(ServiceException.class)
      .satisfies(e -> assertThat(((ServiceException) e).failureCode()).isEqualTo(ErrorCode.INVALID_INPUT.code()))
      .hasMessageContaining(named);
  }
}
