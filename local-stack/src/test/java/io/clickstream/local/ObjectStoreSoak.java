package io.clickstream.local;

import io.clickstream.local.bench.JvmHeapSampler;
import io.clickstream.local.connect.ConnectorDefinition;
import io.clickstream.local.connect.ConnectorStatus;
import io.clickstream.local.objectstore.S3ProxyServer;
import java.io.IOException;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * A soak of the Bronze and Silver sinks on object storage: the repository's simulator, Bronze and Silver connectors
 * (as {@code ./run.sh --lake s3} maps them, under {@code s3a://<bucket>/soak/}, connector names prefixed
 * {@code soak-}) with a short commit interval and a steady simulator, until each sink has completed {@code commits}
 * commits. Along the way it records, from outside the sinks' code, what a leak or a growing cost would show: each
 * commit's duration and the streams its table's file systems still held (the coordinator's commit line in the
 * worker's log), the worker's live heap once the sinks are warm and again at the end, each time with the simulator
 * paused, both sinks committed through the end of the topic and a full GC (jcmd/jstat), and the commits on each
 * table's timeline.
 * {@link Report#assertSteady} is the verdict; S3LakeIT runs a short soak, {@link #main} a long one (bench/s3-soak.sh).
 */
final class ObjectStoreSoak {

    /** A sink's commit line: commit id, connector, rows, duration, open streams (CommitCoordinator's INFO line). */
    private static final Pattern COMMIT_LINE = Pattern.compile(
            "Commit (\\S+) of (\\S+): (\\d+) rows from \\d+ chunks as instant \\S+ in (\\d+) ms .*open streams (\\d+),");

    private static final Pattern COMPLETED = Pattern.compile("(\\d{17})_\\d{17}\\.(commit|deltacommit)");
    static final String PREFIX = "soak-";
    static final String TOPIC = "soak_events";
    /** Commits of each sink before the heap's baseline is taken: the JVM and the tables are warm by then. */
    private static final int WARM_COMMITS = 5;
    /** Growth of the worker's quiescent live heap between the warm point and the end that fails the soak. */
    private static final long HEAP_GROWTH_LIMIT_MIB = 128;

    record Settings(int commits, long eventsPerSecond, long commitIntervalMs, int partitions, Duration timeout) {}

    /** One commit as the coordinator logged it. */
    record Commit(String id, long rows, long millis, long openStreams) {}

    record Report(
            Map<String, List<Commit>> commits,
            Map<String, Integer> timelineCommits,
            long heapWarmMib,
            long heapEndMib,
            String endHistogram,
            int records,
            Settings settings) {

        /**
         * Every sink committed at least the commits asked for; no commit left more than a handful of streams open (a
         * leak of a few per commit leaves dozens after 25 commits, and on S3A runs the pool of 96 connections dry); the
         * median commit of the last third took at most twice the median of the first (after the first three) plus
         * two seconds; the worker's live heap with nothing in flight grew by less than 128 MiB between the warm point and
         * the end.
         */
        void assertSteady() {
            commits.forEach((sink, list) -> {
                require(
                        list.size() >= settings.commits(),
                        sink + " committed " + list.size() + " times, asked " + settings.commits());
                long maxOpen =
                        list.stream().mapToLong(Commit::openStreams).max().orElse(0);
                require(maxOpen <= 8, sink + " left up to " + maxOpen + " streams open after a commit: " + list);
                List<Long> steady = list.subList(3, list.size()).stream()
                        .map(Commit::millis)
                        .toList();
                int third = Math.max(1, steady.size() / 3);
                long early = median(steady.subList(0, third));
                long late = median(steady.subList(steady.size() - third, steady.size()));
                require(
                        late <= 2 * early + 2_000,
                        sink + "'s commits slowed down: median " + early + " ms early, " + late + " ms late: " + list);
            });
            require(
                    heapEndMib - heapWarmMib < HEAP_GROWTH_LIMIT_MIB,
                    "the worker's live heap grew from " + heapWarmMib + " MiB to " + heapEndMib
                            + " MiB; its largest classes at the end:\n" + endHistogram);
        }

        String summary() {
            StringBuilder out = new StringBuilder();
            commits.forEach((sink, list) -> out.append(String.format(
                    "%s: %d commits (timeline %d), ms %s, open streams" + " max %d%n",
                    sink,
                    list.size(),
                    timelineCommits.getOrDefault(sink, 0),
                    list.stream().map(c -> Long.toString(c.millis())).toList(),
                    list.stream().mapToLong(Commit::openStreams).max().orElse(0))));
            out.append(String.format(
                    "worker live heap: %d MiB warm, %d MiB at the end; records %d%n",
                    heapWarmMib, heapEndMib, records));
            return out.toString();
        }
    }

    private final LocalStack stack;
    private final S3ProxyServer s3;
    private final Path connectorsDir;
    private final Settings settings;
    private final PrintStream log;

    ObjectStoreSoak(LocalStack stack, S3ProxyServer s3, Path connectorsDir, Settings settings, PrintStream log) {
        this.stack = stack;
        this.s3 = s3;
        this.connectorsDir = connectorsDir;
        this.settings = settings;
        this.log = log;
    }

    /** The simulator, Bronze and Silver connectors of the soak, in that order. */
    List<ConnectorDefinition> connectors() {
        LocalStackOptions options = LocalStackOptions.parse(
                "--data-dir",
                stack.dataDir().toString(),
                "--connectors",
                connectorsDir.toString(),
                "--lake",
                "s3",
                "--events-per-second",
                Long.toString(settings.eventsPerSecond()));
        ConnectorDefinition[] ordered = new ConnectorDefinition[3]; // simulator, bronze, silver
        for (ConnectorDefinition d : LocalStackCommand.connectors(options, c -> s3.onLake(c, 1))) {
            boolean simulator = LocalStackCommand.isSimulator(d);
            int slot =
                    simulator ? 0 : d.name().startsWith("bronze") ? 1 : d.name().startsWith("silver") ? 2 : -1;
            if (slot < 0) {
                continue;
            }
            Map<String, String> config = new LinkedHashMap<>(d.config());
            if (simulator) {
                config.put("topic", TOPIC);
            } else {
                config.put("topics", TOPIC);
                config.put("table.path", config.get("table.path").replace(s3.uri(""), s3.uri("soak/")));
                config.put("commit.interval.ms", Long.toString(settings.commitIntervalMs()));
            }
            ordered[slot] = new ConnectorDefinition(PREFIX + d.name(), config, d.source());
        }
        for (ConnectorDefinition d : ordered) {
            require(d != null, "no simulator, bronze and silver connector files in " + connectorsDir);
        }
        return List.of(ordered);
    }

    Report run() throws Exception {
        List<ConnectorDefinition> connectors = connectors();
        stack.deploy(connectors, settings.partitions(), Duration.ofSeconds(120));
        String simulator = connectors.get(0).name();
        Map<String, Path> tables = new LinkedHashMap<>();
        for (ConnectorDefinition d : connectors.subList(1, connectors.size())) {
            tables.put(d.name(), s3.localPath(d.config().get("table.path")).orElseThrow());
        }
        Path workerLog = stack.worker(0).process().logFile();
        long pid = stack.worker(0).process().pid();
        Map<String, List<Commit>> commits = new LinkedHashMap<>();
        Map<String, TreeSet<String>> timeline = new LinkedHashMap<>();
        tables.keySet().forEach(t -> {
            commits.put(t, new ArrayList<>());
            timeline.put(t, new TreeSet<>());
        });
        long logOffset = Files.exists(workerLog) ? Files.size(workerLog) : 0;
        long heapWarm = -1;
        long deadline = System.nanoTime() + settings.timeout().toNanos();
        long lastReport = 0;
        while (commits.values().stream().anyMatch(c -> c.size() < settings.commits())) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Not " + settings.commits() + " commits each within " + settings.timeout()
                        + ": " + counts(commits) + "; " + statuses(connectors));
            }
            Thread.sleep(1_000);
            logOffset = readCommitLines(workerLog, logOffset, commits);
            tables.forEach((sink, dir) -> timeline.get(sink).addAll(completed(dir)));
            requireRunning(connectors);
            if (heapWarm < 0 && commits.values().stream().allMatch(c -> c.size() >= WARM_COMMITS)) {
                heapWarm = quiescentHeapMib(simulator, tables.keySet(), pid).heapMib();
                stack.connect().resume(simulator);
                log.printf("soak: warm after %s, worker live heap %d MiB%n", counts(commits), heapWarm);
            }
            if (System.nanoTime() - lastReport > Duration.ofSeconds(30).toNanos()) {
                lastReport = System.nanoTime();
                log.printf("soak: %s%n", counts(commits));
            }
        }
        Quiescent end = quiescentHeapMib(simulator, tables.keySet(), pid);
        String histogram =
                end.heapMib() - heapWarm >= HEAP_GROWTH_LIMIT_MIB ? JvmHeapSampler.classHistogram(pid, 25) : "";
        Map<String, Integer> timelineCommits = new LinkedHashMap<>();
        tables.forEach((sink, dir) -> {
            timeline.get(sink).addAll(completed(dir));
            timelineCommits.put(sink, timeline.get(sink).size());
        });
        return new Report(
                commits,
                timelineCommits,
                heapWarm,
                end.heapMib(),
                histogram,
                end.records().size(),
                settings);
    }

    private record Quiescent(long heapMib, List<ConsumerRecord<String, String>> records) {}

    /**
     * The worker's live heap with no batch in flight: the simulator paused, both sinks committed through the end of
     * the topic, then a full GC. Taken while records flow, it also counts whatever a commit holds at that instant (a
     * file being rewritten grows with the table), which says nothing of a leak and once made it look like one.
     */
    private Quiescent quiescentHeapMib(String simulator, Iterable<String> sinks, long pid) throws Exception {
        stack.connect().pause(simulator);
        List<ConsumerRecord<String, String>> records;
        try (TopicReader reader = new TopicReader(stack.bootstrapServers(), TOPIC)) {
            Thread.sleep(2_000); // the simulator's last transaction ends
            reader.readToEnd();
            records = List.copyOf(reader.records());
        }
        for (String sink : sinks) {
            BronzeSink.awaitCommittedThrough(
                    stack.admin(), sink, records, Duration.ofSeconds(300), () -> ConnectorStatusText.of(stack, sink));
        }
        JvmHeapSampler.fullGc(pid);
        return new Quiescent(JvmHeapSampler.usedMibNow(pid), records);
    }

    private long readCommitLines(Path workerLog, long offset, Map<String, List<Commit>> commits) throws IOException {
        if (!Files.exists(workerLog)) {
            return offset;
        }
        try (RandomAccessFile file = new RandomAccessFile(workerLog.toFile(), "r")) {
            if (file.length() <= offset) {
                return offset;
            }
            file.seek(offset);
            byte[] bytes = new byte[(int) Math.min(file.length() - offset, 64L * 1024 * 1024)];
            file.readFully(bytes);
            String text = new String(bytes, StandardCharsets.UTF_8);
            int lastNewline = text.lastIndexOf('\n');
            if (lastNewline < 0) {
                return offset;
            }
            for (String line : text.substring(0, lastNewline).split("\n")) {
                Matcher m = COMMIT_LINE.matcher(line);
                if (m.find() && commits.containsKey(m.group(2))) {
                    commits.get(m.group(2))
                            .add(new Commit(
                                    m.group(1),
                                    Long.parseLong(m.group(3)),
                                    Long.parseLong(m.group(4)),
                                    Long.parseLong(m.group(5))));
                }
            }
            return offset + text.substring(0, lastNewline + 1).getBytes(StandardCharsets.UTF_8).length;
        }
    }

    /** Requested times of the completed data commits on a table's active timeline (archival removes old ones). */
    private static List<String> completed(Path table) {
        Path dir = table.resolve(".hoodie/timeline");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> COMPLETED.matcher(f.getFileName().toString()))
                    .filter(Matcher::matches)
                    .map(m -> m.group(1))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    private void requireRunning(List<ConnectorDefinition> connectors) {
        for (ConnectorDefinition d : connectors) {
            ConnectorStatus status = stack.connect().status(d.name());
            if (status.isFailed() || status.tasks().stream().anyMatch(ConnectorStatus.TaskStatus::isFailed)) {
                throw new AssertionError("soak connector failed: " + ConnectorStatusText.of(stack, d.name()));
            }
        }
    }

    private String statuses(List<ConnectorDefinition> connectors) {
        return String.join(
                "; ",
                connectors.stream()
                        .map(d -> ConnectorStatusText.of(stack, d.name()))
                        .toList());
    }

    private static String counts(Map<String, List<Commit>> commits) {
        StringBuilder out = new StringBuilder();
        commits.forEach((sink, list) -> out.append(out.length() == 0 ? "" : ", ")
                .append(sink)
                .append(' ')
                .append(list.size())
                .append(" commits"));
        return out.toString();
    }

    private static long median(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new AssertionError(message);
        }
    }

    /**
     * The long soak (bench/s3-soak.sh): its own S3Proxy and one-worker stack on a fresh data directory.
     * Arguments: {@code --commits N --events-per-second R --commit-interval-ms MS --data-dir DIR --connectors DIR
     * --timeout-minutes M}.
     */
    public static void main(String[] args) throws Exception {
        Map<String, String> a = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            a.put(args[i], args[i + 1]);
        }
        Path dataDir = Path.of(a.getOrDefault("--data-dir", "local-stack/target/bench/s3-soak"));
        TestStacks.deleteRecursively(dataDir);
        Settings settings = new Settings(
                Integer.parseInt(a.getOrDefault("--commits", "100")),
                Long.parseLong(a.getOrDefault("--events-per-second", "300")),
                Long.parseLong(a.getOrDefault("--commit-interval-ms", "2000")),
                4,
                Duration.ofMinutes(Long.parseLong(a.getOrDefault("--timeout-minutes", "60"))));
        try (S3ProxyServer s3 = new S3ProxyServer(
                                dataDir, dataDir.resolve("logs"), FreePorts.any(), S3ProxyServer.DEFAULT_BUCKET)
                        .start(Duration.ofSeconds(120));
                LocalStack stack = LocalStack.builder()
                        .dataDir(dataDir)
                        .kafkaPort(0)
                        .connectPort(0)
                        .workers(1)
                        .build()
                        .start()) {
            Report report = new ObjectStoreSoak(
                            stack, s3, Path.of(a.getOrDefault("--connectors", "connectors")), settings, System.out)
                    .run();
            System.out.print(report.summary());
            report.assertSteady();
            System.out.println("soak: steady");
        }
    }
}
