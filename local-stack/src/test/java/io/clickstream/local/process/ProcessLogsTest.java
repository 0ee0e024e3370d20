package io.clickstream.local.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessLogsTest {

    @TempDir
    Path dir;

    @Test
    void aLogsErrorLinesAreThoseOfTheRunSinceTheOffsetEscapedAndBounded() throws Exception {
        Path log = dir.resolve("job.log");
        Files.writeString(log, "ERROR old run\n", StandardCharsets.UTF_8);
        long offset = Files.size(log);
        Files.writeString(
                log,
                "INFO starting\nERROR one \u001b[1mbold\nplain\njava.lang.IllegalStateException: two\n"
                        + "\tat x.Y.z(Y.java:1)\nCaused by: java.io.IOException: " + "z".repeat(1000) + "\nINFO end\n",
                StandardCharsets.UTF_8,
                StandardOpenOption.APPEND);

        assertThat(ProcessLogs.errorLines(log, offset, 2, 40))
                .containsExactly("java.lang.IllegalStateException: two", "Caused by: java.io.IOException: zzzzzzz…");
        assertThat(ProcessLogs.errorLines(log, offset, 5, 200)).first().isEqualTo("ERROR one \\u001b[1mbold");
        assertThat(ProcessLogs.errorLines(log, Files.size(log) - "INFO end\n".length(), 5, 200))
                .as("no error line: the last lines")
                .containsExactly("INFO end");
    }

    @Test
    void aHugeLogIsReadOnlyAtItsEnd() throws Exception {
        Path log = dir.resolve("huge.log");
        Files.writeString(log, "ERROR early\n" + "x\n".repeat(100_000) + "ERROR late\n", StandardCharsets.UTF_8);

        assertThat(ProcessLogs.errorLines(log, 0, 5, 200)).containsExactly("ERROR late");
    }
}
