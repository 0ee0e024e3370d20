package io.clickstream.connect.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class QuotedTest {

    @Test
    void printableTextShorterThanTheLimitIsQuotedAsItIs() {
        assertThat(Quoted.prefix("caf\u00e9 \ud83d\ude00 \u4e2d", 80))
                .as("letters and a surrogate pair")
                .isEqualTo("caf\u00e9 \ud83d\ude00 \u4e2d");
    }

    @Test
    void controlFormatAndLoneSurrogateCharactersAreEscaped() {
        assertThat(Quoted.prefix("a\u0000b\u001b\u007f\u0085\u2028\u202e\ufeff\uffff\ud800x\udc00", 200))
                .as("escaped")
                .isEqualTo("a\\u0000b\\u001b\\u007f\\u0085\\u2028\\u202e\\ufeff\\uffff\\ud800x\\udc00");
    }

    @Test
    void aLongTextIsCutWithinTheLimitWithoutSplittingAPairOrAnEscape() {
        String cut = Quoted.prefix("x".repeat(1_000_000), 100);
        assertThat(cut).as("a million characters").hasSize(100).endsWith("...");
        for (int max = 4; max < 30; max++) {
            String quoted = Quoted.prefix("\ud83d\ude00\u0000".repeat(20), max);
            assertThat(quoted.length()).as("length at most %d", max).isLessThanOrEqualTo(max);
            assertThat(Quoted.printable(quoted))
                    .as("no pair split at %d: %s", max, quoted)
                    .isTrue();
            assertThat(quoted.replace("\\u0000", "").replace("\ud83d\ude00", ""))
                    .as("no escape split at %d", max)
                    .isEqualTo("...");
        }
    }
}
