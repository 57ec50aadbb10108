package dev.bazaar.payment;

import dev.bazaar.contracts.payment.Card;
import org.junit.jupiter.api.Test;

import java.time.YearMonth;

import static org.assertj.core.api.Assertions.assertThat;

/** The checks a card passes before any processor sees it, and the brand read from its number. */
class CardRulesTest {

  private static final YearMonth NOW = YearMonth.of(2026, 11);

  @Test
  void theLuhnCheckAcceptsRealNumbersAndCatchesEverySingleDigitTypo() {
    for (String valid : new String[] {"4242424242424242", "5555555555554444", "378282246310005", "6011111111111117", "79927398713"}) {
      assertThat(CardRules.passesLuhn(valid)).as(valid).isTrue();
      for (int i = 0; i < valid.length(); i++) {
        char digit = valid.charAt(i);
        String typo = valid.substring(0, i) + (char) ('0' + (digit - '0' + 1) % 10) + valid.substring(i + 1);
        assertThat(CardRules.passesLuhn(typo)).as(typo).isFalse();
      }
    }
  }

  @Test
  void aCardExpiresAtTheEndOfItsMonth() {
    assertThat(CardRules.violation(card(11, 2026), NOW)).as("this month").isEmpty();
    assertThat(CardRules.violation(card(10, 2026), NOW)).contains("The card has expired.");
    assertThat(CardRules.violation(card(12, 2046), NOW)).as("twenty years ahead").isEmpty();
    assertThat(CardRules.violation(card(1, 2047), NOW)).hasValueSatisfying(reason -> assertThat(reason).contains("within 20 years"));
    assertThat(CardRules.violation(card(0, 2027), NOW)).hasValueSatisfying(reason -> assertThat(reason).contains("1 to 12"));
  }

  @Test
  void theCvcIsThreeOrFourDigits() {
    assertThat(CardRules.violation(card(1, 2030).setCvc("123"), NOW)).isEmpty();
    assertThat(CardRules.violation(card(1, 2030).setCvc("1234"), NOW)).isEmpty();
    for (String bad : new String[] {"12", "12345", "12a", "", null}) {
      assertThat(CardRules.violation(card(1, 2030).setCvc(bad), NOW)).as(String.valueOf(bad)).contains("The CVC must be 3 or 4 digits.");
    }
  }

  @Test
  void numbersOutsideTwelveToNineteenDigitsAreRefused() {
    assertThat(CardRules.violation(card(1, 2030).setNumber("424242424242"), NOW)).as("12 digits, Luhn-valid").isEmpty();
    assertThat(CardRules.violation(card(1, 2030).setNumber("424242424241"), NOW))
      .contains("The card number is not valid: it fails the Luhn check.");
    assertThat(CardRules.violation(card(1, 2030).setNumber("42424242424"), NOW)).contains("The card number must be 12 to 19 digits.");
    assertThat(CardRules.violation(card(1, 2030).setNumber("4".repeat(20)), NOW)).contains("The card number must be 12 to 19 digits.");
    assertThat(CardRules.violation(null, NOW)).contains("The card number must be 12 to 19 digits.");
  }

  @Test
  void theBrandComesFromTheFirstDigits() {
    assertThat(CardRules.brand("4242424242424242")).isEqualTo("visa");
    assertThat(CardRules.brand("5105105105105100")).isEqualTo("mastercard");
    assertThat(CardRules.brand("5500000000000004")).isEqualTo("mastercard");
    assertThat(CardRules.brand("2221000000000009")).isEqualTo("mastercard");
    assertThat(CardRules.brand("2720990000000007")).isEqualTo("mastercard");
    assertThat(CardRules.brand("2721000000000004")).isEqualTo("unknown");
    assertThat(CardRules.brand("5000000000000009")).isEqualTo("unknown");
    assertThat(CardRules.brand("5600000000000003")).isEqualTo("unknown");
    assertThat(CardRules.brand("378282246310005")).isEqualTo("amex");
    assertThat(CardRules.brand("341111111111111")).isEqualTo("amex");
    assertThat(CardRules.brand("6011111111111117")).isEqualTo("unknown");
  }

  private static Card card(int month, int year) {
    return new Card().setNumber("4242424242424242").setExpMonth(month).setExpYear(year).setCvc("123");
  }
}
