package dev.bazaar.web.edge;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads the {@code for} of each element of RFC 7239 {@code Forwarded} headers, left to right: {@code for=192.0.2.1},
 * {@code for="[2001:db8::1]:4711"}, {@code for=unknown}, {@code for=_hidden}. Commas and semicolons inside a quoted
 * value do not split it. An element without a readable {@code for} is given as {@code unknown}: the proxy that wrote
 * it did not say whom it served.
 */
final class Forwarded {

  static final String UNKNOWN = "unknown";

  private Forwarded() {
  }

  static List<String> forHops(List<String> headerLines) {
    List<String> hops = new ArrayList<>();
    for (String line : headerLines) {
      List<String> elements = split(line, ',');
      if (elements == null) {
        // A quote the client left open would swallow what the proxy appended to the line after it, and leave the
        // client's own element standing as the proxy's: a line that does not close its quotes names nobody.
        hops.add(UNKNOWN);
        continue;
      }
      for (String element : elements) {
        hops.add(forOf(element));
      }
    }
    return hops;
  }

  private static String forOf(String element) {
    for (String pair : split(element, ';')) {
      int equals = pair.indexOf('=');
      if (equals > 0 && pair.substring(0, equals).trim().toLowerCase(Locale.ROOT).equals("for")) {
        String value = unquote(pair.substring(equals + 1).trim());
        return value == null || value.isEmpty() ? UNKNOWN : value;
      }
    }
    return UNKNOWN;
  }

  /** Splits at {@code separator} wherever it stands outside a quoted string; null if a quoted string is left open. */
  private static List<String> split(String text, char separator) {
    List<String> parts = new ArrayList<>();
    StringBuilder part = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quoted && c == '\\' && i + 1 < text.length()) {
        part.append(c).append(text.charAt(++i));
        continue;
      }
      if (c == '"') {
        quoted = !quoted;
      }
      if (c == separator && !quoted) {
        parts.add(part.toString());
        part.setLength(0);
      } else {
        part.append(c);
      }
    }
    if (quoted) {
      return null;
    }
    parts.add(part.toString());
    return parts;
  }

  /** A token as it is, a quoted string without its quotes and escapes; null for a quoted string left open. */
  private static String unquote(String value) {
    if (!value.startsWith("\"")) {
      return value;
    }
    if (value.length() < 2 || !value.endsWith("\"")) {
      return null;
    }
    StringBuilder unquoted = new StringBuilder();
    for (int i = 1; i < value.length() - 1; i++) {
      char c = value.charAt(i);
      if (c == '\\' && i + 1 < value.length() - 1) {
        c = value.charAt(++i);
      }
      unquoted.append(c);
    }
    return unquoted.toString();
  }
}
