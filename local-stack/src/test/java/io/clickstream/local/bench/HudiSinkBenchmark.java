package io.clickstream.local.bench;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.clickstream.local.FreePorts;
import io.clickstream.local.LocalStack;
import io.clickstream.local.TestStacks;
import io.clickstream.local.connect.ConnectRestClient;
import io.clickstream.local.connect.ConnectorStatus;
import io.clickstream.local.objectstore.S3ProxyServer;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Benchmark (a main, not a test): records/s of the Bronze Hudi sink on a real Connect worker beside the bare
 * {@code HoodieJavaWriteClient} writing the same records in the same run ({@code BareWriterBenchmark}, the limit), for
 * COW and MOR, with both processes' peak heap.
 *
 * <ol>
 *   <li>Starts a local stack (broker + one worker, {@code --worker-heap}), fills a topic with {@code --records}
 *       simulator events at unlimited rate and dumps them (read_committed) to a file for the bare writer.</li>
 *   <li>Per table type: creates the Bronze sink (one task; {@code commit.max.records} = {@code --batch}, so commits
 *       hold the same rows as the bare writer's) and times it from the connector's creation until the consumer group
 *       {@code connect-<name>} — the offsets the sink reports from its Hudi commits — covers the topic. Then runs the
 *       bare writer in a child JVM with the same heap on the same values, N and B. jstat samples both JVMs.</li>
 *   <li>Counts the rows of every table with Spark (an independent reader): a figure counts only if the table holds
 *       exactly N distinct (partition, offset) rows.</li>
 * </ol>
 * With {@code --lake s3} an S3Proxy process (the local stack's S3 API server over a directory) starts too, and each
 * run adds, after the local-disk sink runs, the sink on {@code s3a://lake/...} and then the bare writer on
 * {@code s3a://} with the same S3A settings: the ratio sink/bare on object storage, and sink on S3 / sink on disk (what
 * the object store costs here).
 * With {@code --table silver} the sink is the shipped Silver sink ({@code --connector}, default
 * connectors/silver-hudi-sink.json: transforms, upsert by event id) and the bare writer upserts the rows the same
 * transforms make of the dumped records, built before its clock starts; the tables must hold the distinct valid event
 * ids. {@code --bare-commits sink} makes the bare writer's commits hold the rows of the sink's commits in that run.
 * Run it with {@code bench/hudi-sink-vs-bare-writer.sh}, which builds everything and passes the classpaths.
 */
public final class HudiSinkBenchmark {

    private static final String TOPIC = "bench_clickstream";
    private static final String SIMULATOR = "io.clickstream.simulator.ClickstreamSourceConnector";
    private static final String SINK = "io.clickstream.connect.hudi.HudiSinkConnector";

    private final Options options;
    private final LocalStack stack;
    /** The S3 API server with {@code --lake s3}, else null. */
    private final S3ProxyServer s3;

    private HudiSinkBenchmark(Options options, LocalStack stack, S3ProxyServer s3) {
        this.options = options;
        this.stack = stack;
        this.s3 = s3;
    }

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        TestStacks.deleteRecursively(options.dataDir);
        S3ProxyServer s3 = options.lake.equals("s3")
                ? new S3ProxyServer(
                        options.dataDir, options.dataDir.resolve("logs"), FreePorts.any(), S3ProxyServer.DEFAULT_BUCKET)
                : null;
        LocalStack stack = LocalStack.builder()
                .dataDir(options.dataDir)
                .workers(1)
                .workerHeap(options.workerHeap)
                .kafkaPort(0)
                .connectPort(0)
                // The sink reports its Hudi-committed offsets in preCommit, called every flush interval: keep it
                // short so the end of a run is seen within half a second of the last commit.
                .workerProperty("offset.flush.interval.ms", "500")
                .build();
        try {
            if (s3 != null) {
                s3.start(Duration.ofSeconds(120));
            }
            stack.start();
            new HudiSinkBenchmark(options, stack, s3).run();
        } finally {
            stack.close();
            if (s3 != null) {
                s3.close();
            }
        }
    }

    private void run() throws Exception {
        Path values = options.dataDir.resolve("values.tsv");
        Map<TopicPartition, Long> ends = prefill(values);
        // All sink runs in the worker JVM, then all bare runs in one JVM: each side's first mode pays class loading
        // and JIT warm-up, its second runs warm.
        // Repeated: on a shared machine other work slows one side or the other; the best of several runs is the least
        // disturbed figure, and CPU seconds are compared beside the wall-clock rates.
        List<Map<String, String>> rows = new ArrayList<>();
        for (int run = 1; run <= options.repeat; run++) {
            if (run > 1) {
                // A fresh worker JVM, as the bare writer's is fresh in every run: both sides start cold each time.
                stack.worker(0).restart(Duration.ofSeconds(120));
            }
            // On disk first, then (--lake s3) on S3Proxy: both sink runs in this worker JVM, both bare runs in fresh
            // JVMs; the object store's figures come after the disk's warm-up.
            for (Lake lake : lakes()) {
                Map<String, Map<String, String>> byMode = new LinkedHashMap<>();
                for (String mode : options.modes) {
                    Map<String, String> row = new LinkedHashMap<>();
                    row.put("mode", mode);
                    row.put("lake", lake.name());
                    row.put("run", Integer.toString(run));
                    row.putAll(runSink(mode, ends, run, lake));
                    byMode.put(mode, row);
                }
                runBare(values, byMode, run, lake);
                rows.addAll(byMode.values());
            }
        }
        for (Map<String, String> row : rows) {
            verify(row);
        }
        String report = HudiSinkReport.markdown(options, rows);
        System.out.println(report);
        Files.createDirectories(options.out.toAbsolutePath().getParent());
        Files.writeString(options.out, report, StandardCharsets.UTF_8);
        System.out.println("Written to " + options.out.toAbsolutePath());
    }

    /** Simulator events into the topic, then every record dumped for the bare writer; returns the sink's goal. */
    private Map<TopicPartition, Long> prefill(Path values) throws Exception {
        stack.createTopic(TOPIC, options.partitions);
        Map<String, String> sim = new HashMap<>();
        sim.put("connector.class", SIMULATOR);
        sim.put("tasks.max", "1");
        sim.put("topic", TOPIC);
        sim.put("max.events", Long.toString(options.records));
        sim.put("events.per.second", "0");
        // The parse transform checks event times against the Kafka timestamp (the wall clock): Silver needs the wall
        // clock; Bronze keeps the simulated one (byte-for-byte the same events every run).
        sim.put("clock", options.silver() ? "wall" : "simulated");
        sim.put("seed", "42");
        ConnectRestClient rest = stack.connect();
        long started = System.nanoTime();
        rest.putConnectorConfig("bench-simulator", sim);
        Map<TopicPartition, Long> ends = new TreeMap<>(Comparator.comparing(TopicPartition::toString));
        int dumped = 0;
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        try (KafkaConsumer<String, String> consumer =
                        new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer());
                BufferedWriter out = Files.newBufferedWriter(values, StandardCharsets.UTF_8)) {
            List<TopicPartition> partitions = consumer.partitionsFor(TOPIC).stream()
                    .map(i -> new TopicPartition(TOPIC, i.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(Math.max(300, options.records / 200));
            while (dumped < options.records) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(
                            "the simulator produced " + dumped + " of " + options.records + " events in time; "
                                    + rest.status("bench-simulator").summary());
                }
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    if (r.value() == null
                            || r.value().indexOf('\t') >= 0
                            || r.value().indexOf('\n') >= 0) {
                        throw new IllegalStateException("value at " + r.partition() + "@" + r.offset()
                                + " cannot go into the dump file (null, tab or newline)");
                    }
                    out.write(r.partition() + "\t" + r.offset() + "\t" + r.timestamp() + "\t" + r.value() + "\n");
                    ends.merge(new TopicPartition(TOPIC, r.partition()), r.offset() + 1, Math::max);
                    dumped++;
                }
            }
        }
        rest.delete("bench-simulator");
        System.out.printf(
                Locale.ROOT,
                "Pre-filled %s with %d simulator events in %.1f s; ends %s%n",
                TOPIC,
                dumped,
                (System.nanoTime() - started) / 1e9,
                ends);
        if (dumped != options.records) {
            throw new IllegalStateException("the topic holds " + dumped + " records, not " + options.records);
        }
        return ends;
    }

    /**
     * Where a run writes its tables: the URI of a path under the tables' root, the directory that path lies in on
     * this machine (S3Proxy keeps objects as files), and the Hadoop settings to reach it.
     */
    private record Lake(String name, String root, Path dir, Map<String, String> hadoop) {
        String uri(String path) {
            return root + "/" + path;
        }

        Path local(String path) {
            return dir.resolve(path);
        }
    }

    private List<Lake> lakes() {
        Path tables = options.dataDir.resolve("tables");
        Lake disk = new Lake("file", tables.toUri().toString().replaceAll("/+$", ""), tables, Map.of());
        if (s3 == null) {
            return List.of(disk);
        }
        return List.of(disk, new Lake("s3", s3.uri("tables"), s3.bucketDir().resolve("tables"), s3.s3aProperties()));
    }

    private Map<String, String> runSink(String mode, Map<TopicPartition, Long> ends, int run, Lake lake)
            throws Exception {
        String name = "bench-sink-" + shortMode(mode) + "-" + run + "-" + lake.name();
        String tablePath = "run" + run + "/sink-" + shortMode(mode);
        Path table = lake.local(tablePath);
        Map<String, String> config = options.silver() ? silverSinkConfig(name) : bronzeSinkConfig();
        config.put("connector.class", SINK);
        config.put("tasks.max", "1");
        config.put("topics", TOPIC);
        config.put("table.type", mode);
        config.put("table.path", lake.uri(tablePath));
        config.put("table.name", "bench_" + shortMode(mode).toLowerCase(Locale.ROOT));
        config.put("commit.interval.ms", Long.toString(options.commitIntervalMs));
        config.put("commit.max.records", Integer.toString(options.batch));
        config.put("buffer.max.records", Integer.toString(options.batch));
        config.put("control.topic", name + "-control");
        config.put("bootstrap.servers", stack.bootstrapServers());
        config.putAll(lake.hadoop());
        if (!lake.hadoop().isEmpty()) {
            config.put("object.store.single.writer", "true"); // one worker: the default lock is safe (hudi-sink.md)
        }
        config.putAll(options.sinkOverrides);
        long pid = stack.worker(0).process().pid();
        JvmHeapSampler.fullGc(pid);
        ConnectRestClient rest = stack.connect();
        System.out.printf(
                Locale.ROOT,
                "Sink %s on %s: %d records, commits of <= %d, commit.interval.ms=%d%n",
                mode,
                lake.uri(tablePath),
                options.records,
                options.batch,
                options.commitIntervalMs);
        double seconds;
        long startedWall;
        JvmHeapSampler heap = JvmHeapSampler.of(pid);
        long brokerPid = stack.broker().process().pid();
        Map<String, Double> cpuBefore = JvmCpu.snapshot(pid);
        double processCpuBefore = JvmCpu.processSeconds(pid) + JvmCpu.processSeconds(brokerPid);
        double processCpu;
        Map<String, Double> cpuAfter;
        try {
            startedWall = System.currentTimeMillis();
            long started = System.nanoTime();
            rest.putConnectorConfig(name, config);
            awaitCommitted(name, ends);
            seconds = (System.nanoTime() - started) / 1e9;
            cpuAfter = JvmCpu.snapshot(pid);
            processCpu = JvmCpu.processSeconds(pid) + JvmCpu.processSeconds(brokerPid) - processCpuBefore;
        } finally {
            heap.close();
        }
        rest.delete(name);
        HudiSinkTimeline timeline = HudiSinkTimeline.of(table);
        Map<String, String> result = new LinkedHashMap<>();
        result.put("sinkTable", lake.uri(tablePath));
        result.put("sinkSeconds", String.format(Locale.ROOT, "%.2f", seconds));
        result.put("sinkRecordsPerSecond", String.format(Locale.ROOT, "%.0f", options.records / seconds));
        result.put("sinkCommitMillis", timeline.commitMillis().toString().replace(" ", ""));
        result.put("sinkCommitRows", String.join(",", committedRows(name)));
        result.put("sinkGapMillis", Long.toString(timeline.gapMillis()));
        List<HudiSinkTimeline.Instant> commits = timeline.dataCommits();
        // Start-up (task start, group join, first interval) and the end's lag (last commit → offsets seen).
        result.put(
                "sinkFirstCommitAfterMillis",
                commits.isEmpty() ? "-" : Long.toString(commits.get(0).requested() - startedWall));
        result.put(
                "sinkLastCommitEndMillis",
                commits.isEmpty()
                        ? "-"
                        : Long.toString(commits.get(commits.size() - 1).completed() - startedWall));
        result.put("sinkCompactions", Long.toString(mode.startsWith("MERGE") ? timeline.count("commit") : 0));
        result.put("sinkLoad", loadAverage());
        result.put("sinkCpuSeconds", String.format(Locale.ROOT, "%.1f", processCpu));
        result.put("sinkWorkerCpu", JvmCpu.difference(cpuBefore, cpuAfter, 8));
        result.put("sinkHeapPeakMib", Long.toString(heap.maxUsedMib()));
        result.put("sinkOldGenPeakMib", Long.toString(heap.maxOldGenMib()));
        System.out.println("  " + result);
        return result;
    }

    /** The Bronze sink: raw values as strings, inserted. */
    private static Map<String, String> bronzeSinkConfig() {
        Map<String, String> config = new HashMap<>();
        config.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        config.put("value.converter", "org.apache.kafka.connect.storage.StringConverter");
        config.put("consumer.override.isolation.level", "read_committed");
        config.put("record.mode", "bronze");
        config.put("write.operation", "insert");
        return config;
    }

    /**
     * The shipped Silver sink ({@code --connector}): its converters, transform chain, upsert keys, index, ordering
     * and error handling as they are; the run's own table, topic, commit sizes and dead-letter topic set on top.
     */
    private Map<String, String> silverSinkConfig(String name) throws IOException {
        ObjectMapper json = new ObjectMapper();
        Map<String, String> config = json.convertValue(
                json.readTree(options.connector().toFile()).get("config"),
                new TypeReference<HashMap<String, String>>() {});
        config.put("errors.deadletterqueue.topic.name", name + "-dlq");
        return config;
    }

    /** The rows of each of the sink's commits, from the coordinator's log line per commit. */
    private List<String> committedRows(String name) throws IOException {
        java.util.regex.Pattern line = java.util.regex.Pattern.compile(
                "Commit \\S+ of " + java.util.regex.Pattern.quote(name) + ": (\\d+) rows from");
        List<String> rows = new ArrayList<>();
        Path log = options.dataDir.resolve("logs/connect-worker-0.log");
        try (java.util.stream.Stream<String> lines = Files.lines(log)) {
            lines.map(line::matcher).filter(java.util.regex.Matcher::find).forEach(m -> rows.add(m.group(1)));
        }
        return rows;
    }

    /** Until the sink's group offsets cover every partition's last record; fails fast when a task fails. */
    private void awaitCommitted(String name, Map<TopicPartition, Long> ends) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(Math.max(600, options.records / 100));
        long nextStatus = 0;
        Map<TopicPartition, OffsetAndMetadata> committed = Map.of();
        while (System.nanoTime() < deadline) {
            committed = stack.admin()
                    .listConsumerGroupOffsets("connect-" + name)
                    .partitionsToOffsetAndMetadata()
                    .get(10, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetAndMetadata> seen = committed;
            if (ends.entrySet().stream()
                    .allMatch(e ->
                            seen.get(e.getKey()) != null && seen.get(e.getKey()).offset() >= e.getValue())) {
                return;
            }
            if (System.nanoTime() > nextStatus) {
                nextStatus = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                try {
                    ConnectorStatus status = stack.connect().status(name);
                    if (status.isFailed() || status.tasks().stream().anyMatch(ConnectorStatus.TaskStatus::isFailed)) {
                        throw new IllegalStateException("sink " + name + " failed: " + status.summary() + "\n"
                                + status.tasks().stream()
                                        .map(ConnectorStatus.TaskStatus::trace)
                                        .toList());
                    }
                } catch (RuntimeException e) {
                    if (e instanceof IllegalStateException) {
                        throw e;
                    }
                    // no status yet right after creation
                }
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException(
                "sink " + name + " did not commit through " + ends + "; committed " + committed);
    }

    /** The bare writer in a child JVM (same heap and collector as the worker), every mode in turn. */
    private void runBare(Path values, Map<String, Map<String, String>> byMode, int run, Lake lake) throws Exception {
        String root = "run" + run;
        Path resultFile = options.dataDir.resolve("bare-" + run + "-" + lake.name() + ".properties");
        Path log = options.dataDir.resolve("logs/bare-writer-" + run + "-" + lake.name() + ".log");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + options.workerHeap,
                "-XX:+UseSerialGC",
                "-cp",
                options.bareClasspath(),
                "io.clickstream.connect.hudi.bench.BareWriterBenchmark",
                "--values",
                values.toString(),
                "--topic",
                TOPIC,
                "--table-root",
                lake.uri(root),
                "--table-types",
                String.join(",", byMode.keySet()),
                "--records",
                Integer.toString(options.records),
                "--batch",
                Integer.toString(options.batch),
                "--result",
                resultFile.toString()));
        lake.hadoop().forEach((key, value) -> command.addAll(List.of("--hadoop", key + "=" + value)));
        if (options.silver()) {
            command.addAll(List.of("--connector", options.connector().toString()));
        }
        if (options.bareCommits().equals("sink")) {
            byMode.forEach((mode, row) -> command.addAll(List.of("--commit-rows-" + mode, row.get("sinkCommitRows"))));
        }
        Files.createDirectories(log.getParent());
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        Map<String, long[]> peaks = new HashMap<>();
        Map<String, String> loads = new HashMap<>();
        Map<String, Double> cpu = new HashMap<>();
        double cpuMark = 0;
        try (JvmHeapSampler heap = JvmHeapSampler.of(process.pid());
                BufferedWriter out = Files.newBufferedWriter(log, StandardCharsets.UTF_8);
                java.io.BufferedReader in = new java.io.BufferedReader(
                        new java.io.InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                out.write(line);
                out.newLine();
                if (line.startsWith(MODE_DONE)) {
                    String mode = line.substring(MODE_DONE.length()).trim();
                    peaks.put(mode, heap.takePeaksMib());
                    loads.put(mode, loadAverage());
                    double now = JvmCpu.processSeconds(process.pid());
                    cpu.put(mode, now - cpuMark);
                    cpuMark = now;
                } else if (line.startsWith("commit ") || line.startsWith("Bare ")) {
                    if (line.startsWith("Bare ")) {
                        cpuMark = JvmCpu.processSeconds(process.pid()); // the values are read by now
                    }
                    System.out.println("  " + line);
                }
            }
            if (!process.waitFor(5, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException("the bare writer did not exit; see " + log);
            }
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException("the bare writer exited " + process.exitValue() + "; see " + log);
        }
        Properties bare = new Properties();
        bare.load(new StringReader(Files.readString(resultFile, StandardCharsets.UTF_8)));
        byMode.forEach((mode, row) -> {
            long[] peak = peaks.getOrDefault(mode, new long[] {-1, -1});
            row.put("bareTable", lake.uri(root + "/bare-" + shortMode(mode)));
            row.put("bareSeconds", bare.getProperty(mode + ".seconds"));
            row.put("bareRecordsPerSecond", bare.getProperty(mode + ".recordsPerSecond"));
            row.put("bareCommitMillis", bare.getProperty(mode + ".commitMillis"));
            // The same view of the bare table as of the sink's: instant durations and the time between instants
            // (record building, post-commit cleaning and archiving) read from the timeline.
            HudiSinkTimeline timeline = HudiSinkTimeline.of(lake.local(root + "/bare-" + shortMode(mode)));
            row.put(
                    "bareTimelineCommitMillis",
                    timeline.commitMillis().toString().replace(" ", ""));
            row.put("bareGapMillis", Long.toString(timeline.gapMillis()));
            row.put("bareHeapPeakMib", Long.toString(peak[0]));
            row.put("bareOldGenPeakMib", Long.toString(peak[1]));
            row.put("bareLoad", loads.getOrDefault(mode, "?"));
            row.put("bareCpuSeconds", String.format(Locale.ROOT, "%.1f", cpu.getOrDefault(mode, -1.0)));
            // Bronze: a row per record; Silver: a row per distinct valid event id, as the transforms found them.
            row.put("expectedRows", bare.getProperty("silver.distinctIds", Integer.toString(options.records)));
            if (options.silver()) {
                row.put("invalidRecords", bare.getProperty("silver.invalid"));
                row.put("transformCpuSeconds", bare.getProperty("silver.transformCpuSeconds"));
            }
            System.out.println("  bare " + mode + " on " + lake.name() + ": "
                    + bare.getProperty(mode + ".recordsPerSecond") + " records/s");
        });
    }

    /** Must match {@code BareWriterBenchmark.MODE_DONE} (not on this classpath). */
    private static final String MODE_DONE = "mode-done ";

    private void verify(Map<String, String> row) throws Exception {
        if (options.tablesModule == null) {
            row.put("sinkRows", "not counted");
            row.put("bareRows", "not counted");
            return;
        }
        Map<String, String> hadoop = row.get("lake").equals("s3") ? s3.s3aProperties() : Map.of();
        for (String side : List.of("sink", "bare")) {
            String table = row.get(side + "Table");
            String name = table.substring(table.lastIndexOf('/') + 1);
            HudiSinkRowCount.Counts counts = HudiSinkRowCount.of(
                    options.tablesModule,
                    table,
                    hadoop,
                    options.dataDir.resolve(
                            "logs/spark-" + name + "-" + row.get("run") + "-" + row.get("lake") + ".log"),
                    options.silver());
            long expected = Long.parseLong(row.get("expectedRows"));
            row.put(
                    side + "Rows",
                    counts.rows() + (counts.exactly(expected) ? " ✓" : " ✗ (distinct " + counts.distinct() + ")"));
            System.out.println("  " + table + ": " + counts);
        }
    }

    private static String shortMode(String mode) {
        return mode.startsWith("COPY") ? "COW" : "MOR";
    }

    /** Command-line options ({@code --key value}); see {@code bench/hudi-sink-vs-bare-writer.sh}. */
    record Options(
            int records,
            int batch,
            int partitions,
            List<String> modes,
            long commitIntervalMs,
            String workerHeap,
            Path bareClasspathFile,
            Path tablesModule,
            Path dataDir,
            Path out,
            Map<String, String> sinkOverrides,
            String command,
            String revision,
            int repeat,
            String lake,
            Path connector,
            String bareCommits) {

        /** {@code --table silver}: the Silver sink of {@code --connector} upserting, beside a bare upsert. */
        boolean silver() {
            return connector != null;
        }

        String bareClasspath() {
            try {
                return Files.readString(bareClasspathFile, StandardCharsets.UTF_8)
                        .trim();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the bare writer's classpath " + bareClasspathFile, e);
            }
        }

        static Options parse(String[] args) {
            Map<String, String> a = new HashMap<>();
            Map<String, String> sink = new TreeMap<>();
            for (int i = 0; i + 1 < args.length; i += 2) {
                if (!args[i].startsWith("--")) {
                    throw new IllegalArgumentException("expected --option value pairs, got " + args[i]);
                }
                if (args[i].equals("--sink")) { // --sink key=value: an extra sink setting, e.g. a hoodie.* key
                    String[] kv = args[i + 1].split("=", 2);
                    sink.put(kv[0], kv.length > 1 ? kv[1] : "");
                } else {
                    a.put(args[i].substring(2), args[i + 1]);
                }
            }
            if (!a.containsKey("bare-classpath")) {
                throw new IllegalArgumentException(
                        "--bare-classpath FILE (connect-plugins' test classpath) is required");
            }
            int records = Integer.parseInt(a.getOrDefault("records", "200000"));
            int batch = Integer.parseInt(a.getOrDefault("batch", "25000"));
            List<String> modes = List.of(
                    a.getOrDefault("modes", "COPY_ON_WRITE,MERGE_ON_READ").split(","));
            for (String mode : modes) {
                if (!mode.equals("COPY_ON_WRITE") && !mode.equals("MERGE_ON_READ")) {
                    throw new IllegalArgumentException("--modes takes COPY_ON_WRITE and/or MERGE_ON_READ, not " + mode);
                }
            }
            Path tables = a.containsKey("tables-module") ? Path.of(a.get("tables-module")) : null;
            String lake = a.getOrDefault("lake", "file");
            if (!lake.equals("file") && !lake.equals("s3")) {
                throw new IllegalArgumentException(
                        "--lake takes file (the local disk only) or s3 (also S3Proxy), not " + lake);
            }
            String table = a.getOrDefault("table", "bronze");
            if (!table.equals("bronze") && !table.equals("silver")) {
                throw new IllegalArgumentException("--table takes bronze (insert raw records) or silver (the Silver "
                        + "sink's upsert), not " + table);
            }
            Path connector = table.equals("silver")
                    ? Path.of(a.getOrDefault("connector", "connectors/silver-hudi-sink.json"))
                            .toAbsolutePath()
                    : null;
            String bareCommits = a.getOrDefault("bare-commits", "batch");
            if (!bareCommits.equals("batch") && !bareCommits.equals("sink")) {
                throw new IllegalArgumentException("--bare-commits takes batch (B rows a commit) or sink (the rows of "
                        + "each of the sink's commits in that run), not " + bareCommits);
            }
            return new Options(
                    records,
                    batch,
                    Integer.parseInt(a.getOrDefault("partitions", "4")),
                    modes,
                    Long.parseLong(a.getOrDefault("commit-interval-ms", "1000")),
                    a.getOrDefault("worker-heap", "1g"),
                    Path.of(a.get("bare-classpath")),
                    tables,
                    Path.of(a.getOrDefault("data-dir", "local-stack/target/bench/hudi-sink"))
                            .toAbsolutePath(),
                    Path.of(a.getOrDefault("out", "local-stack/target/bench/hudi-sink-vs-bare-writer.md")),
                    sink,
                    a.getOrDefault("command", "(see bench/hudi-sink-vs-bare-writer.sh)"),
                    a.getOrDefault("revision", "unknown"),
                    Integer.parseInt(a.getOrDefault("repeat", "3")),
                    lake,
                    connector,
                    bareCommits);
        }
    }

    /** The 1-minute load average at the end of a run: other work on the machine skews a figure taken then. */
    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException e) {
            return "?";
        }
    }

    static String machine() {
        String cpu = "unknown CPU";
        try {
            cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                    .filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim())
                    .findFirst()
                    .orElse(cpu);
        } catch (IOException e) {
            // not Linux: the core count still says something
        }
        return Runtime.getRuntime().availableProcessors() + " cores (" + cpu + "), Java "
                + System.getProperty("java.version") + ", " + System.getProperty("os.name") + " "
                + System.getProperty("os.version") + ", " + Instant.now();
    }
}
