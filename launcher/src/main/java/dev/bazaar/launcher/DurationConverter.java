package dev.bazaar.launcher;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads durations the way people write them on a command line: 90s, 15m, 2h, 1d, 0, or ISO-8601 such as PT15M.
 * Whether zero makes sense is the option's business.
 */
final class DurationConverter implements ITypeConverter<Duration> {

  private static final Pattern SHORT = Pattern.compile("(\\d{1,9})(ms|s|m|h|d)?");

  @Override
  public Duration convert(String value) {
    Matcher m = SHORT.matcher(value.trim());
    Duration duration;
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      duration = switch (m.group(2) == null ? "s" : m.group(2)) {
        case "ms" -> Duration.ofMillis(n);
        case "s" -> Duration.ofSeconds(n);
        case "m" -> Duration.ofMinutes(n);
        case "h" -> Duration.ofHours(n);
        default -> Duration.ofDays(n);
      };
    } else {
      try {
        duration = Duration.parse(value.trim());
      } catch (RuntimeException notIso) {
        throw new TypeConversionException("'" + value + "' is not a duration such as 90s, 15m or 2h");
      }
    }
    if (duration.isNegative()) {
      throw new TypeConversionException("'" + value + "' is negative");
    }
    return duration;
  }
}
