package io.clickstream.connect.transforms;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ExcerptTest {
  @Test
  void aQuoteIsBoundedAndHoldsNoControlCharacters() {
    assertThat(Excerpt.quoted("1.2.3")).as("short").isEqualTo("'1.2.3'");
    assertThat(Excerpt.quoted("a\u0000b\nc\u009f")).as("controls escaped").isEqualTo("'a\\u0000b\\u000ac\\u009f'");
    String quoted = Excerpt.quoted("x".repeat(1_000_000));
    assertThat(quoted).as("cut").startsWith("'" + "x".repeat(Excerpt.MAX_QUOTED) + "'")
        .endsWith("... (1000000 characters)").hasSizeLessThan(150);
    // The cut falls inside the 50th pair, which is left out whole.
    String pairs = "a" + "\ud83d\ude00".repeat(Excerpt.MAX_QUOTED);
    assertThat(Excerpt.quoted(pairs)).as("never half a surrogate pair")
        .startsWith("'a" + "\ud83d\ude00".repeat(Excerpt.MAX_QUOTED / 2 - 1) + "'... (201 characters)");
  }
}
