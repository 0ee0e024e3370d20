package io.clickstream.local.bench;

import io.clickstream.local.LocalStack;
import io.clickstream.local.PipelineRun;
import io.clickstream.local.TestStacks;
import io.clickstream.local.connect.ConnectWorker;
import io.clickstream.local.connect.ConnectorDefinition;
import io.clickstream.local.connect.ConnectorStatus;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Benchmark (a main, not a test): the whole local stack under a steady simulator rate. Starts what {@code ./run.sh}
 * starts ({@link PipelineRun}: broker, worker(s), every {@code connectors/*.json} with {@code --rate}, PostgreSQL,
 * the Gold job), lets it run for {@code --duration} seconds and samples:
 * <ul>
 *   <li>every {@code --sample-seconds}: each Hudi sink's lag, the topic's end offsets minus the offsets its consumer
 *       group {@code connect-<name>} holds (the sink reports there the offsets of its last Hudi commit); the events
 *       produced; the load average; the connectors' states;</li>
 *   <li>every 0.5 s: new rows of {@code gold.batches}, for Gold freshness ({@link GoldFreshness});</li>
 *   <li>at the end of the warm-up and of the run: CPU seconds of every process (broker, workers, Gold JVM, PostgreSQL
 *       with its backends) and of the workers' threads by name.</li>
 * </ul>
 * Then it pauses the simulator, waits until both sinks have committed every record and Gold has read every Silver
 * row, stops the stack and counts the tables with Spark: the figures count only if Bronze holds exactly the events
 * produced (distinct partition and offset) and Silver the events not dead-lettered (distinct event ids). Run it with
 * {@code bench/sustained-pipeline.sh}; the result is Markdown ({@link SustainedPipelineReport}).
 */
public final class SustainedPipelineBenchmark {

    private static final String SINK_CLASS_SUFFIX = "HudiSinkConnector";
    private static final Duration KAFKA_TIMEOUT = Duration.ofSeconds(30);
    private static final long GOLD_POLL_MS = 500;

    /** One Hudi sink of the run: its connector name, table and commit interval. */
    record Sink(String name, Path table, long commitIntervalMs) {}

    /** One sample: seconds since the start, events produced, each sink's lag in offsets, 1-minute load average. */
    record Sample(double seconds, long events, Map<String, Long> lag, double load) {}

    /** CPU seconds by process and by worker thread, and the events produced, at one moment. */
    record CpuMark(long wallMs, long events, Map<String, Double> processes, Map<String, Double> workerThreads) {}

    private final SustainedPipelineOptions options;
    private final PipelineRun run;
    private final List<Sink> sinks = new ArrayList<>();
    private final String topic;
    private final List<Sample> samples = new ArrayList<>();
    private final List<GoldFreshness.Batch> goldBatches = new ArrayList<>();
    private final List<String> failures = new ArrayList<>();
    private long lastBatchId = -1;

    private SustainedPipelineBenchmark(SustainedPipelineOptions options, PipelineRun run) {
        this.options = options;
        this.run = run;
        String simulatorTopic = run.connectors().stream()
                .filter(PipelineRun::isSimulator)
                .map(d -> d.config().get("topic"))
                .findFirst()
                .orElse(null);
        // Only the sinks of the simulator's topic: the dead-letter sink reads another topic, whose lag this harness
        // does not measure.
        for (ConnectorDefinition d : run.connectors()) {
            if (d.connectorClass().endsWith(SINK_CLASS_SUFFIX)
                    && simulatorTopic != null
                    && simulatorTopic.equals(d.config().get("topics"))) {
                sinks.add(new Sink(
                        d.name(),
                        Path.of(URI.create(d.config().get("table.path"))),
                        Long.parseLong(d.config().getOrDefault("commit.interval.ms", "10000"))));
            }
        }
        if (simulatorTopic == null || sinks.isEmpty()) {
            throw new IllegalStateException(
                    "the connectors hold no simulator or no Hudi sink of its topic: " + run.connectors());
        }
        this.topic = simulatorTopic;
    }

    public static void main(String[] args) throws Exception {
        SustainedPipelineOptions options = SustainedPipelineOptions.parse(args);
        TestStacks.deleteRecursively(options.dataDir());
        String load = loadAverage();
        SustainedPipelineReport.Result result;
        PipelineRun run = PipelineRun.start(
                options.goldModule(),
                "--data-dir",
                options.dataDir().toString(),
                "--workers",
                Integer.toString(options.workers()),
                "--worker-heap",
                options.workerHeap(),
                "--events-per-second",
                Long.toString(options.rate()),
                "--connectors",
                options.connectorsDir().toString(),
                "--partitions",
                Integer.toString(options.partitions()));
        SustainedPipelineBenchmark bench = new SustainedPipelineBenchmark(options, run);
        try {
            result = bench.measure(load);
        } finally {
            run.close();
        }
        try {
            result = bench.countTables(result);
        } catch (Exception e) { // the figures are still written, marked not correct: the counts stay unknown
            System.out.println("Counting the tables failed: " + e.getMessage());
        }
        String report = SustainedPipelineReport.markdown(options, result);
        System.out.println(report);
        Files.createDirectories(options.out().toAbsolutePath().getParent());
        Files.writeString(options.out(), report, StandardCharsets.UTF_8);
        System.out.println("Written to " + options.out().toAbsolutePath());
    }

    private SustainedPipelineReport.Result measure(String loadBefore) throws Exception {
        LocalStack stack = run.stack();
        Map<String, Long> pids = processes();
        System.out.printf(
                Locale.ROOT,
                "Pipeline up: %s; processes %s; %d events/s for %d s (warm-up %d s)%n",
                sinks,
                pids,
                options.rate(),
                options.durationSeconds(),
                options.warmupSeconds());
        long start = System.currentTimeMillis();
        long warmupEnd = start + TimeUnit.SECONDS.toMillis(options.warmupSeconds());
        long end = start + TimeUnit.SECONDS.toMillis(options.durationSeconds());
        long nextSample = start;
        CpuMark steadyStart = null;
        try (Connection gold = DriverManager.getConnection(
                run.gold().postgres().jdbcUrl(), run.gold().postgres().user(), null)) {
            while (System.currentTimeMillis() < end) {
                long now = System.currentTimeMillis();
                pollGold(gold);
                if (steadyStart == null && now >= warmupEnd) {
                    steadyStart = cpuMark(pids);
                }
                if (now >= nextSample) {
                    sample(start);
                    nextSample += TimeUnit.SECONDS.toMillis(options.sampleSeconds());
                }
                Thread.sleep(GOLD_POLL_MS);
            }
            CpuMark steadyEnd = cpuMark(pids);
            if (steadyStart == null) {
                steadyStart = steadyEnd;
            }
            String loadAtEnd = loadAverage();
            // The end: no more events; the sinks and Gold then catch up, so every event can be counted.
            String simulator = run.connectors().stream()
                    .filter(PipelineRun::isSimulator)
                    .findFirst()
                    .orElseThrow()
                    .name();
            stack.connect().pause(simulator);
            long produced = stableEventCount();
            long drainStart = System.currentTimeMillis();
            boolean drained = awaitDrained(gold, Duration.ofSeconds(options.drainTimeoutSeconds()));
            double drainSeconds = (System.currentTimeMillis() - drainStart) / 1000.0;
            long deadLetters = deadLetters();
            long goldRows = awaitGold(gold, produced - deadLetters, Duration.ofSeconds(options.drainTimeoutSeconds()));
            checkStatuses();
            Map<String, HudiSinkTimeline> timelines = new LinkedHashMap<>();
            for (Sink s : sinks) {
                try {
                    timelines.put(s.name(), HudiSinkTimeline.of(s.table()));
                } catch (RuntimeException e) { // no table yet: nothing committed
                    timelines.put(s.name(), new HudiSinkTimeline(List.of()));
                }
            }
            return new SustainedPipelineReport.Result(
                    start,
                    warmupEnd,
                    end,
                    sinks,
                    List.copyOf(samples),
                    List.copyOf(goldBatches),
                    steadyStart,
                    steadyEnd,
                    timelines,
                    produced,
                    deadLetters,
                    drained,
                    drainSeconds,
                    goldRows,
                    -1,
                    -1,
                    -1,
                    -1,
                    List.copyOf(failures),
                    loadBefore,
                    loadAtEnd);
        }
    }

    /** The pids of the stack's processes by name; PostgreSQL's is its postmaster's (its backends are its children). */
    private Map<String, Long> processes() throws Exception {
        Map<String, Long> pids = new LinkedHashMap<>();
        pids.put("Kafka broker", run.stack().broker().process().pid());
        for (ConnectWorker w : run.stack().workers()) {
            pids.put("Connect worker " + w.index(), w.process().pid());
        }
        pids.put("Gold job (Spark)", run.gold().jobPid());
        Path pidFile = run.gold().postgres().home().resolve("data/postmaster.pid");
        pids.put("PostgreSQL", Long.parseLong(Files.readAllLines(pidFile).get(0).trim()));
        return pids;
    }

    private CpuMark cpuMark(Map<String, Long> pids) {
        Map<String, Double> processes = new LinkedHashMap<>();
        pids.forEach((name, pid) -> processes.put(name, JvmCpu.treeSeconds(pid)));
        Map<String, Double> threads = new HashMap<>();
        for (ConnectWorker w : run.stack().workers()) {
            JvmCpu.javaThreads(w.process().pid()).forEach((name, s) -> threads.merge(name, s, Double::sum));
        }
        return new CpuMark(System.currentTimeMillis(), run.events(KAFKA_TIMEOUT), processes, threads);
    }

    private void sample(long start) throws Exception {
        Map<TopicPartition, Long> ends = endOffsets();
        Map<String, Long> lag = new LinkedHashMap<>();
        for (Sink sink : sinks) {
            long total = 0;
            Map<TopicPartition, OffsetAndMetadata> committed = committed(sink);
            for (Map.Entry<TopicPartition, Long> e : ends.entrySet()) {
                OffsetAndMetadata c = committed.get(e.getKey());
                total += Math.max(0, e.getValue() - (c == null ? 0 : c.offset()));
            }
            lag.put(sink.name(), total);
        }
        long events = run.events(KAFKA_TIMEOUT);
        double seconds = (System.currentTimeMillis() - start) / 1000.0;
        Sample s = new Sample(
                seconds, events, lag, Double.parseDouble(loadAverage().split(" ")[0]));
        samples.add(s);
        checkStatuses();
        System.out.printf(
                Locale.ROOT,
                "[%5.0fs] events %,d lag %s load %.1f gold batches %d%n",
                seconds,
                events,
                lag,
                s.load(),
                goldBatches.size());
    }

    private void checkStatuses() {
        for (Map.Entry<String, ConnectorStatus> e :
                run.stack().connectorStatuses().entrySet()) {
            ConnectorStatus s = e.getValue();
            if (s.isFailed() || s.tasks().stream().anyMatch(ConnectorStatus.TaskStatus::isFailed)) {
                String failure = e.getKey() + " " + s.summary();
                if (!failures.contains(failure)) {
                    failures.add(failure);
                }
            }
        }
        if (!run.gold().jobAlive() && !failures.contains("gold job exited")) {
            failures.add("gold job exited");
        }
    }

    private void pollGold(Connection gold) {
        try (PreparedStatement s = gold.prepareStatement("SELECT batch_id, rows_in, late_rows, newest_event_time, "
                + "batch_ms FROM gold.batches WHERE batch_id > ? ORDER BY batch_id")) {
            s.setLong(1, lastBatchId);
            try (ResultSet rs = s.executeQuery()) {
                long seen = System.currentTimeMillis();
                while (rs.next()) {
                    java.sql.Timestamp newest = rs.getTimestamp(4);
                    goldBatches.add(new GoldFreshness.Batch(
                            rs.getLong(1),
                            rs.getLong(2),
                            rs.getLong(3),
                            newest == null ? Long.MIN_VALUE : newest.getTime(),
                            rs.getLong(5),
                            seen));
                    lastBatchId = rs.getLong(1);
                }
            }
        } catch (SQLException e) {
            // the schema is migrated by the job at its start; until then there is nothing to see
        }
    }

    private Map<TopicPartition, Long> endOffsets() throws Exception {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        run.stack()
                .admin()
                .describeTopics(List.of(topic))
                .allTopicNames()
                .get(30, TimeUnit.SECONDS)
                .get(topic)
                .partitions()
                .forEach(p -> request.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
        Map<TopicPartition, Long> ends = new HashMap<>();
        run.stack()
                .admin()
                .listOffsets(request)
                .all()
                .get(30, TimeUnit.SECONDS)
                .forEach((tp, info) -> ends.put(tp, info.offset()));
        return ends;
    }

    private Map<TopicPartition, OffsetAndMetadata> committed(Sink sink) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed = run.stack()
                .admin()
                .listConsumerGroupOffsets("connect-" + sink.name())
                .partitionsToOffsetAndMetadata()
                .get(30, TimeUnit.SECONDS);
        Map<TopicPartition, OffsetAndMetadata> result = new HashMap<>();
        committed.forEach((tp, o) -> {
            if (o != null && tp.topic().equals(topic)) {
                result.put(tp, o);
            }
        });
        return result;
    }

    /** The simulator's events once two reads a few seconds apart agree (its last transaction committed). */
    private long stableEventCount() throws InterruptedException {
        long previous = run.events(KAFKA_TIMEOUT);
        while (true) {
            Thread.sleep(3000);
            long now = run.events(KAFKA_TIMEOUT);
            if (now == previous) {
                return now;
            }
            previous = now;
        }
    }

    /**
     * Whether both sinks committed every record within {@code timeout}: each partition's committed offset is at
     * least its end offset minus one (the end is the last transaction's commit marker, which holds no record). Gold's
     * batches are still polled meanwhile: the events of the run's last seconds become visible now.
     */
    private boolean awaitDrained(Connection gold, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Map<TopicPartition, Long> ends = endOffsets();
            boolean all = true;
            for (Sink sink : sinks) {
                Map<TopicPartition, OffsetAndMetadata> committed = committed(sink);
                for (Map.Entry<TopicPartition, Long> e : ends.entrySet()) {
                    OffsetAndMetadata c = committed.get(e.getKey());
                    all &= e.getValue() == 0 || (c != null && c.offset() >= e.getValue() - 1);
                }
            }
            if (all) {
                return true;
            }
            pollGold(gold);
            Thread.sleep(1000);
        }
        return false;
    }

    /** Records in the dead-letter topics the sinks name (not transactional: end offsets are records). */
    private long deadLetters() throws Exception {
        long total = 0;
        for (ConnectorDefinition d : run.connectors()) {
            String dlq = d.config().get("errors.deadletterqueue.topic.name");
            if (dlq == null || !d.connectorClass().endsWith(SINK_CLASS_SUFFIX)) {
                continue;
            }
            Map<TopicPartition, OffsetSpec> request = new HashMap<>();
            run.stack()
                    .admin()
                    .describeTopics(List.of(dlq))
                    .allTopicNames()
                    .get(30, TimeUnit.SECONDS)
                    .get(dlq)
                    .partitions()
                    .forEach(p -> request.put(new TopicPartition(dlq, p.partition()), OffsetSpec.latest()));
            total += run.stack().admin().listOffsets(request).all().get(30, TimeUnit.SECONDS).values().stream()
                    .mapToLong(i -> i.offset())
                    .sum();
        }
        return total;
    }

    /** Waits until Gold's batches have read {@code silverRows} rows (or the timeout); returns what they read. */
    private long awaitGold(Connection gold, long silverRows, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        long read = -1;
        while (System.nanoTime() < deadline) {
            try (Statement s = gold.createStatement();
                    ResultSet rs = s.executeQuery("SELECT coalesce(sum(rows_in), 0) FROM gold.batches")) {
                rs.next();
                read = rs.getLong(1);
            }
            pollGold(gold);
            if (read >= silverRows) {
                return read;
            }
            Thread.sleep(GOLD_POLL_MS);
        }
        return read;
    }

    /** Bronze and Silver counted with Spark, after the stack stopped. */
    private SustainedPipelineReport.Result countTables(SustainedPipelineReport.Result r) throws Exception {
        if (options.skipCount() || !r.drained()) {
            return r; // undrained tables cannot equal what was produced: the run is not correct either way
        }
        Path logs = options.dataDir().resolve("logs");
        long bronzeRows = -1;
        long bronzeDistinct = -1;
        long silverRows = -1;
        long silverDistinct = -1;
        for (Sink sink : sinks) {
            boolean bronze = sink.name().startsWith("bronze");
            Map<String, Long> stats = io.clickstream.local.SparkTableReader.read(
                    options.tablesModule(),
                    sink.table(),
                    logs.resolve("spark-count-" + sink.name() + ".log"),
                    Duration.ofMinutes(20),
                    bronze ? new String[] {"kafka_partition", "kafka_offset"} : new String[] {"event_id"});
            if (bronze) {
                bronzeRows = stats.getOrDefault("rows", -1L);
                bronzeDistinct = stats.getOrDefault("distinct", -1L);
            } else {
                silverRows = stats.getOrDefault("rows", -1L);
                silverDistinct = stats.getOrDefault("distinct", -1L);
            }
        }
        return r.withCounts(bronzeRows, bronzeDistinct, silverRows, silverDistinct);
    }

    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (java.io.IOException e) {
            return "? ? ?";
        }
    }
}
