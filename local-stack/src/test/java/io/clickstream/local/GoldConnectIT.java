package io.clickstream.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.clickstream.local.connect.ConnectWorker;
import io.clickstream.local.connect.ConnectorDefinition;
import io.clickstream.local.gold.GoldJobProcess;
import io.clickstream.local.gold.GoldStage;
import io.clickstream.local.process.ManagedProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Gold through Kafka Connect, end to end on one stack as {@code ./run.sh} deploys it (a broker, two workers, the
 * repository's simulator, Silver sink and {@code gold-jdbc-sink.json}, PostgreSQL and the Gold job publishing to
 * Kafka): the JDBC sink starts paused, so that once the simulator's events are all in Gold and Kafka it has a
 * backlog to load; the worker running its first task is SIGKILLed while it loads, and in the end every table the
 * sink loaded into {@code gold_connect} equals the job's own table in {@code gold}, row for row (EXCEPT both ways,
 * every column), with nothing in the dead-letter topic. The simulator also writes malformed events: Silver
 * dead-letters them, {@code dead-letter-hudi-sink.json} lands them in the lake and the job's second stream loads them,
 * so every simulated event ends in Gold exactly once, as a Silver row or as a dead letter whose origin and reason
 * are those of a record in {@code clickstream_events.dlq}.
 */
class GoldConnectIT {

    /** Events the simulator writes, at a rate that spreads them over several Silver commits and Gold batches. */
    private static final long EVENTS = 6_000;
    private static final long EVENTS_PER_SECOND = 150;
    private static final String MALFORMED_SHARE = "0.02";
    private static final String SILVER_DEAD_LETTERS = "clickstream_events.dlq";
    private static final String SINK = "gold-jdbc-sink";
    private static final List<String> TABLES = List.of("sessions", "country_minute", "page_minute",
            "funnel_minute", "bot_minute");

    private static LocalStack stack;
    private static GoldStage gold;

