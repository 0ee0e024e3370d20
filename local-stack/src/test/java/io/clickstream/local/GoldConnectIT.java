package io.clickstream.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clickstream.connect.transforms.HostileEvents;
import io.clickstream.contract.LakeTable;
import io.clickstream.gold.GoldJobConfig;
import io.clickstream.gold.testing.GoldAssertions;
import io.clickstream.gold.testing.GoldOracle;
import io.clickstream.gold.testing.GoldTables;
import io.clickstream.gold.testing.SilverRow;
import io.clickstream.local.connect.ConnectWorker;
import io.clickstream.local.connect.ConnectorDefinition;
import io.clickstream.local.connect.ConnectorStatus;
import io.clickstream.local.gold.GoldJobProcess;
import io.clickstream.local.gold.GoldStage;
import io.clickstream.local.lifecycle.ForgetCommand;
import io.clickstream.local.process.ManagedProcess;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Gold through Kafka Connect, end to end on one stack as {@code ./run.sh} deploys it (a broker, two workers, the
 * repository's simulator, Silver sink and {@code gold-jdbc-sink.json}, PostgreSQL and the Gold job publishing to
 * Kafka): the JDBC sink starts paused, so that once the simulator's events are all in Gold and Kafka it has a
 * backlog to load; the worker running its first task is SIGKILLed while it loads, and in the end every table the
 * sink loaded into {@code gold_connect} equals the job's own table in {@code gold}, row for row (EXCEPT both ways,
 * every column), with nothing in the dead-letter topic. The simulator also writes malformed events, and
 * {@link #HOSTILE} records of {@link HostileEvents} (numbers, names, control characters, surrogates, nesting, sizes
 * no test names one by one) are produced among its traffic with {@code ./run.sh produce}: Silver dead-letters what it
 * cannot take, {@code dead-letter-hudi-sink.json} lands the letters in the lake (one row per origin) and the job's
 * second stream loads them, so every record on the topic ends exactly once as a Silver row or as a dead letter whose
 * origin and reason are those of a record in {@code clickstream_events.dlq}; every task and the Gold job keep
 * running (through Silver's schema growing with the hostile records' new fields), and, once a flush event has closed
 * every session, Gold equals {@link GoldOracle}'s recomputation from Silver as Spark reads it.
 */
class GoldConnectIT {

    /** Events the simulator writes, at a rate that spreads them over several Silver commits and Gold batches. */
    private static final long EVENTS = 6_000;

    private static final long EVENTS_PER_SECOND = 150;
    private static final String MALFORMED_SHARE = "0.02";
    /** Hostile records produced among the simulator's, in bursts; at most {@link #HOSTILE_MAX_BYTES} each. */
    private static final int HOSTILE = 400;

    private static final int HOSTILE_BURSTS = 4;
    /** Below Kafka's default record limit with the dead-letter headers: the unit tests take the larger ones. */
    private static final int HOSTILE_MAX_BYTES = 400_000;
    /** The flush event's lead on the wall clock: past every session's end plus the gap and the watermark. */
    private static final Duration FLUSH_AHEAD = Duration.ofHours(2);

    private static final String TOPIC = "clickstream_events";
    private static final String SILVER_DEAD_LETTERS = "clickstream_events.dlq";
    private static final String SINK = "gold-jdbc-sink";
    private static final List<String> TABLES =
            List.of("sessions", "country_minute", "page_minute", "funnel_minute", "bot_minute");
    private static final Path GOLD_MODULE =
            Path.of(System.getProperty(LocalStackCommand.GOLD_MODULE, "../gold-spark-job"));
    /** The Spark table readers (hudi-table-tools), for what the sinks wrote. */
    private static final Path TABLE_TOOLS = SparkTableReader.module();

    private static final ObjectMapper JSON = new ObjectMapper();

    private static LocalStack stack;
    private static GoldStage gold;
    private static final List<String> connectorNames = new ArrayList<>();

