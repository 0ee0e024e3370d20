package io.clickstream.local.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Starts real child JVMs (no mocks): the launcher's stop and kill must really end them. */
class ManagedProcessTest {

    @TempDir
    Path logs;

    private ManagedProcess sleeper(String name) {
        return ManagedProcess.builder(name, SleeperMain.class.getName())
                .jvmOption("-Xmx32m")
                .systemProperty("greeting", "hello")
                .arg("one")
                .arg(Path.of("two"))
                .logDir(logs)
                .stopTimeout(Duration.ofSeconds(20))
                .build();
    }

    @Test
    void stopEndsTheChildGracefullyAndItsOutputLandsInTheLogFile() throws Exception {
        ManagedProcess process = sleeper("graceful").start();
        assertThat(process.isAlive()).isTrue();
        awaitLogContains(process, "args=one,two greeting=hello");

        process.stop();

        assertThat(process.isAlive()).isFalse();
        assertThat(ProcessHandle.of(process.pid())).isEmpty();
        assertThat(process.exitCode()).hasValue(143); // SIGTERM
        assertThat(Files.readString(process.logFile())).contains("shutdown hook ran");
    }

    @Test
    void killEndsTheChildWithoutItsShutdownHooks() throws Exception {
        ManagedProcess process = sleeper("crash").start();
        awaitLogContains(process, "args=");

        process.kill();

        assertThat(process.isAlive()).isFalse();
        assertThat(process.exitCode()).hasValue(137); // SIGKILL
        assertThat(Files.readString(process.logFile())).doesNotContain("shutdown hook ran");
    }

    @Test
    void onlyAStopIsAnExitAskedForUntilTheNextStart() throws Exception {
        ManagedProcess process = sleeper("asked").start();
        awaitLogContains(process, "args=");
        process.stop();
        assertThat(process.stopRequested()).as("after stop()").isTrue();
        assertThat(process.awaitExit(Duration.ofSeconds(1))).as("exited").isTrue();

        process.start();
        assertThat(process.stopRequested()).as("started again").isFalse();
        process.kill();
        assertThat(process.stopRequested()).as("after kill(), as in a crash").isFalse();
    }

    @Test
    void aRestartAppendsToTheSameLog() throws Exception {
        ManagedProcess process = sleeper("twice").start();
        awaitLogContains(process, "args=");
        process.kill();
        process.start();
        try {
            awaitLogLines(process, 2);
        } finally {
            process.kill();
        }
        assertThat(Files.readAllLines(process.logFile()))
                .filteredOn(l -> l.startsWith("args="))
                .hasSize(2);
    }

    @Test
    void childClasspathDropsZipArtifacts() {
        String previous = System.getProperty("surefire.test.class.path");
        try {
            System.setProperty("surefire.test.class.path", "a.jar:bundle.zip:classes");
            assertThat(ChildClasspath.current()).isEqualTo("a.jar:classes");
        } finally {
            if (previous == null) {
                System.clearProperty("surefire.test.class.path");
            } else {
                System.setProperty("surefire.test.class.path", previous);
            }
        }
    }

    /** Waits for the child's output (it starts a JVM, so it takes a moment); bounded by the process being alive. */
    private static void awaitLogContains(ManagedProcess process, String text) throws IOException, InterruptedException {
        while (!Files.exists(process.logFile())
                || !Files.readString(process.logFile()).contains(text)) {
            assertThat(process.isAlive()).as("%s is alive", process.name()).isTrue();
            Thread.sleep(50);
        }
    }

    private static void awaitLogLines(ManagedProcess process, int count) throws IOException, InterruptedException {
        while (Files.readAllLines(process.logFile()).stream()
                        .filter(l -> l.startsWith("args="))
                        .count()
                < count) {
            assertThat(process.isAlive()).as("%s is alive", process.name()).isTrue();
            Thread.sleep(50);
        }
    }
}
