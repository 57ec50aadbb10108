package dev.bazaar.platform;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Control characters are refused in text from clients; tab, line feed and carriage return only where not allowed. */
class TextTest {

  @Test
  void printableTextHasNone() {
    for (String text : new String[] {null, "", "plain", "Größe M – 7 €", "ＡＢＣ", "a b"}) {
      assertThat(Text.hasControlCharacters(text, false)).as("%s", text).isFalse();
      assertThat(Text.hasControlCharacters(text, true)).as("%s", text).isFalse();
    }
  }

  @Test
  void everyOtherControlCharacterCountsWhereverItIs() {
    for (char c : new char[] {'\u0000', '\u0007', '\u000b', '\f', '\u001b', '\u007f', '\u0085', '\u009f'}) {
      for (String text : new String[] {c + "ab", "a" + c + "b", "ab" + c}) {
        assertThat(Text.hasControlCharacters(text, false)).as("U+%04X in %s", (int) c, text).isTrue();
        assertThat(Text.hasControlCharacters(text, true)).as("U+%04X with line breaks allowed", (int) c).isTrue();
      }
    }
  }

  @Test
  void tabLineFeedAndCarriageReturnCountOnlyWhenNotAllowed() {
    for (String text : new String[] {"a\tb", "a\nb", "a\rb", "last\n"}) {
      assertThat(Text.hasControlCharacters(text, false)).as("%s", text).isTrue();
      assertThat(Text.hasControlCharacters(text, true)).as("%s", text).isFalse();
    }
    assertThat(Text.hasControlCharacters("line\r\nbreak\u0000", true)).as("a NUL after allowed breaks").isTrue();
  }
}