    @BeforeAll
    static void start() {
        Path dataDir = TestStacks.freshDataDir("GoldConnectIT");
        stack = LocalStack.builder().dataDir(dataDir).kafkaPort(0).connectPort(0).workers(2).build().start();
        List<ConnectorDefinition> connectors = new ArrayList<>();
        for (ConnectorDefinition file : ConnectorDefinition.loadAll(
                Path.of(System.getProperty("clickstream.connectors.dir", "../connectors")))) {
            ConnectorDefinition d = file.withDataDir(dataDir);
            if (LocalStackCommand.isSimulator(d)) {
                connectors.add(d.with(Map.of(LocalStackCommand.EVENTS_PER_SECOND, Long.toString(EVENTS_PER_SECOND),
                        LocalStackCommand.MAX_EVENTS, Long.toString(EVENTS), "malformed.share", MALFORMED_SHARE)));
            } else if (!d.name().startsWith("bronze")) { // Gold reads Silver and the dead letters only
                connectors.add(d);
            }
        }
        assertThat(connectors).as("connector files used").extracting(ConnectorDefinition::name).contains(SINK);
        gold = LocalStackCommand.deployWithGold(stack, connectors, 4,
                Path.of(System.getProperty(LocalStackCommand.GOLD_MODULE, "../gold-spark-job")));
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
    void theTablesLoadedThroughConnectEqualTheJobsRowForRowThoughAWorkerWasKilledMidRun() throws Exception {
        await("every simulated event in Gold, as a Silver row or a dead letter", Duration.ofMinutes(6),
                () -> number("SELECT coalesce(sum(rows_in), 0) FROM gold.batches")
                        + number("SELECT count(*) FROM gold.dead_letters") >= EVENTS);
        stack.connect().resume(SINK);
        await("the JDBC sink loading its first session rows", Duration.ofMinutes(3),
                () -> number("SELECT count(*) FROM gold_connect.gold_sessions") > 0);
        ConnectWorker victim = workerOfFirstTask();
        Map<String, String> atKill = differences();
        victim.kill();
        assertThat(atKill).as("tables still to load when %s (running %s task 0) was killed", victim, SINK)
                .isNotEmpty();
        victim.start(Duration.ofSeconds(120));

        await("the Connect tables equal to Gold", Duration.ofMinutes(4), () -> differences().isEmpty());

        assertThat(differences()).as("rows in one table and not the other, per table").isEmpty();
        for (String table : TABLES.subList(0, 4)) {
            assertThat(number("SELECT count(*) FROM gold." + table)).as("rows in gold.%s", table).isPositive();
        }
        long rejected = number("SELECT count(*) FROM gold.dead_letters");
        assertThat(number("SELECT sum(rows_in) FROM gold.batches") + rejected)
                .as("Silver rows and dead letters in Gold").isEqualTo(EVENTS);
        assertThat(rejected).as("dead letters in Gold (malformed share %s)", MALFORMED_SHARE)
                .isBetween(EVENTS / 200, EVENTS / 20);
        assertThat(goldDeadLetters()).as("Gold's dead letters: origin -> connector and reason")
                .isEqualTo(topicDeadLetters((int) rejected));
        assertThat(number("SELECT sum(dead_letters) FROM gold.dead_letter_rate_minute")).as("dead letters rated")
                .isEqualTo(rejected);
        assertThat(deadLetters()).as("records in gold_connect.dlq").isZero();
    }

    private static ConnectWorker workerOfFirstTask() {
        String workerId = stack.connect().status(SINK).tasks().stream().filter(t -> t.id() == 0).findFirst()
                .orElseThrow(() -> new AssertionError("no task 0: " + ConnectorStatusText.of(stack, SINK)))
                .workerId();
        return stack.workers().stream().filter(w -> w.workerId().equals(workerId)).findFirst()
                .orElseThrow(() -> new AssertionError("no worker " + workerId + " among " + stack.workers()));
    }

    /**
     * The Gold job exits with its launcher: a launcher JVM (started like a stack child) starts the job as the local
     * stack does, the job gets as far as waiting for its Silver table, then the launcher is SIGKILLed.
     */
    @Test
    void aGoldJobWhoseLauncherIsKilledExitsByItself() throws Exception {
        String database = "watchdog_" + Long.toHexString(System.nanoTime());
        try (Connection c = connection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + database);
        }
        Path dir = stack.dataDir().resolve(database);
        String jdbcUrl = gold.postgres().jdbcUrl().replaceFirst("/[^/?]+(\\?.*)?$", "/" + database);
        ManagedProcess launcher = ManagedProcess.builder("gold-launcher", GoldLauncherMain.class.getName())
                .jvmOption("-Xmx64m")
                .logDir(dir)
                .arg(Path.of(System.getProperty(LocalStackCommand.GOLD_MODULE, "../gold-spark-job")))
                .arg(dir)
                .arg("--silver-path").arg(dir.resolve("no-silver-yet").toUri())
                .arg("--checkpoint").arg(dir.resolve("checkpoint"))
                .arg("--jdbc-url").arg(jdbcUrl)
                .arg("--jdbc-user").arg(gold.postgres().user())
                .build().start();
        Path jobLog = dir.resolve(GoldJobProcess.NAME + ".log");
        try {
            await("the launched Gold job waiting for its Silver table", Duration.ofMinutes(3),
                    () -> Files.exists(jobLog) && Files.readString(jobLog).contains("Waiting for the Silver table"));
            ProcessHandle job = ProcessHandle.current().descendants()
                    .filter(p -> p.parent().map(parent -> parent.pid() == launcher.pid()).orElse(false))
                    .findFirst().orElseThrow(() -> new AssertionError("no child of the launcher"));

            launcher.kill();

            assertThat(job.onExit().completeOnTimeout(null, 60, TimeUnit.SECONDS).get())
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
        try (Connection c = connection(); Statement s = c.createStatement();
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
        stack.admin().describeTopics(List.of("gold_connect.dlq")).allTopicNames().get(30, TimeUnit.SECONDS)
                .get("gold_connect.dlq").partitions()
                .forEach(p -> partitions.add(new TopicPartition("gold_connect.dlq", p.partition())));
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        partitions.forEach(p -> latest.put(p, OffsetSpec.latest()));
        return stack.admin().listOffsets(latest).all().get(30, TimeUnit.SECONDS).values().stream()
                .mapToLong(ListOffsetsResultInfo::offset).sum();
    }

    /** origin "topic/partition/offset" -> "connector: reason" of each rejected record in Gold. */
    private static Map<String, String> goldDeadLetters() throws SQLException {
        Map<String, String> letters = new TreeMap<>();
        try (Connection c = connection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT origin_topic, origin_partition, origin_offset, connector, reason FROM gold.dead_letters")) {
            while (rs.next()) {
                letters.put(rs.getString(1) + "/" + rs.getInt(2) + "/" + rs.getLong(3),
                        rs.getString(4) + ": " + rs.getString(5));
            }
        }
        return letters;
    }

    /** The same, read from the dead-letter topic's context headers, independently of the sink and the job. */
    private static Map<String, String> topicDeadLetters(int atLeast) {
        Map<String, String> letters = new TreeMap<>();
        try (TopicReader reader = new TopicReader(stack.bootstrapServers(), SILVER_DEAD_LETTERS)) {
            reader.readAtLeast(atLeast, Duration.ofSeconds(60), () -> ConnectorStatusText.of(stack, SINK));
            reader.readToEnd();
            for (ConsumerRecord<String, String> letter : reader.records()) {
                letters.put(header(letter, "__connect.errors.topic") + "/" + header(letter,
                        "__connect.errors.partition") + "/" + header(letter, "__connect.errors.offset"),
                        header(letter, "__connect.errors.connector.name") + ": "
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
        try (Connection c = connection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static Connection connection() throws SQLException {
        return DriverManager.getConnection(gold.postgres().jdbcUrl(), gold.postgres().user(), null);
    }

    /** Polls the condition (a failing query counts as false) until it holds; fails naming it and the state. */
    private static void await(String what, Duration timeout, SqlCondition condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            assertThat(gold.jobAlive()).as("Gold job alive while waiting for %s (%s)", what, gold.progress())
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
