package dev.bazaar.platform;

/**
 * Rules for text that clients send. PostgreSQL refuses the NUL character outright, and control characters in names
 * and keys only ever serve to confuse logs and screens, so services refuse them before they reach a statement.
 */
public final class Text {

  private Text() {
  }

  /** True when the text has a control character; tab, line feed and carriage return count only if not allowed. */
  public static boolean hasControlCharacters(String text, boolean allowLineBreaks) {
    if (text == null) {
      return false;
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean lineBreak = c == '\n' || c == '\r' || c == '\t';
      if (Character.isISOControl(c) && !(allowLineBreaks && lineBreak)) {
        return true;
      }
    }
    return false;
  }
}
