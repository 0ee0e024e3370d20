package io.clickstream.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clickstream.contract.LakeTable;
import io.clickstream.gold.GoldJobConfig;
import io.clickstream.gold.testing.GoldAssertions;
import io.clickstream.gold.testing.GoldOracle;
import io.clickstream.gold.testing.GoldTables;
import io.clickstream.gold.testing.SilverRow;
import io.clickstream.local.connect.ConnectRestException;
import io.clickstream.local.connect.ConnectorDefinition;
import io.clickstream.local.connect.ConnectorStatus;
import io.clickstream.local.gold.GoldStage;
import io.clickstream.local.objectstore.S3ProxyServer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The lake on object storage: one stack (S3Proxy as its own process, a broker, one worker, and for the chain
 * PostgreSQL and the Gold job) for the whole class, as {@code ./run.sh --lake s3} runs it. The whole chain runs on
 * {@code s3a://lake/...} through the S3 API and is checked end to end against the events produced; bad object-store
 * settings fail validation naming the key. A layer added to the pipeline adds its connector file to the chain and one
 * more check.
 */
class S3LakeIT {

    private static final String SECRET_PROBE = "not-the-secret-0123456789";
    /** Events of the chain: several Silver commits and Gold batches, some 40 s of production. */
    private static final int EVENTS = 4_000;

    private static final long EVENTS_PER_SECOND = 100;
    private static final int PARTITIONS = 4;
    /** The flush event's distance ahead: past the run's last session end plus the session gap and the watermark. */
    private static final Duration FLUSH_AHEAD = Duration.ofHours(2);
    /** How long Gold may take to catch up with Silver on a loaded machine. */
    private static final Duration GOLD_WAIT = Duration.ofMinutes(6);

    private static final String SIMULATOR = "clickstream-simulator";
    private static final String BRONZE = "bronze";
    private static final String SILVER = "silver";
    private static final Path CONNECTORS = Path.of(System.getProperty("clickstream.connectors.dir", "../connectors"));
    private static final Path GOLD_MODULE = Path.of(System.getProperty("clickstream.gold.module", "../gold-spark-job"));
    /** The Spark table readers (hudi-table-tools), for what the sinks wrote. */
    private static final Path TABLE_TOOLS = SparkTableReader.module();

    private static final ObjectMapper JSON = new ObjectMapper();

    private static S3ProxyServer s3;
    private static LocalStack stack;
    private static GoldStage gold;

    @BeforeAll
    static void start() {
        Path dataDir = TestStacks.freshDataDir("S3LakeIT");
        s3 = new S3ProxyServer(dataDir, dataDir.resolve("logs"), FreePorts.any(), S3ProxyServer.DEFAULT_BUCKET)
                .start(Duration.ofSeconds(120));
        stack = LocalStack.builder()
                .dataDir(dataDir)
                .kafkaPort(0)
                .connectPort(0)
                .workers(1)
                .build()
                .start();
    }

    @AfterAll
    static void stop() {
        if (gold != null) {
            gold.close();
        }
        if (stack != null) {
            stack.close();
        }
        if (s3 != null) {
            s3.close();
        }
    }

    /** The Bronze sink as {@code --lake s3} deploys it: table on the bucket, S3A keys, one worker process. */
    private static Map<String, String> bronzeOnLake(String topic, String layerPath) {
        Map<String, String> config = new HashMap<>(BronzeSink.config(stack, topic, Path.of("/unused"), 2));
        config.putAll(s3.s3aProperties());
        config.put("table.path", s3.uri(layerPath));
        config.put("object.store.single.writer", "true");
        return config;
    }

    /**
     * The whole chain on S3Proxy as {@code ./run.sh --lake s3} deploys it (the repository's simulator, Bronze and
     * Silver connectors on {@code s3a://lake/...}, the Gold job reading Silver from {@code s3a://} into PostgreSQL;
     * not the JDBC sink, which GoldConnectIT covers): the simulator sends duplicate, late and malformed events on the
     * wall clock, and the worker is SIGKILLed while a Silver commit is in flight. Then, independently of the sinks'
     * and the job's code: Bronze read by Spark from {@code s3a://} holds every record on the topic once; Silver read
     * by Spark from {@code s3a://} holds one row per distinct well-formed event; and once a flush event (a bot's,
     * {@link #FLUSH_AHEAD} later) has closed every session, each Gold table equals {@link GoldOracle}'s recomputation
     * from the events, with nothing counted late.
     */
    @Test
    void theWholeChainOnS3EqualsTheOracleThoughTheWorkerWasKilledMidCommit() throws Exception {
        Map<String, ConnectorDefinition> chain = chainConnectors();
        String simulator = chain.get(SIMULATOR).name();
        String bronze = chain.get(BRONZE).name();
        String silver = chain.get(SILVER).name();
        String topic = chain.get(SIMULATOR).config().get("topic");
        gold = LocalStackCommand.deployWithGold(
                stack, List.copyOf(chain.values()), PARTITIONS, GOLD_MODULE, s3.silverSource());
        GoldTables tables =
                new GoldTables(gold.postgres().jdbcUrl(), gold.postgres().user());

        Path silverTimeline =
                s3.bucketDir().resolve(LakeTable.SILVER_EVENTS.path()).resolve(".hoodie/timeline");
        HudiTimelineFiles.awaitInflightCommit(
                silverTimeline, Set.of(), Duration.ofSeconds(300), () -> ConnectorStatusText.of(stack, silver));
        stack.worker(0).kill();
        stack.worker(0).start(Duration.ofSeconds(120));

        List<ConsumerRecord<String, String>> records = readTopic(topic, EVENTS, simulator);
        assertThat(records).as("records on the topic (read_committed)").hasSize(EVENTS);
        BronzeSink.awaitCommittedThrough(
                stack.admin(), bronze, records, Duration.ofSeconds(300), () -> ConnectorStatusText.of(stack, bronze));
        BronzeSink.awaitCommittedThrough(
                stack.admin(), silver, records, Duration.ofSeconds(300), () -> ConnectorStatusText.of(stack, silver));

        Map<String, JsonNode> events = new LinkedHashMap<>(); // first delivery of each well-formed event, by id
        int wellFormed = 0;
        for (ConsumerRecord<String, String> r : records) {
            JsonNode event = WellFormedEvents.event(r.value());
            if (event != null) {
                wellFormed++;
                events.putIfAbsent(event.get(BundleFields.event("EVENT_ID")).asText(), event);
            }
        }
        assertThat(EVENTS - wellFormed).as("malformed records").isBetween(1, EVENTS / 25);
        assertThat(wellFormed - events.size()).as("duplicate deliveries").isGreaterThan(EVENTS / 100);
        assertThat(events.values())
                .as("late events")
                .anyMatch(e -> e.path(BundleFields.event("LATE")).asBoolean());

        Map<String, JsonNode> silverRows = silverRowsReadBySpark();
        assertThat(silverRows.keySet())
                .as("Silver read by Spark from s3a://: one row per distinct well-formed event")
                .containsExactlyInAnyOrderElementsOf(events.keySet());

        List<SilverRow> oracleInput = new ArrayList<>();
        events.forEach((id, event) -> oracleInput.add(EnrichedEvents.row(event, silverRows.get(id))));
        await("Gold to take every event", () -> accepted(tables) == events.size(), tables);
        ConsumerRecord<String, String> flush = produceFlush(topic, events, silverRows, oracleInput);

        List<ConsumerRecord<String, String>> all = new ArrayList<>(records);
        all.add(flush);
        BronzeSink.awaitCommittedThrough(
                stack.admin(), bronze, all, Duration.ofSeconds(300), () -> ConnectorStatusText.of(stack, bronze));
        String bronzeTable = chain.get(BRONZE).config().get("table.path");
        Map<String, Long> bronzeStats = SparkTableReader.read(
                TABLE_TOOLS,
                bronzeTable,
                s3.s3aProperties(),
                stack.dataDir().resolve("logs/spark-s3-bronze.log"),
                Duration.ofSeconds(300),
                "kafka_partition",
                "kafka_offset");
        assertThat(bronzeStats)
                .as("Bronze read by Spark from s3a://: every record on the topic once")
                .containsEntry("rows", (long) all.size())
                .containsEntry("distinct", (long) all.size());

        GoldOracle oracle = GoldOracle.compute(oracleInput, Set.of(), GoldJobConfig.DEFAULT_SESSION_GAP.toMillis());
        await(
                "Gold to take the flush event and close every session",
                () -> accepted(tables) == oracleInput.size()
                        && tables.number("SELECT count(*) FROM gold.sessions WHERE is_open") == 0,
                tables);
        GoldAssertions.assertGoldEquals(tables, oracle);
        assertThat(tables.number("SELECT sum(late_rows) FROM gold.batches"))
                .as("rows Gold counted late")
                .isZero();
        for (String connector : List.of(simulator, bronze, silver)) {
            ConnectorStatus status = stack.connect().status(connector);
            assertThat(status.isFailed() || status.tasks().stream().anyMatch(ConnectorStatus.TaskStatus::isFailed))
                    .as("a failed task of %s: %s", connector, ConnectorStatusText.of(stack, connector))
                    .isFalse();
        }
    }

    /**
     * The repository's simulator, Bronze and Silver connector files as {@code ./run.sh --lake s3} maps them
     * ({@link LocalStackCommand#connectors}, one worker), the simulator bounded to {@link #EVENTS} at
     * {@link #EVENTS_PER_SECOND}, over a smaller population, with its faults on; the Silver parse window open past
     * {@link #FLUSH_AHEAD} in the future for the flush event.
     */
    private static Map<String, ConnectorDefinition> chainConnectors() {
        LocalStackOptions options = LocalStackOptions.parse(
                "--data-dir",
                stack.dataDir().toString(),
                "--connectors",
                CONNECTORS.toString(),
                "--lake",
                "s3",
                "--events-per-second",
                Long.toString(EVENTS_PER_SECOND),
                "--max-events",
                Integer.toString(EVENTS));
        Map<String, ConnectorDefinition> chain = new LinkedHashMap<>();
        for (ConnectorDefinition d : LocalStackCommand.connectors(options, c -> s3.onLake(c, options.workers()))) {
            if (LocalStackCommand.isSimulator(d)) {
                chain.put(
                        SIMULATOR,
                        d.with(Map.of(
                                "users.concurrent",
                                "200",
                                "duplicate.share",
                                "0.05",
                                "late.event.share",
                                "0.02",
                                "malformed.share",
                                "0.01")));
            } else if (d.name().startsWith(BRONZE)) {
                chain.put(BRONZE, d);
            } else if (d.name().startsWith(SILVER)) {
                chain.put(
                        SILVER,
                        d.with(Map.of(
                                "transforms.parse.event.time.max.future.ms",
                                Long.toString(FLUSH_AHEAD.plusHours(1).toMillis()))));
            }
        }
        assertThat(chain).as("connector files in %s", CONNECTORS).containsOnlyKeys(SIMULATOR, BRONZE, SILVER);
        assertThat(chain.values())
                .as("tables on the lake")
                .filteredOn(d -> d.config().containsKey("table.path"))
                .allSatisfy(d -> assertThat(d.config().get("table.path")).startsWith("s3a://" + s3.bucket() + "/"));
        return chain;
    }

    private static List<ConsumerRecord<String, String>> readTopic(String topic, int count, String simulator) {
        try (TopicReader reader = new TopicReader(stack.bootstrapServers(), topic)) {
            reader.readAtLeast(count, Duration.ofSeconds(300), () -> ConnectorStatusText.of(stack, simulator));
            reader.readToEnd();
            return List.copyOf(reader.records());
        }
    }

    /** Silver's rows as Spark reads them from {@code s3a://}, the oracle's columns, by event id (one per id). */
    private static Map<String, JsonNode> silverRowsReadBySpark() throws Exception {
        List<String> lines = SparkTableReader.rows(
                TABLE_TOOLS,
                s3.uri(LakeTable.SILVER_EVENTS.path()),
                s3.s3aProperties(),
                stack.dataDir().resolve("logs/spark-s3-silver.log"),
                Duration.ofSeconds(300),
                EnrichedEvents.SILVER_COLUMNS.toArray(String[]::new));
        Map<String, JsonNode> rows = new HashMap<>();
        for (String line : lines) {
            JsonNode row = JSON.readTree(line);
            JsonNode earlier =
                    rows.put(row.get(EnrichedEvents.SILVER_COLUMNS.get(0)).asText(), row);
            assertThat(earlier).as("a second Silver row of %s", row).isNull();
        }
        return rows;
    }

    /**
     * A copy of a bot's event (Silver's bot flag), with a new id, {@link #FLUSH_AHEAD} after now: Gold's watermark
     * passes every session's end plus the gap, so all close, and a bot starts no session. Produced straight to the
     * topic, it is one more record for Bronze and one more row for the oracle (added to {@code oracleInput}).
     */
    private static ConsumerRecord<String, String> produceFlush(
            String topic, Map<String, JsonNode> events, Map<String, JsonNode> silverRows, List<SilverRow> oracleInput)
            throws Exception {
        String botId = events.keySet().stream()
                .filter(id ->
                        silverRows.get(id).path(BundleFields.silver("IS_BOT")).asBoolean(false))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no bot event among " + events.size()));
        ObjectNode flush = events.get(botId).deepCopy();
        flush.put(BundleFields.event("EVENT_ID"), UUID.randomUUID().toString());
        flush.put(
                BundleFields.event("TIMESTAMP"),
                Instant.now().plus(FLUSH_AHEAD).truncatedTo(ChronoUnit.MILLIS).toString());
        flush.remove(BundleFields.event("LATE"));
        oracleInput.add(EnrichedEvents.row(flush, silverRows.get(botId)));
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        String key = flush.get(BundleFields.event("SESSION_ID")).asText();
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            RecordMetadata sent = producer.send(new ProducerRecord<>(topic, key, JSON.writeValueAsString(flush)))
                    .get(60, TimeUnit.SECONDS);
            return new ConsumerRecord<>(topic, sent.partition(), sent.offset(), key, flush.toString());
        }
    }

    /** The events Gold took: rows read less duplicates and late rows, over every batch (-1 before its schema). */
    private static long accepted(GoldTables tables) {
        return tables.number("SELECT coalesce(sum(rows_in - duplicate_rows - late_rows), 0) FROM gold.batches");
    }

    /** Polls until the condition holds; fails when the Gold job exits, after {@link #GOLD_WAIT}, or on late rows. */
    private static void await(String what, BooleanSupplier condition, GoldTables tables) throws InterruptedException {
        long deadline = System.nanoTime() + GOLD_WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(gold.jobAlive())
                    .as("Gold job alive while waiting for %s (%s)", what, gold.progress())
                    .isTrue();
            assertThat(tables.number("SELECT coalesce(sum(late_rows), 0) FROM gold.batches"))
                    .as("rows Gold counted late while waiting for %s", what)
                    .isLessThanOrEqualTo(0);
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Not within " + GOLD_WAIT.toSeconds() + " s: " + what + "; took "
                        + accepted(tables) + " events; " + gold.progress());
            }
            Thread.sleep(1_000);
        }
    }

    /**
     * A short soak (bench/s3-soak.sh runs a long one): the repository's Bronze and Silver connectors on S3Proxy with a
     * one-second commit interval and a steady simulator, 25 commits each. A stream leaked per commit, a cost growing
     * with the commits or a heap that keeps what it wrote fails it ({@link ObjectStoreSoak.Report#assertSteady}); both
     * sinks commit through the end of the topic (the chain test above has Spark count the rows on {@code s3a://}).
     */
    @Test
    void bronzeAndSilverCommitAtASteadyPaceOnS3ForTwentyFiveCommits() throws Exception {
        ObjectStoreSoak soak = new ObjectStoreSoak(
                stack,
                s3,
                CONNECTORS,
                new ObjectStoreSoak.Settings(25, 150, 1_000, PARTITIONS, Duration.ofMinutes(8)),
                System.out);
        ObjectStoreSoak.Report report = soak.run();
        System.out.print(report.summary());
        report.assertSteady();
        aChangedEndpointTakesEffectWhenTheTasksRestart(soak.connectors().get(1));
        for (ConnectorDefinition d : soak.connectors()) {
            stack.connect().delete(d.name());
        }
    }

    /**
     * The soak's Bronze connector moved to a second S3 server (another S3Proxy, another port, the same bucket name): its
     * restarted tasks write there. A JVM-wide cached file system, keyed by scheme, bucket and user only, would keep the
     * first server's endpoint for every later task of the worker.
     */
    private static void aChangedEndpointTakesEffectWhenTheTasksRestart(ConnectorDefinition bronze) throws Exception {
        Path otherDir = stack.dataDir().resolve("other-s3");
        try (S3ProxyServer other = new S3ProxyServer(
                        otherDir, otherDir.resolve("logs"), FreePorts.any(), S3ProxyServer.DEFAULT_BUCKET)
                .start(Duration.ofSeconds(120))) {
            Map<String, String> moved = new HashMap<>(
                    bronze.withBootstrapServers(stack.bootstrapServers()).config());
            moved.putAll(other.s3aProperties());
            stack.connect().putConnectorConfig(bronze.name(), moved);
            Path timeline =
                    other.localPath(moved.get("table.path")).orElseThrow().resolve(".hoodie/timeline");
            long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
            while (HudiTimelineFiles.completedCommits(timeline).isEmpty()) {
                assertThat(System.nanoTime())
                        .as(
                                "a commit of %s on the new endpoint %s within 180 s: %s",
                                bronze.name(), other.endpoint(), ConnectorStatusText.of(stack, bronze.name()))
                        .isLessThan(deadline);
                Thread.sleep(1_000);
            }
        }
    }

    @Test
    void anUnknownBucketFailsValidationOnTheTablePath() {
        Map<String, String> config = bronzeOnLake("s3_bad", "x");
        config.put("table.path", "s3a://no-such-bucket/bronze");
        assertRefused("sink-bad-bucket", config, "table.path", "no-such-bucket", "does not exist");
    }

    @Test
    void aWrongSecretFailsValidationOnTheSecretKeyWithoutShowingIt() {
        Map<String, String> config = bronzeOnLake("s3_bad", "x");
        config.put("fs.s3a.secret.key", SECRET_PROBE);
        assertRefused("sink-bad-secret", config, "fs.s3a.secret.key", "signature");
    }

    @Test
    void anUnknownAccessKeyFailsValidationOnTheAccessKey() {
        Map<String, String> config = bronzeOnLake("s3_bad", "x");
        config.put("fs.s3a.access.key", "nobody-knows-me");
        assertRefused("sink-bad-access", config, "fs.s3a.access.key", "access key");
    }

    @Test
    void anEndpointThatDoesNotAnswerFailsValidationWithinSeconds() {
        Map<String, String> config = bronzeOnLake("s3_bad", "x");
        config.put("fs.s3a.endpoint", "http://127.0.0.1:" + FreePorts.any());
        long started = System.nanoTime();
        assertRefused("sink-dead-endpoint", config, "fs.s3a.endpoint", "no answer");
        assertThat(Duration.ofNanos(System.nanoTime() - started))
                .as("time to refuse")
                .isLessThan(Duration.ofSeconds(60));
    }

    @Test
    void theDefaultFileLockIsRefusedOnS3WithoutTheSingleWriterOptIn() {
        Map<String, String> config = bronzeOnLake("s3_bad", "x");
        config.remove("object.store.single.writer");
        assertRefused("sink-unsafe-lock", config, "hoodie.write.lock.provider", "check-then-put");
    }

    @Test
    void theRestApiShowsS3aCredentialsMasked() {
        Map<String, String> config = bronzeOnLake("s3_bad", "x");
        config.put("fs.s3a.session.token", SECRET_PROBE);
        JsonNode validation = stack.connect().validate(BronzeSink.CONNECTOR_CLASS, config);
        assertThat(validation.toString())
                .as("validation response")
                .doesNotContain(SECRET_PROBE)
                .doesNotContain(S3ProxyServer.SECRET_KEY);
        for (JsonNode entry : validation.path("configs")) {
            String name = entry.path("value").path("name").asText();
            if (name.equals("fs.s3a.secret.key") || name.equals("fs.s3a.session.token")) {
                assertThat(entry.path("value").path("value").asText()).as(name).isEqualTo("[hidden]");
            }
        }
    }

    /**
     * The worker's validation reports the reason on the key, and a PUT of the config is refused (400) with it; no
     * secret appears in either.
     */
    private static void assertRefused(String name, Map<String, String> config, String key, String... reason) {
        JsonNode validation = stack.connect().validate(BronzeSink.CONNECTOR_CLASS, config);
        assertThat(validation.toString())
                .as("validation response")
                .doesNotContain(SECRET_PROBE)
                .doesNotContain(S3ProxyServer.SECRET_KEY);
        List<String> errors = new java.util.ArrayList<>();
        for (JsonNode entry : validation.path("configs")) {
            if (entry.path("value").path("name").asText().equals(key)) {
                entry.path("value").path("errors").forEach(e -> errors.add(e.asText()));
            }
        }
        assertThat(errors)
                .as("errors on " + key + " in " + validation.path("configs").size() + " keys")
                .anySatisfy(e -> assertThat(e.toLowerCase(java.util.Locale.ROOT))
                        .contains(List.of(reason).stream()
                                .map(r -> r.toLowerCase(java.util.Locale.ROOT))
                                .toList()));
        assertThatThrownBy(() -> stack.connect().putConnectorConfig(name, config))
                .as(name)
                .isInstanceOf(ConnectRestException.class)
                .hasMessageContaining(reason[reason.length - 1])
                .hasMessageNotContaining(SECRET_PROBE)
                .hasMessageNotContaining(S3ProxyServer.SECRET_KEY);
    }
}
