package io.clickstream.lifecycle;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clickstream.connect.hudi.config.HudiSinkConfig;
import io.clickstream.connect.hudi.convert.RowMaker;
import io.clickstream.connect.hudi.table.HudiTableWriter;
import io.clickstream.connect.hudi.table.KeyedRow;
import io.clickstream.connect.hudi.table.OffsetsCodec;
import io.clickstream.gold.postgres.GoldSchema;
import io.clickstream.gold.postgres.PostgresConnections;
import io.clickstream.lifecycle.forget.ForgetConfig;
import io.clickstream.lifecycle.forget.ForgetJob;
import io.clickstream.lifecycle.forget.TablePurge;
import io.clickstream.lifecycle.replay.ConnectorFile;
import io.clickstream.lifecycle.replay.ReplayConfig;
import io.clickstream.lifecycle.replay.ReplayJob;
import io.clickstream.postgres.PostgresServer;
import io.clickstream.tables.LocalSpark;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.spark.api.java.function.FilterFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.StructField;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The life cycle jobs on real Hudi tables and one real Spark session. Replay: a Bronze table written by the sink's own
 * code (two sink commits, hand-made records: valid events, one event delivered twice, one that is not JSON) is
 * replayed through the shipped Silver connector's transforms, with and without a changed rule, and the tables are read
 * back by Spark. Forget: Bronze, a Silver and a dead-letter table replayed from it hold two users' events (one of user
 * u1 too malformed to parse); after the forget job no row of any table holds u1's id or IP address, u2's rows are all
 * there, and the suppressed users file names u1.
 */
class LakeLifecycleIT {

    private static final String TOPIC = "clickstream_events";
    private static final Path CONNECTORS =
            Path.of(System.getProperty("user.dir")).resolve("../connectors");

    @TempDir
    static Path dir;

    private static SparkSession spark;
    private static String bronzePath;
    private static String firstCommit;
    private static final Map<String, byte[]> VALUES = new HashMap<>();

    @BeforeAll
    static void writeBronze() throws IOException {
        spark = LocalSpark.session("lake-lifecycle-it");
        bronzePath = dir.resolve("bronze").toUri().toString();
        Map<String, String> config = connector("bronze-hudi-sink.json", "bronze", bronzePath);
        HudiSinkConfig bronze = new HudiSinkConfig(config);
        RowMaker rows = new RowMaker(bronze, () -> null, n -> {});
        try (HudiTableWriter writer = new HudiTableWriter(bronze)) {
            List<KeyedRow> first = new ArrayList<>();
            first.add(rows.rowOf(record(0, 0, event("e-1", "u1", "91.177.75.8", "/home")), TOPIC, 0, 0));
            first.add(rows.rowOf(record(0, 1, event("e-2", "u1", "91.177.75.8", "/product/7")), TOPIC, 0, 1));
            first.add(rows.rowOf(record(0, 2, "{not json".getBytes(StandardCharsets.UTF_8)), TOPIC, 0, 2));
            // e-1 again, later in the log: the later delivery wins, as the sink's upsert decides
            first.add(rows.rowOf(record(0, 3, event("e-1", "u1", "91.177.75.8", "/home?again")), TOPIC, 0, 3));
            first.add(rows.rowOf(record(1, 0, event("e-4", "u2", "8.8.4.4", "/cart")), TOPIC, 1, 0));
            first.add(rows.rowOf(record(1, 1, event("e-5", "u2", "8.8.4.4", "/checkout")), TOPIC, 1, 1));
            firstCommit = writer.commit(first, stamp(4, 2));
            List<KeyedRow> second = new ArrayList<>();
            second.add(rows.rowOf(record(0, 4, event("e-3", "u3", "81.2.69.160", "/home")), TOPIC, 0, 4));
            second.add(rows.rowOf(record(1, 2, event("e-6", "u2", "8.8.4.4", "/home")), TOPIC, 1, 2));
            writer.commit(second, stamp(5, 3));
        }
    }

    @AfterAll
    static void stopSpark() {
        if (spark != null) {
            spark.stop();
        }
    }

