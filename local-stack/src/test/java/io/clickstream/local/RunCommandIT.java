package io.clickstream.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The {@code run.sh} command as a user runs it, on the repository's own {@code connectors/clickstream-simulator.json}:
 * start, create the connector from its JSON, show progress, stop after {@code --duration}; then a second run on the
 * same data directory resumes instead of starting over.
 */
class RunCommandIT {

    private static final String SIMULATOR_JSON = "clickstream-simulator.json";
    private static Path connectors;
    private static Path dataDir;

    @BeforeAll
    static void prepare() throws IOException {
        Path repoConnectors = Path.of(System.getProperty("clickstream.connectors.dir", "../connectors"));
        Path root = TestStacks.freshDataDir("RunCommandIT");
        connectors = Files.createDirectories(root.resolve("connectors"));
        // Only the simulator: the sinks have their own integration tests.
        Files.copy(repoConnectors.resolve(SIMULATOR_JSON), connectors.resolve(SIMULATOR_JSON));
        dataDir = root.resolve("data");
    }

    private static String run(int expectedExitCode, String... args) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int rc = new LocalStackCommand(new PrintStream(bytes, true, StandardCharsets.UTF_8)).run(args);
        String output = bytes.toString(StandardCharsets.UTF_8);
        assertThat(rc).as("exit code; output:%n%s", output).isEqualTo(expectedExitCode);
        return output;
    }

    @Test
    void runsTheSimulatorFromItsJsonShowsProgressAndResumesOnTheSameDataDir() throws Exception {
        String first = run(0, "--data-dir", dataDir.toString(), "--connectors", connectors.toString(),
                "--kafka-port", "0", "--connect-port", "0", "--events-per-second", "0", "--max-events", "3000",
                "--duration", "8");

        assertThat(first).contains("Connectors: [", "clickstream_events=", "RUNNING [0:RUNNING");
        // The events, exactly; the topic's end offsets count the transaction markers as well.
        assertThat(first).as("progress output").contains("events 3,000 (");
        long lastEndOffsets = Pattern.compile("clickstream_events=([\\d,]+)").matcher(first).results()
                .map(m -> Long.parseLong(m.group(1).replace(",", ""))).reduce((a, b) -> b).orElseThrow();
        assertThat(lastEndOffsets).as("end offsets of clickstream_events in the last progress line")
                .isGreaterThan(3_000);
        assertThat(dataDir.resolve("kafka/cluster.id")).isNotEmptyFile();

        // Second run: the connector exists already (PUT updates it) and its source offsets say it is done.
        String second = run(0, "--data-dir", dataDir.toString(), "--connectors", connectors.toString(),
                "--kafka-port", "0", "--connect-port", "0", "--events-per-second", "0", "--max-events", "3000",
                "--duration", "4");
        assertThat(second).contains("RUNNING");

        try (LocalStack stack = LocalStack.builder().dataDir(dataDir).kafkaPort(0).connectPort(0).build().start();
                TopicReader reader = new TopicReader(stack.bootstrapServers(), "clickstream_events")) {
            reader.readAtLeast(3000, Duration.ofSeconds(30), () -> "after two runs");
            assertThat(reader.readToEnd()).as("events after two runs with max.events=3000").hasSize(3000);
        }
    }

    @Test
    void aWorkerThatDiesIsNamedWithItsExitCode() throws Exception {
        Path none = Files.createDirectories(connectors.resolveSibling("connectors-none"));
        Path data = connectors.resolveSibling("data-two-workers");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        CompletableFuture<Integer> rc = CompletableFuture.supplyAsync(() -> new LocalStackCommand(out).run(
                "--data-dir", data.toString(), "--connectors", none.toString(), "--workers", "2",
                "--kafka-port", "0", "--connect-port", "0", "--duration", "6"));
        // Broker, two workers and PostgreSQL: minutes on a loaded machine.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
        while (!bytes.toString(StandardCharsets.UTF_8).contains("Connectors: [") && !rc.isDone()) {
            assertThat(System.nanoTime()).as("start-up of two workers; output:%n%s", bytes).isLessThan(deadline);
            Thread.sleep(200);
        }
        String workerOne = data.toAbsolutePath().normalize().resolve("connect/worker-1.properties").toString();
        ProcessHandle worker = ProcessHandle.current().descendants().filter(p -> commandLine(p).contains(workerOne))
                .findFirst().orElseThrow(() -> new AssertionError("no process of worker 1; output:\n" + bytes));
        worker.destroyForcibly();

        assertThat(rc.get(60, TimeUnit.SECONDS)).as("exit code; output:%n%s", bytes).isZero();
        assertThat(bytes.toString(StandardCharsets.UTF_8)).as("output")
                .containsOnlyOnce("Worker connect-worker-1 (")
                .contains("pid " + worker.pid() + ") died: exit code 137 (SIGKILL", "connect-worker-1.log");
    }

    /** The full command line ({@code ProcessHandle.Info} gives none for a command line as long as a classpath). */
    private static String commandLine(ProcessHandle process) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc", Long.toString(process.pid()), "cmdline")),
                    StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    @Test
    void aConnectorFileWhosePluginIsMissingEndsTheRunWithTheReason() throws IOException {
        Path withBroken = Files.createDirectories(connectors.resolveSibling("connectors-broken"));
        Files.writeString(withBroken.resolve("zz-missing-sink.json"), """
                {"name": "missing-sink", "config": {"connector.class": "io.clickstream.NoSuchSink",
                 "topics": "clickstream_events", "table.path": "/data/bronze/none"}}""");

        String output = run(1, "--data-dir", connectors.resolveSibling("data-broken").toString(),
                "--connectors", withBroken.toString(), "--kafka-port", "0", "--connect-port", "0", "--duration", "5");

        assertThat(output).contains("Cannot create connector 'missing-sink'", "zz-missing-sink.json",
                "Failed to find any class", "plugin.path");
    }
}
