package io.clickstream.local.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TerminalTextTest {

    @TempDir
    Path dir;

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

    @Test
    void aLogsErrorLinesAreThoseOfTheRunSinceTheOffsetEscapedAndBounded() throws Exception {
        Path log = dir.resolve("job.log");
        Files.writeString(log, "ERROR old run\n", StandardCharsets.UTF_8);
        long offset = Files.size(log);
        Files.writeString(log, "INFO starting\nERROR one \u001b[1mbold\nplain\njava.lang.IllegalStateException: two\n"
                + "\tat x.Y.z(Y.java:1)\nCaused by: java.io.IOException: " + "z".repeat(1000) + "\nINFO end\n",
                StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);

        assertThat(ProcessLogs.errorLines(log, offset, 2, 40)).containsExactly(
                "java.lang.IllegalStateException: two",
                "Caused by: java.io.IOException: zzzzzzz…");
        assertThat(ProcessLogs.errorLines(log, offset, 5, 200)).first().isEqualTo("ERROR one \\u001b[1mbold");
        assertThat(ProcessLogs.errorLines(log, Files.size(log) - "INFO end\n".length(), 5, 200))
                .as("no error line: the last lines").containsExactly("INFO end");
    }

    @Test
    void aHugeLogIsReadOnlyAtItsEnd() throws Exception {
        Path log = dir.resolve("huge.log");
        Files.writeString(log, "ERROR early\n" + "x\n".repeat(100_000) + "ERROR late\n", StandardCharsets.UTF_8);

        assertThat(ProcessLogs.errorLines(log, 0, 5, 200)).containsExactly("ERROR late");
    }
}