    @Test
    void rebuildsSilverAsOfACommitAndStampsItsOffsets() throws IOException {
        ReplayJob.Summary plain = replay("plain", firstCommit, Map.of(), 2);
        assertThat(plain.records()).isEqualTo(6);
        assertThat(plain.rows()).isEqualTo(5);
        assertThat(plain.rejectedByStage()).isEqualTo(Map.of("TRANSFORMATION", 1L));
        assertThat(plain.deadLetters()).isEqualTo(1);
        assertThat(plain.silverCommits())
                .as("batches of two rows, the last with the stamp")
                .isEqualTo(3);

        Map<String, Row> silver = silverRows(plain.silverPath());
        assertThat(silver.keySet()).containsExactlyInAnyOrder("e-1", "e-2", "e-4", "e-5");
        assertThat(silver.get("e-1").<Long>getAs("kafka_offset")).isEqualTo(3L);

        // The sink's own offset recovery reads where a connector on the new table resumes: Bronze's offsets at T0
        Map<String, String> silverConfig = connector("silver-hudi-sink.json", "silver-plain", plain.silverPath());
        try (HudiTableWriter table = new HudiTableWriter(new HudiSinkConfig(silverConfig))) {
            assertThat(table.committedState().offsets()).isEqualTo(Map.of(TOPIC + "-0", 4L, TOPIC + "-1", 2L));
        }

        Row letter = spark.read()
                .format("hudi")
                .load(plain.deadLetterPath())
                .collectAsList()
                .get(0);
        assertThat(letter.<String>getAs("original_topic")).isEqualTo(TOPIC);
        assertThat(letter.<String>getAs("original_partition")).isEqualTo("0");
        assertThat(letter.<String>getAs("original_offset")).isEqualTo("2");
        assertThat(letter.<String>getAs("stage")).isEqualTo("TRANSFORMATION");
        assertThat(letter.<String>getAs("connector")).isEqualTo("silver-plain");
        assertThat(letter.<String>getAs("reason")).contains("malformed JSON");
        assertThat((byte[]) letter.getAs("value")).isEqualTo("{not json".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aChangedRuleChangesExactlyWhatItSays() throws IOException {
        ReplayJob.Summary plain = replay("before", firstCommit, Map.of(), 1000);
        ReplayJob.Summary anonymised =
                replay("after", firstCommit, Map.of("transforms.geoip.geoip.anonymize.ip", "true"), 1000);
        Map<String, Row> before = silverRows(plain.silverPath());
        Map<String, Row> after = silverRows(anonymised.silverPath());
        assertThat(after.keySet()).isEqualTo(before.keySet());
        for (String id : before.keySet()) {
            Row a = before.get(id);
            Row b = after.get(id);
            String ip = a.getAs("ip_address");
            assertThat(b.<String>getAs("ip_address")).isEqualTo(ip.substring(0, ip.lastIndexOf('.')) + ".0");
            for (String column : a.schema().fieldNames()) {
                if (column.startsWith("_hoodie") || column.equals("ip_address")) {
                    continue;
                }
                assertThat(b.<Object>getAs(column)).as(id + "." + column).isEqualTo(a.getAs(column));
            }
        }
    }

    @Test
    void withoutAnInstantReplaysUpToBronzesNewestCommit() throws IOException {
        ReplayJob.Summary all = replay("newest", null, Map.of(), 1000);
        assertThat(silverRows(all.silverPath()).keySet())
                .containsExactlyInAnyOrder("e-1", "e-2", "e-3", "e-4", "e-5", "e-6");
        assertThat(all.cut().offsets()).isEqualTo(Map.of(TOPIC + "-0", 5L, TOPIC + "-1", 3L));
    }

    @Test
    void refusesATableThatExists() throws IOException {
        replay("twice", firstCommit, Map.of(), 1000);
        assertThatThrownBy(() -> replay("twice", firstCommit, Map.of(), 1000))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("already holds a table");
    }

    @Test
    void removesTheUsersRowsFromEveryTableAndSuppressesThem() throws Exception {
        Map<String, String> bronze = connector(
                "bronze-hudi-sink.json",
                "forget-bronze",
                dir.resolve("forget-bronze").toUri().toString());
        HudiSinkConfig bronzeSink = new HudiSinkConfig(bronze);
        RowMaker rows = new RowMaker(bronzeSink, () -> null, n -> {});
        List<byte[]> values = List.of(
                event("f-1", "u1", "91.177.75.8", "/"),
                event("f-2", "u2", "8.8.4.4", "/"),
                event("f-3", "u1", "91.177.75.8", "/"),
                // cut short: no JSON object, yet it names u1 and carries their address
                "{\"event_id\":\"f-4\",\"user_id\":\"u1\",\"ip_address\":\"91.177.75.8\",\"timestamp\":"
                        .getBytes(StandardCharsets.UTF_8),
                event("f-5", "u2", "8.8.4.4", "/"));
        try (HudiTableWriter writer = new HudiTableWriter(bronzeSink)) {
            List<KeyedRow> batch = new ArrayList<>();
            for (int i = 0; i < values.size(); i++) {
                batch.add(rows.rowOf(record(0, i, values.get(i)), TOPIC, 0, i));
            }
            writer.commit(batch, Map.of(HudiTableWriter.KAFKA_OFFSETS, OffsetsCodec.encode(Map.of(TOPIC + "-0", 5L))));
        }
        Map<String, String> silver = connector(
                "silver-hudi-sink.json",
                "forget-silver",
                dir.resolve("forget-silver").toUri().toString());
        silver.put("errors.deadletterqueue.topic.name", TOPIC + ".dlq-forget");
        Map<String, String> letters = connector(
                "dead-letter-hudi-sink.json",
                "forget-letters",
                dir.resolve("forget-letters").toUri().toString());
        letters.put("topics", TOPIC + ".dlq-forget");
        Path silverFile = write("forget-silver.json", silver);
        Path lettersFile = write("forget-letters.json", letters);
        ReplayJob.run(
                spark,
                ReplayConfig.parse(
                        "--bronze-path", bronze.get("table.path"),
                        "--silver-connector", silverFile.toString(),
                        "--dead-letter-connector", lettersFile.toString()));
        assertThat(count(bronze, "u1")).as("u1's Bronze rows before").isEqualTo(3);
        assertThat(count(silver, "u1")).as("u1's Silver rows before").isEqualTo(2);
        assertThat(count(letters, "u1")).as("u1's dead letters before").isEqualTo(1);

        Path suppressed = dir.resolve("suppressed-users.txt");
        // Under target, not the JUnit temporary directory: PostgreSQL runs as an unprivileged user when this is root
        Path postgresDir = Path.of("target", "test-data", "postgres").toAbsolutePath();
        deleteRecursively(postgresDir);
        try (PostgresServer postgres = PostgresServer.start(postgresDir, 0)) {
            GoldSchema.migrate(new PostgresConnections(postgres.jdbcUrl(), postgres.user(), null));
            try (Connection c = DriverManager.getConnection(postgres.jdbcUrl(), postgres.user(), null);
                    Statement st = c.createStatement()) {
                for (String[] session : new String[][] {{"f-1", "u1"}, {"f-3", "u1"}, {"f-2", "u2"}}) {
                    st.executeUpdate("INSERT INTO gold.sessions VALUES ('" + session[0] + "', '" + session[1]
                            + "', 's', now(), now(), 0, 1, 1, '/', '/', true, false, false, false, false, 0, 'BE', "
                            + "NULL, NULL, NULL, false, 1, NULL, NULL)");
                }
            }
            forgetEverywhere(bronze, silver, letters, silverFile, lettersFile, suppressed, postgres);
        }
    }

    private static void forgetEverywhere(
            Map<String, String> bronze,
            Map<String, String> silver,
            Map<String, String> letters,
            Path silverFile,
            Path lettersFile,
            Path suppressed,
            PostgresServer postgres)
            throws Exception {
        ForgetJob.Summary summary = ForgetJob.run(
                spark,
                ForgetConfig.parse(
                        "--user-id", "u1",
                        "--suppression-file", suppressed.toString(),
                        "--connector", write("forget-bronze.json", bronze).toString(),
                        "--connector", silverFile.toString(),
                        "--connector", lettersFile.toString(),
                        "--jdbc-url", postgres.jdbcUrl(),
                        "--jdbc-user", postgres.user()));

        assertThat(summary.goldSessions()).as("u1's Gold sessions deleted").isEqualTo(2);
        try (Connection c = DriverManager.getConnection(postgres.jdbcUrl(), postgres.user(), null);
                Statement st = c.createStatement();
                ResultSet users = st.executeQuery("SELECT user_id FROM gold.sessions")) {
            List<String> left = new ArrayList<>();
            while (users.next()) {
                left.add(users.getString(1));
            }
            assertThat(left).as("Gold's sessions after").containsExactly("u2");
        }
        assertThat(summary.tables()).extracting(TablePurge.Result::rows).containsExactly(3L, 2L, 1L);
        for (Map<String, String> table : List.of(bronze, silver, letters)) {
            assertThat(count(table, "u1"))
                    .as("rows naming u1 in %s", table.get("name"))
                    .isZero();
            assertThat(count(table, "91.177.75.8"))
                    .as("rows with u1's address in %s", table.get("name"))
                    .isZero();
        }
        assertThat(count(bronze, "u2")).as("u2's Bronze rows").isEqualTo(2);
        assertThat(count(silver, "u2")).as("u2's Silver rows").isEqualTo(2);
        assertThat(Files.readAllLines(suppressed)).containsExactly("u1");

        ForgetJob.Summary again = ForgetJob.run(
                spark,
                ForgetConfig.parse(
                        "--user-id", "u1",
                        "--suppression-file", suppressed.toString(),
                        "--connector", silverFile.toString()));
        assertThat(again.added())
                .as("an id already suppressed is not added twice")
                .isEmpty();
        assertThat(again.tables()).extracting(TablePurge.Result::rows).containsExactly(0L);
    }

    /** Rows of the table whose text (every column, bytes as UTF-8 text) holds {@code text}. */
    private static long count(Map<String, String> connector, String text) {
        Dataset<Row> table = spark.read().format("hudi").load(connector.get("table.path"));
        List<Column> columns = new ArrayList<>();
        for (StructField field : table.schema().fields()) {
            columns.add(
                    field.dataType() instanceof BinaryType
                            ? col(field.name()).cast("string").as(field.name())
                            : col(field.name()));
        }
        return table.select(columns.toArray(Column[]::new))
                .toJSON()
                .filter((FilterFunction<String>) row -> row.contains(text))
                .count();
    }

    private static void deleteRecursively(Path root) throws IOException {
        if (Files.exists(root)) {
            try (var paths = Files.walk(root)) {
                for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    private static ReplayJob.Summary replay(String name, String instant, Map<String, String> changes, int batch)
            throws IOException {
        Map<String, String> silver = connector(
                "silver-hudi-sink.json",
                "silver-" + name,
                dir.resolve("silver-" + name).toUri().toString());
        silver.put("errors.deadletterqueue.topic.name", TOPIC + ".dlq-" + name);
        silver.putAll(changes);
        Map<String, String> letters = connector(
                "dead-letter-hudi-sink.json",
                "letters-" + name,
                dir.resolve("letters-" + name).toUri().toString());
        letters.put("topics", TOPIC + ".dlq-" + name);
        List<String> args = new ArrayList<>(List.of(
                "--bronze-path", bronzePath,
                "--silver-connector", write(name + "-silver.json", silver).toString(),
                "--dead-letter-connector",
                        write(name + "-letters.json", letters).toString(),
                "--batch-rows", String.valueOf(batch)));
        if (instant != null) {
            args.addAll(List.of("--bronze-instant", instant));
        }
        return ReplayJob.run(spark, ReplayConfig.parse(args.toArray(String[]::new)));
    }

    private static Map<String, Row> silverRows(String path) {
        Map<String, Row> rows = new TreeMap<>();
        for (Row row : spark.read().format("hudi").load(path).collectAsList()) {
            assertThat(rows.put(row.getAs("event_id"), row))
                    .as("one row per event id")
                    .isNull();
        }
        return rows;
    }

    private static Map<String, String> connector(String file, String name, String tablePath) throws IOException {
        Map<String, String> config =
                new LinkedHashMap<>(ConnectorFile.read(CONNECTORS.resolve(file)).config());
        config.put("name", name);
        config.put("table.path", tablePath);
        return config;
    }

    private static Path write(String file, Map<String, String> config) throws IOException {
        return ConnectorFile.write(dir.resolve(file), config);
    }

    private static Map<String, String> stamp(long p0, long p1) {
        return Map.of(HudiTableWriter.KAFKA_OFFSETS, OffsetsCodec.encode(Map.of(TOPIC + "-0", p0, TOPIC + "-1", p1)));
    }

    private static final Instant EVENT_TIME = Instant.parse("2026-03-01T10:00:00Z");

    private static byte[] event(String id, String user, String ip, String path) {
        String json = "{\"event_id\":\"" + id + "\",\"event_type\":\"page_view\",\"timestamp\":\"" + EVENT_TIME
                + "\",\"user_id\":\"" + user + "\",\"session_id\":\"s-" + user
                + "\",\"page_url\":\"https://shop.example.com"
                + path + "\",\"referrer\":null,\"ip_address\":\"" + ip
                + "\",\"user_agent\":\"Mozilla/5.0 (X11; Linux x86_64)"
                + "\",\"device\":\"desktop\"}";
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        VALUES.put(id, bytes);
        return bytes;
    }

    private static SinkRecord record(int partition, long offset, byte[] value) {
        ConnectHeaders headers = new ConnectHeaders();
        headers.add("trace", Arrays.copyOf(value, 3), Schema.OPTIONAL_BYTES_SCHEMA);
        return new SinkRecord(
                TOPIC,
                partition,
                Schema.OPTIONAL_BYTES_SCHEMA,
                ("s-" + offset).getBytes(StandardCharsets.UTF_8),
                Schema.OPTIONAL_BYTES_SCHEMA,
                value,
                offset,
                EVENT_TIME.toEpochMilli() + 1000,
                TimestampType.CREATE_TIME,
                headers);
    }
}
