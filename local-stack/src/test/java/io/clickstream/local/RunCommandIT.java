package io.clickstream.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.clickstream.dashboard.HeadlessChromium;
import io.clickstream.local.livepage.LivePageDom;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The {@code run.sh} command as a user runs it, on the repository's own {@code connectors/clickstream-simulator.json}
 * and {@code silver-hudi-sink.json}: start, create the connectors from their JSON, show progress, load Gold and show
 * it on the live page, which a real browser (headless Chromium) renders; then a second run on the same data directory
 * resumes instead of starting over and stops after {@code --duration}.
 */
class RunCommandIT {

    private static final String SIMULATOR_JSON = "clickstream-simulator.json";
    private static final String SILVER_JSON = "silver-hudi-sink.json";
    private static final Path PAGE_ARTIFACTS = Path.of("target/live-page");
    private static final Pattern PAGE_URL = Pattern.compile("Live page: (http://localhost:\\d+/)");
    private static Path connectors;
    private static Path dataDir;

    @BeforeAll
    static void prepare() throws IOException {
        Path repoConnectors = Path.of(System.getProperty("clickstream.connectors.dir", "../connectors"));
        Path root = TestStacks.freshDataDir("RunCommandIT");
        connectors = Files.createDirectories(root.resolve("connectors"));
        // The simulator, and the Silver sink that Gold reads; Bronze has its own integration tests.
        Files.copy(repoConnectors.resolve(SIMULATOR_JSON), connectors.resolve(SIMULATOR_JSON));
        Files.copy(repoConnectors.resolve(SILVER_JSON), connectors.resolve(SILVER_JSON));
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
    void runsThePipelineFromItsJsonShowsProgressAndTheLivePageAndResumesOnTheSameDataDir() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        LocalStackCommand command = new LocalStackCommand(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        CompletableFuture<Integer> rc = CompletableFuture.supplyAsync(() -> command.run(
                "--data-dir",
                dataDir.toString(),
                "--connectors",
                connectors.toString(),
                "--kafka-port",
                "0",
                "--connect-port",
                "0",
                "--page-port",
                "0",
                "--events-per-second",
                "0",
                "--max-events",
                "3000",
                "--duration",
                "900"));
        Optional<HeadlessChromium> chromium = HeadlessChromium.find(PAGE_ARTIFACTS.resolve("chromium-run"));
        String dom = null;
        try {
            URI page = awaitPageUri(bytes, rc);
            awaitEveryPanel(page, rc, bytes);
            if (chromium.isPresent()) {
                dom = chromium.get().dumpDom(page, Duration.ofSeconds(10));
                chromium.get()
                        .screenshot(
                                page, Duration.ofSeconds(10), PAGE_ARTIFACTS.resolve("live-page-run.png"), 1400, 900);
            }
            awaitOutput(bytes, rc, "active sessions conversion ", "the live headline in the progress line");
        } finally {
            command.stop();
        }
        assertThat(rc.get(180, TimeUnit.SECONDS))
                .as("exit code; output:%n%s", bytes)
                .isZero();
        String first = bytes.toString(StandardCharsets.UTF_8);

        assertThat(first).contains("Connectors: [", "clickstream_events=", "RUNNING [0:RUNNING");
        // The events, exactly; the topic's end offsets count the transaction markers as well.
        assertThat(first).as("progress output").contains("events 3,000 (");
        assertThat(first).as("progress output").containsPattern("live ([\\d,]+|-) events/min [\\d,]+ active sessions");
        long lastEndOffsets = Pattern.compile("clickstream_events=([\\d,]+)")
                .matcher(first)
                .results()
                .map(m -> Long.parseLong(m.group(1).replace(",", "")))
                .reduce((a, b) -> b)
                .orElseThrow();
        assertThat(lastEndOffsets)
                .as("end offsets of clickstream_events in the last progress line")
                .isGreaterThan(3_000);
        assertThat(dataDir.resolve("kafka/cluster.id")).isNotEmptyFile();

        // Second run: the connector exists already (PUT updates it) and its source offsets say it is done.
        String second = run(
                0,
                "--data-dir",
                dataDir.toString(),
                "--connectors",
                connectors.toString(),
                "--kafka-port",
                "0",
                "--connect-port",
                "0",
                "--page-port",
                "0",
                "--events-per-second",
                "0",
                "--max-events",
                "3000",
                "--duration",
                "4");
        assertThat(second).contains("RUNNING");

        try (LocalStack stack = LocalStack.builder()
                        .dataDir(dataDir)
                        .kafkaPort(0)
                        .connectPort(0)
                        .build()
                        .start();
                TopicReader reader = new TopicReader(stack.bootstrapServers(), "clickstream_events")) {
            reader.readAtLeast(3000, Duration.ofSeconds(30), () -> "after two runs");
            assertThat(reader.readToEnd())
                    .as("events after two runs with max.events=3000")
                    .hasSize(3000);
        }

        // Last, so that a machine without a browser still checks all of the above and reports the rest as skipped.
        Assumptions.assumeTrue(
                chromium.isPresent(),
                "No Chromium found ($CHROMIUM, chromium on the PATH): the live page was not rendered in a browser; "
                        + "apt-get install -y chromium (.ci/run does)");
        LivePageDom rendered = LivePageDom.parse(dom);
        assertThat(rendered.refreshes())
                .as("refreshes; status: %s", rendered.status())
                .isPositive();
        assertThat(rendered.chartPoints())
                .as("values drawn per chart (DOM: %s)", PAGE_ARTIFACTS)
                .hasSize(4)
                .allSatisfy((panel, points) -> assertThat(points).as(panel).isPositive());
        assertThat(rendered.chartShapes())
                .as("SVG paths per chart")
                .allSatisfy((panel, paths) -> assertThat(paths).as(panel).isPositive());
        assertThat(rendered.stats().get("active_sessions"))
                .as("active sessions shown")
                .matches("[\\d,]+");
        assertThat(PAGE_ARTIFACTS.resolve("live-page-run.png")).as("screenshot").isNotEmptyFile();
    }

    /** The page's URL, once the run prints it. */
    private static URI awaitPageUri(ByteArrayOutputStream bytes, CompletableFuture<Integer> rc)
            throws InterruptedException {
        awaitOutput(bytes, rc, "Live page: ", "the live page's URL");
        Matcher m = PAGE_URL.matcher(bytes.toString(StandardCharsets.UTF_8));
        assertThat(m.find()).as("live page URL in:%n%s", bytes).isTrue();
        return URI.create(m.group(1));
    }

    private static void awaitOutput(
            ByteArrayOutputStream bytes, CompletableFuture<Integer> rc, String text, String what)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
        while (!bytes.toString(StandardCharsets.UTF_8).contains(text)) {
            assertThat(rc.isDone())
                    .as("run ended before %s; output:%n%s", what, bytes)
                    .isFalse();
            assertThat(System.nanoTime())
                    .as("waiting for %s; output:%n%s", what, bytes)
                    .isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    /** Waits until the page's JSON has rows for every panel: Gold has loaded the events. */
    private static void awaitEveryPanel(URI page, CompletableFuture<Integer> rc, ByteArrayOutputStream bytes)
            throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        ObjectMapper json = new ObjectMapper();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(400);
        String last = "";
        while (true) {
            HttpResponse<String> r = http.send(
                    HttpRequest.newBuilder(page.resolve("api/panels"))
                            .timeout(Duration.ofSeconds(30))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            last = r.body();
            JsonNode panels = json.readTree(last).path("panels");
            List<String> empty = new java.util.ArrayList<>();
            panels.fieldNames().forEachRemaining(p -> {
                if (panels.path(p).isEmpty()) {
                    empty.add(p);
                }
            });
            if (r.statusCode() == 200 && empty.isEmpty()) {
                return;
            }
            assertThat(rc.isDone())
                    .as("run ended before Gold filled the page; output:%n%s", bytes)
                    .isFalse();
            assertThat(System.nanoTime())
                    .as(
                            "every panel with rows; last answer %s %s; empty: %s; output:%n%s",
                            r.statusCode(), last, empty, bytes)
                    .isLessThan(deadline);
            Thread.sleep(1000);
        }
    }

    @Test
    void aWorkerThatDiesIsNamedWithItsExitCode() throws Exception {
        Path none = Files.createDirectories(connectors.resolveSibling("connectors-none"));
        Path data = connectors.resolveSibling("data-two-workers");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        CompletableFuture<Integer> rc = CompletableFuture.supplyAsync(() -> new LocalStackCommand(out)
                .run(
                        "--data-dir",
                        data.toString(),
                        "--connectors",
                        none.toString(),
                        "--workers",
                        "2",
                        "--kafka-port",
                        "0",
                        "--connect-port",
                        "0",
                        "--no-page",
                        "--duration",
                        "6"));
        // Broker, two workers and PostgreSQL: minutes on a loaded machine.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
        while (!bytes.toString(StandardCharsets.UTF_8).contains("Connectors: [") && !rc.isDone()) {
            assertThat(System.nanoTime())
                    .as("start-up of two workers; output:%n%s", bytes)
                    .isLessThan(deadline);
            Thread.sleep(200);
        }
        String workerOne = data.toAbsolutePath()
                .normalize()
                .resolve("connect/worker-1.properties")
                .toString();
        ProcessHandle worker = ProcessHandle.current()
                .descendants()
                .filter(p -> commandLine(p).contains(workerOne))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no process of worker 1; output:\n" + bytes));
        worker.destroyForcibly();

        assertThat(rc.get(60, TimeUnit.SECONDS))
                .as("exit code; output:%n%s", bytes)
                .isZero();
        assertThat(bytes.toString(StandardCharsets.UTF_8))
                .as("output")
                .containsOnlyOnce("Worker connect-worker-1 (")
                .contains("pid " + worker.pid() + ") died: exit code 137 (SIGKILL", "connect-worker-1.log");
    }

    /** The full command line ({@code ProcessHandle.Info} gives none for a command line as long as a classpath). */
    private static String commandLine(ProcessHandle process) {
        try {
            return new String(
                    Files.readAllBytes(Path.of("/proc", Long.toString(process.pid()), "cmdline")),
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

        String output = run(
                1,
                "--data-dir",
                connectors.resolveSibling("data-broken").toString(),
                "--connectors",
                withBroken.toString(),
                "--kafka-port",
                "0",
                "--connect-port",
                "0",
                "--no-page",
                "--duration",
                "5");

        assertThat(output)
                .contains(
                        "Cannot create connector 'missing-sink'",
                        "zz-missing-sink.json",
                        "Failed to find any class",
                        "plugin.path");
    }
}
