package io.clickstream.local.process;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TerminalTextTest {

    @Test
    void controlCharactersAreEscapedAndPrintableTextIsKept() {
        assertThat(TerminalText.escape("a\u001b[31mb\nc\rd\te\u0000f\u2028g\u202eh", 100))
                .isEqualTo("a\\u001b[31mb\\nc\\rd\\te\\u0000f\\u2028g\\u202eh");
        assertThat(TerminalText.escape("prix négatif 😀", 100)).isEqualTo("prix négatif 😀");
        assertThat(TerminalText.escape("lone \ud800 surrogate", 100)).isEqualTo("lone \\ud800 surrogate");
    }

    @Test
    void textIsCutToItsBoundWithoutSplittingAnEscapeOrASurrogatePair() {
        assertThat(TerminalText.escape("abcdef", 6)).isEqualTo("abcdef");
        assertThat(TerminalText.escape("abcdefg", 6)).isEqualTo("abcde…");
        assertThat(TerminalText.escape("abcd\n", 6)).isEqualTo("abcd\\n");
        assertThat(TerminalText.escape("abc\nxyz", 6)).isEqualTo("abc\\n…");
        assertThat(TerminalText.escape("abcd😀x", 6)).isEqualTo("abcd…");
        assertThat(TerminalText.escape("x".repeat(10_000_000), 80)).hasSize(80).endsWith("…");
    }
}
