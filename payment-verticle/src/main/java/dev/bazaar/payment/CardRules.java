package dev.bazaar.payment;

import dev.bazaar.contracts.payment.Card;

import java.time.YearMonth;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What makes a card worth sending to a processor: a number that passes the Luhn check, an expiry not in the past, a
 * CVC of 3 or 4 digits. The reasons name the field, never its value: card data does not belong in a message.
 */
final class CardRules {

  private static final Pattern NUMBER = Pattern.compile("[0-9]{12,19}");
  private static final Pattern CVC = Pattern.compile("[0-9]{3,4}");
  private static final int LATEST_YEAR_AHEAD = 20;

  private CardRules() {
  }

  /** Why the card cannot be used, or empty when it can; {@code today} is the month the check is made in. */
  static Optional<String> violation(Card card, YearMonth today) {
    if (card == null || card.getNumber() == null || !NUMBER.matcher(card.getNumber()).matches()) {
      return Optional.of("The card number must be 12 to 19 digits.");
    }
    if (!passesLuhn(card.getNumber())) {
      return Optional.of("The card number is not valid: it fails the Luhn check.");
    }
    if (card.getExpMonth() < 1 || card.getExpMonth() > 12 || card.getExpYear() > today.getYear() + LATEST_YEAR_AHEAD) {
      return Optional.of("The expiry must be a month from 1 to 12 and a year within " + LATEST_YEAR_AHEAD + " years.");
    }
    if (YearMonth.of(card.getExpYear(), card.getExpMonth()).isBefore(today)) {
      return Optional.of("The card has expired.");
    }
    if (card.getCvc() == null || !CVC.matcher(card.getCvc()).matches()) {
      return Optional.of("The CVC must be 3 or 4 digits.");
    }
    return Optional.empty();
  }

  /** The check digit of ISO/IEC 7812: double every second digit from the right, and the sum is a multiple of 10. */
  static boolean passesLuhn(String digits) {
    int sum = 0;
    for (int i = 0; i < digits.length(); i++) {
      int digit = digits.charAt(digits.length() - 1 - i) - '0';
      if (i % 2 == 1) {
        digit *= 2;
        if (digit > 9) {
          digit -= 9;
        }
      }
      sum += digit;
    }
    return sum % 10 == 0;
  }

  /** The card network, from the number's first digits. */
  static String brand(String number) {
    if (number.startsWith("4")) {
      return "visa";
    }
    if (number.startsWith("34") || number.startsWith("37")) {
      return "amex";
    }
    int two = Integer.parseInt(number.substring(0, 2));
    int four = Integer.parseInt(number.substring(0, 4));
    if ((two >= 51 && two <= 55) || (four >= 2221 && four <= 2720)) {
      return "mastercard";
    }
    return "unknown";
  }
}
