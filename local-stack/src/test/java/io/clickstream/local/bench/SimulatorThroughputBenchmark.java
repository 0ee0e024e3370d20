package io.clickstream.local.bench;

import io.clickstream.local.LocalStack;
import io.clickstream.local.TestStacks;
import io.clickstream.local.connect.ConnectRestClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.function.ToDoubleFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Benchmark (a main, not a test): events/s of one simulator task on a real Connect worker into the real broker,
 * beside Kafka's own {@code ProducerPerformance} (org.apache.kafka.tools) sending records of the same size to the same
 * broker in the same run — once with the producer settings a Connect worker gives a source task (acks=all, one
 * request in flight, no idempotence; transactional when the worker runs exactly-once) and once with Kafka's producer
 * defaults. Also the worker's heap: its peak during the run and its live set after a full GC with the task holding
 * {@code --users} concurrent sessions, beside the idle worker's.
 *
 * <p>Each repeat: a fresh topic; the simulator ({@code tasks.max=1}, {@code events.per.second=0},
 * {@code clock=simulated}, {@code max.events=N}) is timed from its first record's timestamp (the producer's clock,
 * {@code record.timestamp=auto} with the simulated clock) until the topic's end offsets stop growing; a read_committed
 * consumer then checks that the topic holds exactly N records and gives their mean size (key + value), which
 * ProducerPerformance then sends N times into a topic of its own (same partitions). Run it with
 * {@code bench/simulator-vs-producer-perf.sh}.
 */
public final class SimulatorThroughputBenchmark {

    private static final String SIMULATOR = "io.clickstream.simulator.ClickstreamSourceConnector";
    private static final Pattern PP_RESULT = Pattern.compile("(\\d+) records sent, ([0-9.]+) records/sec");

    private final Options options;
    private final LocalStack stack;