    @BeforeAll
    static void start() {
        Path dataDir = TestStacks.freshDataDir("GoldConnectIT");
        stack = LocalStack.builder()
                .dataDir(dataDir)
                .kafkaPort(0)
                .connectPort(0)
                .workers(2)
                .build()
                .start();
        List<ConnectorDefinition> connectors = new ArrayList<>();
        for (ConnectorDefinition file : ConnectorDefinition.loadAll(
                Path.of(System.getProperty("clickstream.connectors.dir", "../connectors")))) {
            ConnectorDefinition d = file.withDataDir(dataDir);
            if (LocalStackCommand.isSimulator(d)) {
                connectors.add(d.with(Map.of(
                        LocalStackCommand.EVENTS_PER_SECOND,
                        Long.toString(EVENTS_PER_SECOND),
                        LocalStackCommand.MAX_EVENTS,
                        Long.toString(EVENTS),
                        "malformed.share",
                        MALFORMED_SHARE)));
            } else if (d.name().startsWith("silver")) { // the flush event lies ahead of the wall clock
                connectors.add(d.with(Map.of(
                        "transforms.parse.event.time.max.future.ms",
                        Long.toString(FLUSH_AHEAD.plusHours(1).toMillis()))));
            } else if (!d.name().startsWith("bronze")) { // Gold reads Silver and the dead letters only
                connectors.add(d);
            }
        }
        connectors.forEach(d -> connectorNames.add(d.name()));
        assertThat(connectors)
                .as("connector files used")
                .extracting(ConnectorDefinition::name)
                .contains(SINK);
        gold = LocalStackCommand.deployWithGold(stack, connectors, 4, GOLD_MODULE);
        // Before the first Silver commit (10 s) can reach Gold: the sink's backlog is then the whole run.
        stack.connect().pause(SINK);
    }

