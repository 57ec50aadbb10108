package dev.bazaar.notification;

import java.util.regex.Pattern;

/**
 * What the shop accepts as an email address: {@code local@domain.tld}, at most 254 characters, with no spaces, control
 * characters or angle brackets. Whether the mailbox exists only its server can tell; this keeps out what can never
 * be one, and anything that could smuggle a header into a message.
 */
final class Mailbox {

  static final int MAX_LENGTH = 254;
  private static final Pattern PLAUSIBLE = Pattern.compile("[^@\\s<>\\p{Cntrl}]{1,64}@[^@\\s<>\\p{Cntrl}]+\\.[^@\\s<>\\p{Cntrl}]+");

  private Mailbox() {
  }

  static boolean isPlausible(String address) {
    return address != null && address.length() <= MAX_LENGTH && PLAUSIBLE.matcher(address).matches();
  }

  /** The address in {@code Name <address>}, or the whole when there are no brackets. */
  static String address(String mailbox) {
    int open = mailbox.lastIndexOf('<');
    return open >= 0 && mailbox.endsWith(">") ? mailbox.substring(open + 1, mailbox.length() - 1) : mailbox;
  }

  /** The domain of an address, for the Message-IDs of the mail sent from it. */
  static String domain(String address) {
    return address.substring(address.lastIndexOf('@') + 1);
  }
}
