package io.clickstream.lifecycle.bench;

import io.clickstream.connect.hudi.config.HudiSinkConfig;
import io.clickstream.connect.hudi.convert.RowMaker;
import io.clickstream.connect.hudi.table.HudiTableWriter;
import io.clickstream.connect.hudi.table.KeyedRow;
import io.clickstream.connect.hudi.table.OffsetsCodec;
import io.clickstream.lifecycle.forget.ForgetConfig;
import io.clickstream.lifecycle.forget.ForgetJob;
import io.clickstream.lifecycle.replay.ConnectorFile;
import io.clickstream.lifecycle.replay.ReplayConfig;
import io.clickstream.lifecycle.replay.ReplayJob;
import io.clickstream.tables.LocalSpark;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.spark.sql.SparkSession;

/**
 * Times the life cycle jobs on a Bronze table of {@code --rows} records (written first by the sink's own writer, in
 * commits of 100,000 over four partitions; 1 % of them not JSON): the replay into Silver and the dead letters with the
 * shipped connectors' settings, then a forget of ten users over the three tables. Prints one line per step with its
 * wall time; run it through {@code bench/lifecycle.sh} on a quiet machine.
 */
public final class LifecycleBenchmark {

    private static final String TOPIC = "clickstream_events";
    private static final int PARTITIONS = 4;
    private static final int COMMIT_ROWS = 100_000;

    private LifecycleBenchmark() {}

    public static void main(String[] args) throws Exception {
        long rows = 1_000_000;
        Path dir = null;
        Path connectors = Path.of("connectors");
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--rows" -> rows = Long.parseLong(args[i + 1]);
                case "--dir" -> dir = Path.of(args[i + 1]);
                case "--connectors" -> connectors = Path.of(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (dir == null) {
            throw new IllegalArgumentException("--dir is required");
        }
        Map<String, String> bronze = connector(connectors, "bronze-hudi-sink.json", "bronze", dir);
        long started = System.nanoTime();
        List<String> users = writeBronze(new HudiSinkConfig(bronze), rows);
        report("bronze write (the sink's writer)", rows, started);

        Map<String, String> silver = connector(connectors, "silver-hudi-sink.json", "silver", dir);
        Map<String, String> letters = connector(connectors, "dead-letter-hudi-sink.json", "letters", dir);
        Path silverFile = ConnectorFile.write(dir.resolve("silver.json"), silver);
        Path lettersFile = ConnectorFile.write(dir.resolve("letters.json"), letters);
        try (SparkSession spark = LocalSpark.session("lifecycle-benchmark")) {
            started = System.nanoTime();
            ReplayJob.Summary replay = ReplayJob.run(
                    spark,
                    ReplayConfig.parse(
                            "--bronze-path", bronze.get("table.path"),
                            "--silver-connector", silverFile.toString(),
                            "--dead-letter-connector", lettersFile.toString()));
            report(
                    "replay: " + replay.rows() + " Silver rows, " + replay.deadLetters() + " dead letters",
                    rows,
                    started);

            List<String> forget = new ArrayList<>(List.of(
                    "--suppression-file", dir.resolve("suppressed-users.txt").toString(),
                    "--connector",
                            ConnectorFile.write(dir.resolve("bronze.json"), bronze)
                                    .toString(),
                    "--connector", silverFile.toString(),
                    "--connector", lettersFile.toString()));
            for (String user : users.subList(0, 10)) {
                forget.addAll(List.of("--user-id", user));
            }
            started = System.nanoTime();
            ForgetJob.Summary summary = ForgetJob.run(spark, ForgetConfig.parse(forget.toArray(String[]::new)));
            report(
                    "forget 10 users: "
                            + summary.tables().stream().mapToLong(r -> r.rows()).sum() + " rows deleted",
                    rows,
                    started);
        }
    }

    /** Writes the records; returns the users, most frequent first. */
    private static List<String> writeBronze(HudiSinkConfig bronze, long rows) {
        RowMaker maker = new RowMaker(bronze, () -> null, n -> {});
        Random random = new Random(42);
        Instant time = Instant.now().minusSeconds(3600);
        int userCount = (int) Math.max(10, rows / 50);
        long[] next = new long[PARTITIONS];
        try (HudiTableWriter writer = new HudiTableWriter(bronze)) {
            List<KeyedRow> batch = new ArrayList<>(COMMIT_ROWS);
            for (long i = 0; i < rows; i++) {
                int partition = (int) (i % PARTITIONS);
                long offset = next[partition]++;
                int user = (int) Math.min(userCount - 1, Math.abs(random.nextGaussian()) * userCount / 3);
                byte[] value = random.nextInt(100) == 0
                        ? ("{\"event_id\":\"e-" + i + "\",\"user_id\":\"user_" + user + "\"")
                                .getBytes(StandardCharsets.UTF_8)
                        : event(i, user, time.plusMillis(i), random);
                SinkRecord record = new SinkRecord(
                        TOPIC,
                        partition,
                        Schema.OPTIONAL_BYTES_SCHEMA,
                        ("s-" + user).getBytes(StandardCharsets.UTF_8),
                        Schema.OPTIONAL_BYTES_SCHEMA,
                        value,
                        offset,
                        time.plusMillis(i + 500).toEpochMilli(),
                        TimestampType.CREATE_TIME,
                        new ConnectHeaders());
                batch.add(maker.rowOf(record, TOPIC, partition, offset));
                if (batch.size() == COMMIT_ROWS || i == rows - 1) {
                    Map<String, Long> offsets = new TreeMap<>();
                    for (int p = 0; p < PARTITIONS; p++) {
                        offsets.put(TOPIC + "-" + p, next[p]);
                    }
                    writer.commit(batch, Map.of(HudiTableWriter.KAFKA_OFFSETS, OffsetsCodec.encode(offsets)));
                    batch = new ArrayList<>(COMMIT_ROWS);
                }
            }
        }
        List<String> users = new ArrayList<>();
        for (int u = 0; u < 10; u++) {
            users.add("user_" + u);
        }
        return users;
    }

    private static final String[] PAGES = {"/", "/product/1", "/product/2", "/cart", "/checkout", "/search?q=x"};

    private static byte[] event(long i, int user, Instant time, Random random) {
        return ("{\"event_id\":\"e-" + i + "\",\"event_type\":\"page_view\",\"timestamp\":\"" + time
                        + "\",\"user_id\":\"user_" + user + "\",\"session_id\":\"s-" + user + "\",\"page_url\":"
                        + "\"https://shop.example.com" + PAGES[random.nextInt(PAGES.length)] + "\",\"referrer\":\"\","
                        + "\"ip_address\":\"81.2." + (user % 250) + "." + (1 + user % 200) + "\",\"user_agent\":"
                        + "\"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/120.0 Safari/537.36\","
                        + "\"device\":\"desktop\"}")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static void report(String step, long rows, long startedNanos) {
        double seconds = (System.nanoTime() - startedNanos) / 1e9;
        System.out.printf(
                "lifecycle %s: %.1f s for %,d Bronze rows (%,.0f rows/s); load average %s%n",
                step, seconds, rows, rows / seconds, loadAverage());
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "?";
        }
    }

    private static Map<String, String> connector(Path dir, String file, String name, Path root) {
        Map<String, String> config =
                new LinkedHashMap<>(ConnectorFile.read(dir.resolve(file)).config());
        config.put("name", name);
        config.put("table.path", root.resolve(name).toAbsolutePath().toUri().toString());
        config.remove("transforms.parse.suppressed.users.path");
        return config;
    }
}