    @AfterAll
    static void stop() {
        if (gold != null) {
            gold.close();
        }
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void hostileRecordsAmongTheTrafficStopNothingAndTheConnectTablesEqualTheJobsThoughAWorkerWasKilled()
            throws Exception {
        int hostile = produceHostileRecords();
        long records = EVENTS + hostile;
        await(
                "every record in Gold, as a Silver row or a dead letter",
                Duration.ofMinutes(8),
                () -> number("SELECT coalesce(sum(rows_in), 0) FROM gold.batches")
                                + number("SELECT count(*) FROM gold.dead_letters")
                        >= records);
        assertAllRunning();

        List<SilverRow> oracleInput = new ArrayList<>();
        Set<String> silverOrigins = silverRowsReadBySpark(oracleInput);
        produceFlush(oracleInput);
        await(
                "Gold to take the flush event and close every session",
                Duration.ofMinutes(4),
                () -> number("SELECT coalesce(sum(rows_in), 0) FROM gold.batches") == oracleInput.size()
                        && number("SELECT count(*) FROM gold.sessions WHERE is_open") == 0);

        stack.connect().resume(SINK);
        await(
                "the JDBC sink loading its first session rows",
                Duration.ofMinutes(3),
                () -> number("SELECT count(*) FROM gold_connect.gold_sessions") > 0);
        ConnectWorker victim = workerOfFirstTask();
        Map<String, String> atKill = differences();
        victim.kill();
        assertThat(atKill)
                .as("tables still to load when %s (running %s task 0) was killed", victim, SINK)
                .isNotEmpty();
        victim.start(Duration.ofSeconds(120));

        await(
                "the Connect tables equal to Gold",
                Duration.ofMinutes(4),
                () -> differences().isEmpty());

        assertThat(differences())
                .as("rows in one table and not the other, per table")
                .isEmpty();
        for (String table : TABLES.subList(0, 4)) {
            assertThat(number("SELECT count(*) FROM gold." + table))
                    .as("rows in gold.%s", table)
                    .isPositive();
        }
        long rejected = number("SELECT count(*) FROM gold.dead_letters");
        assertThat(number("SELECT sum(rows_in) FROM gold.batches") + rejected)
                .as("Silver rows (and the flush event) and dead letters in Gold")
                .isEqualTo(records + 1);
        assertThat(rejected)
                .as("dead letters in Gold (malformed share %s, %d hostile records)", MALFORMED_SHARE, hostile)
                .isBetween(EVENTS / 200 + hostile / 4, EVENTS / 20 + hostile);
        // Copies re-sent after a re-read may differ in their reason (the sink's schema rules depend on the table
        // as it is then): Gold keeps the first copy it reads, which must be one of them.
        Map<String, Set<String>> letters = topicDeadLetters((int) rejected);
        Map<String, String> goldLetters = goldDeadLetters();
        assertThat(goldLetters.keySet()).as("Gold's dead letters' origins").isEqualTo(letters.keySet());
        goldLetters.forEach((origin, letter) -> assertThat(letters.get(origin))
                .as("the copies of the dead letter of %s in %s", origin, SILVER_DEAD_LETTERS)
                .contains(letter));
        assertThat(number("SELECT sum(dead_letters) FROM gold.dead_letter_rate_minute"))
                .as("dead letters rated")
                .isEqualTo(rejected);
        assertThat(deadLetters()).as("records in gold_connect.dlq").isZero();

        Set<String> topicOrigins = topicOrigins();
        assertThat(topicOrigins).as("records on %s (read_committed)", TOPIC).hasSize((int) records + 1);
        assertThat(silverOrigins)
                .as("Silver rows that are also dead letters")
                .doesNotContainAnyElementsOf(letters.keySet());
        Set<String> landed = new HashSet<>(silverOrigins);
        landed.addAll(letters.keySet());
        landed.add(flushOrigin);
        assertThat(landed).as("records in Silver or the dead letters").isEqualTo(topicOrigins);
        assertThat(SparkTableReader.read(
                        TABLE_TOOLS,
                        stack.dataDir().resolve(LakeTable.DEAD_LETTERS.path()),
                        stack.dataDir().resolve("logs/spark-dead-letters.log"),
                        Duration.ofMinutes(4),
                        "original_topic",
                        "original_partition",
                        "original_offset"))
                .as("the dead-letter lake table read by Spark: one row per origin")
                .containsEntry("rows", rejected)
                .containsEntry("distinct", rejected);

        GoldAssertions.assertTablesEqual(
                new GoldTables(gold.postgres().jdbcUrl(), gold.postgres().user()),
                GoldOracle.compute(oracleInput, Set.of(), GoldJobConfig.DEFAULT_SESSION_GAP.toMillis()));
        assertThat(number("SELECT coalesce(sum(late_rows), 0) FROM gold.batches"))
                .as("rows Gold counted late")
                .isZero();
        assertAllRunning();
        assertReasonsTallied(rejected);
        forgetAUserEverywhere();
    }

    /**
     * {@code ./run.sh forget} for the user with the most sessions: their rows leave Silver, gold.sessions and, through
     * the sessions topic's tombstones, gold_connect, while every other user's sessions stay; an event of theirs
     * produced afterwards (not even valid) is dropped by Silver's parse transform: no row, no dead letter.
     */
    private static void forgetAUserEverywhere() throws Exception {
        String user;
        try (Connection c = DriverManager.getConnection(
                        gold.postgres().jdbcUrl(), gold.postgres().user(), null);
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT user_id FROM gold_connect.gold_sessions GROUP BY 1 "
                        + "ORDER BY count(*) DESC, 1 LIMIT 1")) {
            assertThat(rs.next()).as("a user with sessions").isTrue();
            user = rs.getString(1);
        }
        long others = number("SELECT count(*) FROM gold.sessions WHERE user_id <> '" + user + "'");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int rc = new ForgetCommand(new PrintStream(out, true, StandardCharsets.UTF_8))
                .run(
                        user,
                        "--data-dir",
                        stack.dataDir().toString(),
                        "--connectors-dir",
                        System.getProperty("clickstream.connectors.dir", "../connectors"),
                        "--settle-ms",
                        "0");
        assertThat(rc).as("./run.sh forget exit code; output: %s", out).isZero();
        await(
                "the user's sessions gone from gold and gold_connect",
                Duration.ofMinutes(2),
                () -> number("SELECT count(*) FROM gold.sessions WHERE user_id = '" + user + "'")
                                + number("SELECT count(*) FROM gold_connect.gold_sessions WHERE user_id = '" + user
                                        + "'")
                        == 0);
        assertThat(number("SELECT count(*) FROM gold.sessions WHERE user_id <> '" + user + "'"))
                .as("other users' sessions")
                .isEqualTo(others);

        // Redelivered: an event of the user (not even valid), then a valid one of another user to know when Silver
        // has read past it
        String template;
        try (TopicReader reader = new TopicReader(stack.bootstrapServers(), TOPIC)) {
            template = reader.readAtLeast(1, Duration.ofMinutes(1), () -> "the topic's first record").stream()
                    .map(ConsumerRecord::value)
                    .filter(v -> WellFormedEvents.event(v) != null)
                    .findFirst()
                    .orElseThrow();
        }
        ObjectNode later = (ObjectNode) JSON.readTree(template);
        later.put("event_id", "after-forget").put("user_id", "user_after_forget");
        Path file = Files.write(
                stack.dataDir().resolve("after-forget.txt"),
                List.of("{\"event_id\":\"forgotten-again\",\"user_id\":\"" + user + "\"}", later.toString()));
        assertThat(new ProduceCommand(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))
                        .run("--data-dir", stack.dataDir().toString(), "--file", file.toString()))
                .isZero();
        List<ConsumerRecord<String, String>> produced;
        try (TopicReader reader = new TopicReader(stack.bootstrapServers(), TOPIC)) {
            produced = reader.readToEnd();
        }
        ConsumerRecord<String, String> forgotten = produced.stream()
                .filter(r -> r.value() != null && r.value().contains("forgotten-again"))
                .findFirst()
                .orElseThrow();
        BronzeSink.awaitCommittedThrough(
                stack.admin(),
                "silver-hudi-sink",
                produced.stream()
                        .filter(r -> r.value() != null && r.value().contains("after-forget"))
                        .toList(),
                Duration.ofMinutes(2),
                () -> ConnectorStatusText.of(stack, "silver-hudi-sink"));
        List<String> silverUsers = SparkTableReader.rows(
                TABLE_TOOLS,
                stack.dataDir().resolve(LakeTable.SILVER_EVENTS.path()).toUri().toString(),
                Map.of(),
                stack.dataDir().resolve("logs/spark-silver-forgotten.log"),
                Duration.ofMinutes(4),
                "user_id");
        assertThat(silverUsers).as("Silver rows").isNotEmpty().noneMatch(line -> line.contains("\"" + user + "\""));
        assertThat(silverUsers).as("the later event of another user").anyMatch(l -> l.contains("user_after_forget"));
        try (TopicReader reader = new TopicReader(stack.bootstrapServers(), SILVER_DEAD_LETTERS)) {
            assertThat(reader.readToEnd())
                    .as("dead letters of the forgotten user's event at %d", forgotten.offset())
                    .noneMatch(
                            letter -> letter.value() != null && letter.value().contains("forgotten-again"));
        }
    }

    /**
     * {@link #HOSTILE} records of {@link HostileEvents} mutating the simulator's first well-formed records (events of
     * now; each hostile record has an event id of its own), written with {@code ./run.sh produce} from a Base64 file
     * in {@link #HOSTILE_BURSTS} bursts while the simulator runs; returns how many were written.
     */
    private static int produceHostileRecords() throws Exception {
        List<String> originals = new ArrayList<>();
        try (TopicReader reader = new TopicReader(stack.bootstrapServers(), TOPIC)) {
            for (ConsumerRecord<String, String> r :
                    reader.readAtLeast(300, Duration.ofMinutes(3), () -> "the simulator's first records")) {
                if (WellFormedEvents.event(r.value()) != null) {
                    originals.add(r.value());
                }
            }
        }
        HostileEvents generator = new HostileEvents(21, originals);
        int written = 0;
        for (int burst = 0; burst < HOSTILE_BURSTS; burst++) {
            List<String> lines = new ArrayList<>();
            while (lines.size() < HOSTILE / HOSTILE_BURSTS) {
                byte[] value = generator.next().value();
                if (value.length <= HOSTILE_MAX_BYTES) {
                    lines.add(Base64.getEncoder().encodeToString(value));
                }
            }
            Path file = Files.write(stack.dataDir().resolve("hostile-" + burst + ".b64"), lines);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int rc = new ProduceCommand(new PrintStream(out, true, StandardCharsets.UTF_8))
                    .run("--data-dir", stack.dataDir().toString(), "--file", file.toString(), "--base64");
            assertThat(rc).as("./run.sh produce exit code; output: %s", out).isZero();
            written += lines.size();
            Thread.sleep(5_000);
        }
        return written;
    }

    /**
     * Silver as Spark reads it: the origin ("topic/partition/offset") of every row, and each row as the oracle's
     * input (added to {@code oracleInput}); one row per event id.
     */
    private static Set<String> silverRowsReadBySpark(List<SilverRow> oracleInput) throws Exception {
        List<String> lines = SparkTableReader.rows(
                TABLE_TOOLS,
                stack.dataDir().resolve(LakeTable.SILVER_EVENTS.path()).toUri().toString(),
                Map.of(),
                stack.dataDir().resolve("logs/spark-silver.log"),
                Duration.ofMinutes(4),
                SilverRows.COLUMNS.toArray(String[]::new));
        Set<String> origins = new HashSet<>();
        Set<String> ids = new HashSet<>();
        for (String line : lines) {
            JsonNode row = JSON.readTree(line);
            assertThat(origins.add(SilverRows.origin(row)))
                    .as("a second Silver row at %s", line)
                    .isTrue();
            SilverRow silver = SilverRows.row(row);
            assertThat(ids.add(silver.eventId()))
                    .as("a second Silver row of %s", silver.eventId())
                    .isTrue();
            oracleInput.add(silver);
        }
        return origins;
    }

    private static String flushOrigin;

    /**
     * A copy of a bot's Silver row, with a new id, {@link #FLUSH_AHEAD} after now, produced as an event: Gold's
     * watermark passes every session's end plus the gap, so all close, and a bot starts no session.
     */
    private static void produceFlush(List<SilverRow> oracleInput) throws Exception {
        SilverRow bot = oracleInput.stream()
                .filter(r -> r.bot() && r.eventType().equals("page_view"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no bot event among " + oracleInput.size()));
        long at = Instant.now().plus(FLUSH_AHEAD).truncatedTo(ChronoUnit.MILLIS).toEpochMilli();
        SilverRow flush = bot.at(at, UUID.randomUUID().toString());
        ObjectNode event = JSON.createObjectNode()
                .put(BundleFields.event("EVENT_ID"), flush.eventId())
                .put(BundleFields.event("EVENT_TYPE"), flush.eventType())
                .put(BundleFields.event("TIMESTAMP"), Instant.ofEpochMilli(at).toString())
                .put(BundleFields.event("USER_ID"), flush.userId())
                .put(BundleFields.event("SESSION_ID"), flush.sessionId())
                .put(BundleFields.event("PAGE_URL"), flush.pageUrl())
                .put(BundleFields.event("REFERRER"), flush.referrer() == null ? "" : flush.referrer())
                .put(BundleFields.event("IP_ADDRESS"), flush.ipAddress())
                .put(BundleFields.event("USER_AGENT"), flush.userAgent())
                .put(BundleFields.event("DEVICE"), "bot");
        oracleInput.add(flush);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        stack.bootstrapServers(),
                        ProducerConfig.ACKS_CONFIG,
                        "all"),
                new StringSerializer(),
                new StringSerializer())) {
            var sent = producer.send(new ProducerRecord<>(TOPIC, flush.sessionId(), JSON.writeValueAsString(event)))
                    .get(60, TimeUnit.SECONDS);
            flushOrigin = TOPIC + "/" + sent.partition() + "/" + sent.offset();
        }
    }

    /** The origin of every record on the events topic, read_committed. */
    private static Set<String> topicOrigins() {
        Set<String> origins = new HashSet<>();
        try (TopicReader reader = new TopicReader(stack.bootstrapServers(), TOPIC)) {
            reader.readToEnd();
            reader.records().forEach(r -> origins.add(r.topic() + "/" + r.partition() + "/" + r.offset()));
        }
        return origins;
    }

    /** No connector or task FAILED, and the Gold job alive. */
    private static void assertAllRunning() {
        for (String connector : connectorNames) {
            ConnectorStatus status = stack.connect().status(connector);
            assertThat(status.isFailed() || status.tasks().stream().anyMatch(ConnectorStatus.TaskStatus::isFailed))
                    .as("a failed task of %s: %s", connector, ConnectorStatusText.of(stack, connector))
                    .isFalse();
        }
        assertThat(gold.jobAlive()).as("Gold job alive (%s)", gold.progress()).isTrue();
    }

    /** The progress line's reader of the dead-letter topic: every letter read, its kinds bounded and printable. */
    private static void assertReasonsTallied(long rejected) {
        try (DeadLetterReasons reasons =
                new DeadLetterReasons(stack.bootstrapServers(), List.of(SILVER_DEAD_LETTERS))) {
            ReasonTally tally = null;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while ((tally == null || tally.total() < rejected) && System.nanoTime() < deadline) {
                tally = reasons.read(Duration.ofSeconds(1)).get(SILVER_DEAD_LETTERS);
            }
            assertThat(tally).as("dead letters tallied").isNotNull();
            assertThat(tally.total()).as("dead letters tallied").isGreaterThanOrEqualTo(rejected);
            assertThat(tally.top(3))
                    .as("the top reason kinds")
                    .hasSize(3)
                    .allSatisfy(count -> assertThat(count.kind())
                            .hasSizeLessThanOrEqualTo(80)
                            .doesNotContainPattern("\\p{Cntrl}"));
        }
    }

    private static ConnectWorker workerOfFirstTask() {
        String workerId = stack.connect().status(SINK).tasks().stream()
                .filter(t -> t.id() == 0)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no task 0: " + ConnectorStatusText.of(stack, SINK)))
                .workerId();
        return stack.workers().stream()
                .filter(w -> w.workerId().equals(workerId))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no worker " + workerId + " among " + stack.workers()));
    }

    /**
     * The Gold job exits with its launcher: a launcher JVM (started like a stack child) starts the job as the local
     * stack does, the job gets as far as waiting for its Silver table, then the launcher is SIGKILLed.
     */
    @Test
    void aGoldJobWhoseLauncherIsKilledExitsByItself() throws Exception {
        String database = "watchdog_" + Long.toHexString(System.nanoTime());
        try (Connection c = connection();
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + database);
        }
        Path dir = stack.dataDir().resolve(database);
        String jdbcUrl = gold.postgres().jdbcUrl().replaceFirst("/[^/?]+(\\?.*)?$", "/" + database);
        ManagedProcess launcher = ManagedProcess.builder("gold-launcher", GoldLauncherMain.class.getName())
                .jvmOption("-Xmx64m")
                .logDir(dir)
                .arg(Path.of(System.getProperty(LocalStackCommand.GOLD_MODULE, "../gold-spark-job")))
                .arg(dir)
                .arg("--silver-path")
                .arg(dir.resolve("no-silver-yet").toUri())
                .arg("--checkpoint")
                .arg(dir.resolve("checkpoint"))
                .arg("--jdbc-url")
                .arg(jdbcUrl)
                .arg("--jdbc-user")
                .arg(gold.postgres().user())
                .build()
                .start();
        Path jobLog = dir.resolve(GoldJobProcess.NAME + ".log");
        try {
            await(
                    "the launched Gold job waiting for its Silver table",
                    Duration.ofMinutes(3),
                    () -> Files.exists(jobLog) && Files.readString(jobLog).contains("Waiting for the Silver table"));
            ProcessHandle job = ProcessHandle.current()
                    .descendants()
                    .filter(p -> p.parent()
                            .map(parent -> parent.pid() == launcher.pid())
                            .orElse(false))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no child of the launcher"));

            launcher.kill();

            assertThat(job.onExit()
                            .completeOnTimeout(null, 60, TimeUnit.SECONDS)
                            .get())
                    .as("the Gold job (pid %d) 60 s after its launcher was SIGKILLed; log %s", job.pid(), jobLog)
                    .isNotNull();
            assertThat(Files.readString(jobLog)).as("job log").contains("is gone; shutting down");
        } finally {
            launcher.kill();
        }
    }

    /**
     * For each table, the rows of {@code gold.<t>} not in {@code gold_connect.gold_<t>} and the reverse, compared on
     * every column of the job's table; empty when they are equal.
     */
    private static Map<String, String> differences() {
        Map<String, String> differences = new TreeMap<>();
        for (String table : TABLES) {
            try {
                String columns = String.join(", ", columns(table));
                String job = "SELECT " + columns + " FROM gold." + table;
                String connect = "SELECT " + columns + " FROM gold_connect.gold_" + table;
                long missing = number("SELECT count(*) FROM (" + job + " EXCEPT " + connect + ") d");
                long extra = number("SELECT count(*) FROM (" + connect + " EXCEPT " + job + ") d");
                if (missing + extra > 0) {
                    differences.put(table, missing + " rows only in gold, " + extra + " only in gold_connect");
                }
            } catch (SQLException e) {
                differences.put(table, e.getMessage());
            }
        }
        return differences;
    }

    private static List<String> columns(String table) throws SQLException {
        List<String> columns = new ArrayList<>();
        try (Connection c = connection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT column_name FROM information_schema.columns WHERE table_schema = "
                        + "'gold' AND table_name = '" + table + "' ORDER BY ordinal_position")) {
            while (rs.next()) {
                columns.add(rs.getString(1));
            }
        }
        return columns;
    }

    private static long deadLetters() throws Exception {
        Set<TopicPartition> partitions = new HashSet<>();
        stack.admin()
                .describeTopics(List.of("gold_connect.dlq"))
                .allTopicNames()
                .get(30, TimeUnit.SECONDS)
                .get("gold_connect.dlq")
                .partitions()
                .forEach(p -> partitions.add(new TopicPartition("gold_connect.dlq", p.partition())));
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        partitions.forEach(p -> latest.put(p, OffsetSpec.latest()));
        return stack.admin().listOffsets(latest).all().get(30, TimeUnit.SECONDS).values().stream()
                .mapToLong(ListOffsetsResultInfo::offset)
                .sum();
    }

    /** origin "topic/partition/offset" -> "connector: reason" of each rejected record in Gold. */
    private static Map<String, String> goldDeadLetters() throws SQLException {
        Map<String, String> letters = new TreeMap<>();
        try (Connection c = connection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(
                        "SELECT origin_topic, origin_partition, origin_offset, connector, reason FROM gold.dead_letters")) {
            while (rs.next()) {
                letters.put(
                        rs.getString(1) + "/" + rs.getInt(2) + "/" + rs.getLong(3),
                        rs.getString(4) + ": " + rs.getString(5));
            }
        }
        return letters;
    }

    /**
     * The same, read from the dead-letter topic's context headers (every copy's reason), independently of the sink
     * and the job.
     */
    private static Map<String, Set<String>> topicDeadLetters(int atLeast) {
        Map<String, Set<String>> letters = new TreeMap<>();
        try (TopicReader reader = new TopicReader(stack.bootstrapServers(), SILVER_DEAD_LETTERS)) {
            reader.readAtLeast(atLeast, Duration.ofSeconds(60), () -> ConnectorStatusText.of(stack, SINK));
            reader.readToEnd();
            for (ConsumerRecord<String, String> letter : reader.records()) {
                letters.computeIfAbsent(
                                header(letter, "__connect.errors.topic") + "/"
                                        + header(letter, "__connect.errors.partition") + "/"
                                        + header(letter, "__connect.errors.offset"),
                                origin -> new HashSet<>())
                        .add(header(letter, "__connect.errors.connector.name") + ": "
                                + header(letter, "__connect.errors.exception.message"));
            }
        }
        return letters;
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static long number(String sql) throws SQLException {
        try (Connection c = connection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static Connection connection() throws SQLException {
        return DriverManager.getConnection(
                gold.postgres().jdbcUrl(), gold.postgres().user(), null);
    }

    /** Polls the condition (a failing query counts as false) until it holds; fails naming it and the state. */
    private static void await(String what, Duration timeout, SqlCondition condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            assertThat(gold.jobAlive())
                    .as("Gold job alive while waiting for %s (%s)", what, gold.progress())
                    .isTrue();
            try {
                if (condition.holds()) {
                    return;
                }
            } catch (SQLException | IOException e) {
                last = e.getMessage();
            }
            Thread.sleep(200);
        }
        throw new AssertionError("Not within " + timeout.toSeconds() + " s: " + what + "; " + gold.progress()
                + "; last error: " + last + "; " + ConnectorStatusText.of(stack, SINK)
                + "; differences: " + differences());
    }

    @FunctionalInterface
    private interface SqlCondition {
        boolean holds() throws SQLException, IOException;
    }
}
