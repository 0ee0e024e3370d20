package io.clickstream.gold.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class StorableTextTest {

    @Test
    void nulAndTheOtherC0ControlsBecomeEscapesButTabAndLineBreaksStay() {
        assertThat(StorableText.of("a\u0000b")).as("NUL").isEqualTo("a\\u0000b");
        assertThat(StorableText.of("\u0001\u001b\u001f")).as("other controls").isEqualTo("\\u0001\\u001b\\u001f");
        assertThat(StorableText.of("line\r\nnext\tcell"))
                .as("tab and line breaks")
                .isEqualTo("line\r\nnext\tcell");
    }

    @Test
    void aLoneSurrogateBecomesTheReplacementCharacterAndAPairStays() {
        assertThat(StorableText.of("x\uD800y\uDC00")).as("lone high and low").isEqualTo("x\uFFFDy\uFFFD");
        assertThat(StorableText.of("x\uD800")).as("high at the end").isEqualTo("x\uFFFD");
        assertThat(StorableText.of("\uD83D\uDE00")).as("a pair").isEqualTo("\uD83D\uDE00");
    }

    @Test
    void aStringOverTheCapIsCutNeverInsideAPairAndAKeyFitsABtreeEntry() {
        String cut = StorableText.key("/" + "p".repeat(2_000));
        assertThat(cut).as("cut").hasSize(StorableText.KEY_CHARS).endsWith("…").startsWith("/ppp");
        String pairs = StorableText.key("\uD83D\uDE00".repeat(400));
        assertThat(pairs.length()).as("cut before a pair").isLessThanOrEqualTo(StorableText.KEY_CHARS);
        assertThat(Character.isHighSurrogate(pairs.charAt(pairs.length() - 2)))
                .as("no half pair")
                .isFalse();
        String worst = StorableText.key("\u20ac".repeat(5_000));
        assertThat(worst.getBytes(StandardCharsets.UTF_8).length)
                .as("UTF-8 bytes of a key")
                .isLessThan(2_704);
        assertThat(StorableText.of("\u0000".repeat(5_000)))
                .as("escapes count towards the cap")
                .hasSize(StorableText.TEXT_CHARS);
    }

    @Test
    void storableTextIsReturnedAsItIsAndASecondPassChangesNothing() {
        String clean = "/products/42?q=é";
        assertThat(StorableText.of(clean)).as("same instance").isSameAs(clean);
        assertThat(StorableText.of(null)).as("null").isNull();
        for (String odd : new String[] {"a\u0000b", "x\uD800", "/" + "p".repeat(9_000), "\u0007".repeat(3_000)}) {
            String once = StorableText.key(odd);
            assertThat(StorableText.key(once)).as("key twice").isEqualTo(once);
            assertThat(StorableText.of(once)).as("key, then text").isEqualTo(once);
            assertThat(StorableText.of(StorableText.of(odd))).as("text twice").isEqualTo(StorableText.of(odd));
        }
    }
}