    private SimulatorThroughputBenchmark(Options options, LocalStack stack) {
        this.options = options;
        this.stack = stack;
    }

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        TestStacks.deleteRecursively(options.dataDir);
        LocalStack stack = LocalStack.builder()
                .dataDir(options.dataDir)
                .workers(1)
                .workerHeap(options.workerHeap)
                .kafkaPort(0)
                .connectPort(0)
                .workerProperty("exactly.once.source.support", options.exactlyOnce ? "enabled" : "disabled")
                .build();
        try {
            stack.start();
            new SimulatorThroughputBenchmark(options, stack).run();
        } finally {
            stack.close();
        }
    }

    private void run() throws Exception {
        long workerPid = stack.worker(0).process().pid();
        JvmHeapSampler.fullGc(workerPid);
        long idleHeapMib = JvmHeapSampler.usedMibNow(workerPid);
        List<Map<String, String>> runs = new ArrayList<>();
        for (int run = 1; run <= options.repeat; run++) {
            Map<String, String> row = new LinkedHashMap<>();
            row.put("run", Integer.toString(run));
            runSimulator(run, workerPid, row);
            int recordSize = (int) Math.round(Double.parseDouble(row.get("meanRecordBytes")));
            row.put(
                    "ppWorkerSettings",
                    Double.toString(
                            runProducerPerformance("pp-worker-" + run, recordSize, workerProducerSettings(row), row)));
            row.put(
                    "ppDefaults",
                    Double.toString(runProducerPerformance("pp-defaults-" + run, recordSize, List.of(), row)));
            row.put("load", HudiSinkBenchmark.loadAverage());
            runs.add(row);
            System.out.println("Run " + run + ": " + row);
        }
        String report = report(runs, idleHeapMib);
        Files.createDirectories(options.out.toAbsolutePath().getParent());
        Files.writeString(options.out, report, StandardCharsets.UTF_8);
        System.out.println();
        System.out.print(report);
    }

    private void runSimulator(int run, long workerPid, Map<String, String> row) throws Exception {
        String topic = "bench_simulator_" + run;
        String name = "bench-simulator-" + run;
        stack.createTopic(topic, options.partitions);
        Map<String, String> config = new HashMap<>();
        config.put("connector.class", SIMULATOR);
        config.put("tasks.max", "1");
        config.put("topic", topic);
        config.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        config.put("value.converter", "org.apache.kafka.connect.storage.StringConverter");
        config.put("events.per.second", "0");
        config.put("max.events", Long.toString(options.records));
        config.put("users.concurrent", Integer.toString(options.users));
        config.put("users.population", Integer.toString(options.users * 2));
        config.put("clock", "simulated");
        config.put("batch.max.records", Integer.toString(options.batchMaxRecords));
        config.put("seed", Integer.toString(41 + run));
        JvmHeapSampler.fullGc(workerPid);
        ConnectRestClient rest = stack.connect();
        long finishedAt;
        try (JvmHeapSampler heap = JvmHeapSampler.of(workerPid)) {
            rest.putConnectorConfig(name, config);
            finishedAt = awaitEndOffsetsSettled(topic, options.records);
            row.put("workerHeapPeakMib", Long.toString(heap.maxUsedMib()));
        }
        // The task has produced its share and idles, keeping its sessions: the worker's live set now holds them.
        JvmHeapSampler.fullGc(workerPid);
        row.put("workerLiveHeapMib", Long.toString(JvmHeapSampler.usedMibNow(workerPid)));
        rest.delete(name);

        TopicCount count = countTopic(topic);
        if (count.records != options.records) {
            throw new IllegalStateException(
                    topic + " holds " + count.records + " committed records, not " + options.records);
        }
        double seconds = Math.max(1, finishedAt - count.firstTimestamp) / 1000.0;
        row.put("simulatorSeconds", String.format(Locale.ROOT, "%.2f", seconds));
        row.put("simulator", String.format(Locale.ROOT, "%.0f", options.records / seconds));
        row.put("meanRecordBytes", String.format(Locale.ROOT, "%.1f", (double) count.bytes / count.records));
        row.put(
                "transactions",
                Long.toString((options.records + options.batchMaxRecords - 1) / options.batchMaxRecords));
        System.out.printf(
                Locale.ROOT,
                "Simulator run %d: %d events in %.2f s = %s events/s%n",
                run,
                options.records,
                seconds,
                row.get("simulator"));
    }

    /** Waits until the topic's end offsets reach {@code records} and then stay still for a second; the last change. */
    private long awaitEndOffsetsSettled(String topic, long records) throws Exception {
        Admin admin = stack.admin();
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (int p = 0; p < options.partitions; p++) {
            latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
        }
        long deadline = System.nanoTime() + Duration.ofMinutes(15).toNanos();
        long last = -1;
        long lastChange = System.currentTimeMillis();
        while (System.nanoTime() < deadline) {
            long sum = admin.listOffsets(latest).all().get().values().stream()
                    .mapToLong(i -> i.offset())
                    .sum();
            long now = System.currentTimeMillis();
            if (sum != last) {
                last = sum;
                lastChange = now;
            } else if (sum >= records && now - lastChange >= 1000) {
                return lastChange; // with exactly-once, end offsets also count transaction markers
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException(
                topic + " did not reach " + records + " records in 15 minutes (at " + last + ")");
    }

    private record TopicCount(long records, long bytes, long firstTimestamp) {}

    private TopicCount countTopic(String topic) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        List<TopicPartition> partitions = new ArrayList<>();
        for (int p = 0; p < options.partitions; p++) {
            partitions.add(new TopicPartition(topic, p));
        }
        long records = 0;
        long bytes = 0;
        long first = Long.MAX_VALUE;
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp))) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    records++;
                    bytes += Math.max(0, r.serializedKeySize()) + Math.max(0, r.serializedValueSize());
                    first = Math.min(first, r.timestamp());
                }
            }
        }
        return new TopicCount(records, bytes, first);
    }

    /** The producer a Connect worker gives a source task (Worker#baseProducerConfigs and its exactly-once variant). */
    private List<String> workerProducerSettings(Map<String, String> row) {
        if (!options.exactlyOnce) {
            return List.of("acks=all", "max.in.flight.requests.per.connection=1", "enable.idempotence=false");
        }
        // One transaction per poll of batch.max.records events: commit as often as the simulator did.
        long millisPerTransaction = Math.max(
                1,
                Math.round(Double.parseDouble(row.get("simulatorSeconds"))
                        * 1000
                        / Long.parseLong(row.get("transactions"))));
        row.put("ppTransactionMillis", Long.toString(millisPerTransaction));
        return List.of(
                "acks=all",
                "enable.idempotence=true",
                "--transactional-id",
                "bench-pp-" + row.get("run"),
                "--transaction-duration-ms",
                Long.toString(millisPerTransaction));
    }

    /** Runs ProducerPerformance in a child JVM with the worker's heap; its own records/s figure. */
    private double runProducerPerformance(String topic, int recordSize, List<String> settings, Map<String, String> row)
            throws Exception {
        stack.createTopic(topic, options.partitions);
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + options.workerHeap,
                "-cp",
                System.getProperty("java.class.path"),
                // quiet client logging: the harness's log4j2 config is for the stack
                "-Dlog4j2.level=WARN",
                "org.apache.kafka.tools.ProducerPerformance",
                "--topic",
                topic,
                "--num-records",
                Long.toString(options.records),
                "--record-size",
                Integer.toString(recordSize),
                "--throughput",
                "-1",
                "--producer-props",
                "bootstrap.servers=" + stack.bootstrapServers()));
        // Producer properties follow --producer-props; flags (--transactional-id X ...) come after them.
        settings.stream().filter(s -> s.contains("=")).forEach(command::add);
        settings.stream().filter(s -> !s.contains("=")).forEach(command::add);
        Path log = options.dataDir.resolve("logs/" + topic + ".log");
        Files.createDirectories(log.getParent());
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        if (process.waitFor() != 0) {
            throw new IllegalStateException(
                    "ProducerPerformance failed (exit " + process.exitValue() + "), see " + log);
        }
        String last = null;
        for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
            Matcher m = PP_RESULT.matcher(line);
            if (m.find() && Long.parseLong(m.group(1)) == options.records) {
                last = m.group(2);
            }
        }
        if (last == null) {
            throw new IllegalStateException("no final 'N records sent' line from ProducerPerformance in " + log);
        }
        System.out.printf(
                Locale.ROOT,
                "ProducerPerformance %s (%s): %s records/s%n",
                topic,
                settings.isEmpty() ? "defaults" : String.join(" ", settings),
                last);
        return Double.parseDouble(last);
    }

    private String report(List<Map<String, String>> runs, long idleHeapMib) {
        ToDoubleFunction<Map<String, String>> sim = r -> Double.parseDouble(r.get("simulator"));
        ToDoubleFunction<Map<String, String>> ppWorker = r -> Double.parseDouble(r.get("ppWorkerSettings"));
        ToDoubleFunction<Map<String, String>> ppDefaults = r -> Double.parseDouble(r.get("ppDefaults"));
        StringBuilder md = new StringBuilder();
        md.append("| worker | N | users | record bytes (key+value) | simulator events/s best (median) "
                + "| ProducerPerformance, worker's producer settings, best (median) | ratio best (median) "
                + "| ProducerPerformance, Kafka defaults, best (median) | ratio best (median) "
                + "| worker heap peak MiB | worker live heap after GC, task running / idle, MiB |\n");
        md.append("|---|---|---|---|---|---|---|---|---|---|---|\n");
        double simBest = best(runs, sim);
        double simMedian = median(runs, sim);
        md.append(String.format(
                Locale.ROOT,
                "| %s | %d | %d | %s | %.0f (%.0f) | %.0f (%.0f) | **%.2f** (%.2f) | %.0f (%.0f) | **%.2f** (%.2f) "
                        + "| %d | %d / %d |%n",
                options.exactlyOnce ? "exactly-once" : "at-least-once",
                options.records,
                options.users,
                runs.get(0).get("meanRecordBytes"),
                simBest,
                simMedian,
                best(runs, ppWorker),
                median(runs, ppWorker),
                simBest / best(runs, ppWorker),
                simMedian / median(runs, ppWorker),
                best(runs, ppDefaults),
                median(runs, ppDefaults),
                simBest / best(runs, ppDefaults),
                simMedian / median(runs, ppDefaults),
                runs.stream()
                        .mapToLong(r -> Long.parseLong(r.get("workerHeapPeakMib")))
                        .max()
                        .orElse(0),
                runs.stream()
                        .mapToLong(r -> Long.parseLong(r.get("workerLiveHeapMib")))
                        .max()
                        .orElse(0),
                idleHeapMib));
        md.append("\nRuns:\n\n");
        for (Map<String, String> r : runs) {
            md.append("- ")
                    .append(r.entrySet().stream()
                            .map(e -> e.getKey() + "=" + e.getValue())
                            .collect(Collectors.joining(", ")))
                    .append('\n');
        }
        md.append(String.format(
                Locale.ROOT,
                "%nSimulator: tasks.max=1, events.per.second=0, clock=simulated, "
                        + "batch.max.records=%d, users.concurrent=%d; topics with %d partitions; worker -Xmx%s, "
                        + "exactly.once.source.support=%s; ProducerPerformance in a child JVM with -Xmx%s, "
                        + "--throughput -1, no key (its payload = the simulator's mean key+value size).%n",
                options.batchMaxRecords,
                options.users,
                options.partitions,
                options.workerHeap,
                options.exactlyOnce ? "enabled" : "disabled",
                options.workerHeap));
        md.append("Machine: ").append(HudiSinkBenchmark.machine()).append('\n');
        md.append("Sources: ").append(options.revision).append('\n');
        md.append("Command: `").append(options.command).append("`\n");
        return md.toString();
    }

    private static double best(List<Map<String, String>> runs, ToDoubleFunction<Map<String, String>> f) {
        return runs.stream().mapToDouble(f).max().orElse(0);
    }

    private static double median(List<Map<String, String>> runs, ToDoubleFunction<Map<String, String>> f) {
        double[] v = runs.stream().mapToDouble(f).sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    private record Options(
            long records,
            int users,
            int partitions,
            int repeat,
            String workerHeap,
            boolean exactlyOnce,
            int batchMaxRecords,
            Path dataDir,
            Path out,
            String command,
            String revision) {

        static Options parse(String[] args) {
            Map<String, String> a = new HashMap<>();
            for (int i = 0; i + 1 < args.length; i += 2) {
                if (!args[i].startsWith("--")) {
                    throw new IllegalArgumentException("expected --option value pairs, got " + args[i]);
                }
                a.put(args[i].substring(2), args[i + 1]);
            }
            return new Options(
                    Long.parseLong(a.getOrDefault("records", "1000000")),
                    Integer.parseInt(a.getOrDefault("users", "1000000")),
                    Integer.parseInt(a.getOrDefault("partitions", "4")),
                    Integer.parseInt(a.getOrDefault("repeat", "3")),
                    a.getOrDefault("worker-heap", "512m"),
                    Boolean.parseBoolean(a.getOrDefault("exactly-once", "false")),
                    Integer.parseInt(a.getOrDefault("batch-max-records", "1000")),
                    Path.of(a.getOrDefault("data-dir", "local-stack/target/bench/simulator"))
                            .toAbsolutePath(),
                    Path.of(a.getOrDefault("out", "local-stack/target/bench/simulator-vs-producer-perf.md")),
                    a.getOrDefault("command", "(see bench/simulator-vs-producer-perf.sh)"),
                    a.getOrDefault("revision", "unknown"));
        }
    }
}
