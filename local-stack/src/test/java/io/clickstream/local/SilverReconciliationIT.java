package io.clickstream.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.clickstream.connect.transforms.BadEventCorpus;
import io.clickstream.connect.transforms.BadEventCorpus.BadEvent;
import io.clickstream.contract.LakeTable;
import io.clickstream.local.connect.ConnectorDefinition;
import io.clickstream.local.connect.ConnectorStatus;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Bronze and Silver side by side on one topic, end to end: the simulator with duplicate (5 %), late (2 %) and
 * malformed (1 %) events, the bad-input corpus produced straight to the topic, and a Connect worker SIGKILLed twice
 * mid-write. Afterwards, independently of the sinks' code: every record on the topic is one Bronze row; Silver holds
 * one row per distinct valid event id, with the {@code SilverFields} columns as Spark reads them; the Silver sink's
 * dead letters come from exactly the malformed events and the corpus cases, each with its reason (a corpus case's
 * reason names its field; copies re-sent after a kill counted once); no task failed; the launcher's progress line shows
 * Silver's position, its lag and the dead letters.
 */
class SilverReconciliationIT {

    private static final String TOPIC = "silver_events";
    private static final String DEAD_LETTERS = TOPIC + ".dlq";
    private static final String SIMULATOR = "sim-silver";
    private static final String BRONZE = "bronze-silver";
    private static final int EVENTS = 20_000;
    private static final int PARTITIONS = 4;
    private static final String CORPUS_KEY = "bad-event:";
    private static final String CONNECTOR_HEADER = "__connect.errors.connector.name";
    private static final String REASON_HEADER = "__connect.errors.exception.message";
    private static final String TOPIC_HEADER = "__connect.errors.topic";
    private static final String PARTITION_HEADER = "__connect.errors.partition";
    private static final String OFFSET_HEADER = "__connect.errors.offset";
    /** Seconds between kills, so they land in staging and in commits. */
    private static final int[] KILL_AFTER_SECONDS = {5, 6};

    private static LocalStack stack;

    @BeforeAll
    static void start() {
        stack = TestStacks.builder("SilverReconciliationIT").workers(2).build().start();
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void bronzeAndSilverReconcileThroughFaultyTrafficBadInputAndKilledWorkers() throws Exception {
        Path bronzeTable = stack.dataDir().resolve(LakeTable.BRONZE_EVENTS.path());
        Path silverTable = stack.dataDir().resolve(LakeTable.SILVER_EVENTS.path());
        stack.createTopic(TOPIC, PARTITIONS);
        ConnectorDefinition silver = SilverSink.definition(stack, TOPIC, silverTable, DEAD_LETTERS);
        stack.connect().putConnectorConfig(BRONZE, BronzeSink.config(stack, TOPIC, bronzeTable, 2));
        stack.connect().putConnectorConfig(silver.name(), silver.config());
        stack.connect().awaitRunning(BRONZE, Duration.ofSeconds(120));
        stack.connect().awaitRunning(silver.name(), Duration.ofSeconds(120));

        Map<String, String> simulator = SimulatorConfigs.bounded(TOPIC, EVENTS, 1_000);
        // Wall clock: event times near the records' Kafka timestamps, inside the parse transform's window.
        simulator.put("clock", "wall");
        simulator.put("duplicate.share", "0.05");
        simulator.put("late.event.share", "0.02");
        simulator.put("malformed.share", "0.01");
        stack.connect().putConnectorConfig(SIMULATOR, simulator);

        List<BadEvent> corpus = BadEventCorpus.load();
        for (int i = 0; i < KILL_AFTER_SECONDS.length; i++) {
            Thread.sleep(KILL_AFTER_SECONDS[i] * 1000L);
            if (i == 0) {
                produce(corpus);
            }
            stack.worker(1).kill();
            Thread.sleep(1_000);
            stack.worker(1).start(Duration.ofSeconds(120));
        }

        int produced = EVENTS + corpus.size();
        List<ConsumerRecord<String, String>> records;
        try (TopicReader reader = new TopicReader(stack.bootstrapServers(), TOPIC)) {
            reader.readAtLeast(produced, Duration.ofSeconds(300), () -> ConnectorStatusText.of(stack, SIMULATOR));
            reader.readToEnd();
            records = List.copyOf(reader.records());
        }
        assertThat(records).as("records on the topic (read_committed)").hasSize(produced);
        BronzeSink.awaitCommittedThrough(
                stack.admin(), BRONZE, records, Duration.ofSeconds(300), () -> ConnectorStatusText.of(stack, BRONZE));
        BronzeSink.awaitCommittedThrough(
                stack.admin(),
                silver.name(),
                records,
                Duration.ofSeconds(300),
                () -> ConnectorStatusText.of(stack, silver.name()));

        Set<String> validIds = new HashSet<>();
        // "partition/offset" of each record Silver must reject -> its corpus case id, or "" for a simulator record
        Map<String, String> rejectedOrigins = new HashMap<>();
        int malformed = 0;
        for (ConsumerRecord<String, String> r : records) {
            String origin = r.partition() + "/" + r.offset();
            if (r.key() != null && r.key().startsWith(CORPUS_KEY)) {
                rejectedOrigins.put(origin, r.key().substring(CORPUS_KEY.length()));
                continue;
            }
            String id = WellFormedEvents.eventId(r.value());
            if (id == null) {
                malformed++;
                rejectedOrigins.put(origin, "");
            } else {
                validIds.add(id);
            }
        }
        assertThat(malformed).as("malformed simulator records").isBetween(EVENTS / 200, EVENTS / 50);
        assertThat(records.size() - corpus.size() - malformed - validIds.size())
                .as("duplicate deliveries")
                .isGreaterThan(EVENTS / 50);

        int deadLetters = assertDeadLetters(silver.name(), rejectedOrigins, corpus);

        Map<String, Long> bronze = SparkTableReader.statsWithColumns(
                bronzeTable, stack.dataDir().resolve("logs/spark-bronze.log"), "kafka_partition", "kafka_offset");
        assertThat(bronze)
                .as("Bronze: every record once, raw")
                .containsEntry("rows", (long) produced)
                .containsEntry("distinct", (long) produced)
                .containsEntry("nonnull_value", (long) produced);

        Map<String, Long> table = SparkTableReader.statsWithColumns(
                silverTable, stack.dataDir().resolve("logs/spark-silver.log"), BundleFields.silver("EVENT_ID"));
        assertThat(table)
                .as("Silver: one row per distinct valid event id")
                .containsEntry("rows", (long) validIds.size())
                .containsEntry("distinct", (long) validIds.size());
        for (String column : BundleFields.silverColumns()) {
            assertThat(table).as("Silver column %s as Spark reads it", column).containsKey("nonnull_" + column);
        }
        assertThat(table)
                .as("required Silver columns are filled")
                .containsEntry("nonnull_" + BundleFields.silver("EVENT_TIME"), (long) validIds.size())
                .containsEntry("nonnull_" + BundleFields.silver("EVENT_DATE"), (long) validIds.size())
                .containsEntry("nonnull_" + BundleFields.silver("KAFKA_OFFSET"), (long) validIds.size());
        assertThat(table.get("nonnull_" + BundleFields.silver("COUNTRY_ISO")))
                .as("rows located by GeoIP")
                .isGreaterThan(validIds.size() / 2L);
        assertThat(table.get("nonnull_" + BundleFields.silver("BROWSER_FAMILY")))
                .as("rows with a parsed browser")
                .isGreaterThan(validIds.size() / 2L);

        for (String connector : List.of(SIMULATOR, BRONZE, silver.name())) {
            ConnectorStatus status = stack.connect().status(connector);
            assertThat(status.isFailed() || status.tasks().stream().anyMatch(ConnectorStatus.TaskStatus::isFailed))
                    .as("a failed task of %s: %s", connector, ConnectorStatusText.of(stack, connector))
                    .isFalse();
        }

        // The sink commits offsets just past each partition's last record; an exactly-once source leaves one
        // transaction marker after it, so the end offsets (and the lag) count up to one marker per partition.
        long committedThroughLastRecords = records.stream()
                .collect(Collectors.toMap(ConsumerRecord::partition, r -> r.offset() + 1, Math::max))
                .values()
                .stream()
                .mapToLong(Long::longValue)
                .sum();
        String line = progressLine(silver);
        Matcher sink = Pattern.compile(
                        Pattern.quote(silver.name()) + " RUNNING [^|]* committed ([0-9,]+) lag ([0-9,]+)")
                .matcher(line);
        assertThat(sink.find())
                .as("Silver's position in the progress line %s", line)
                .isTrue();
        assertThat(Long.parseLong(sink.group(1).replace(",", "")))
                .as("Silver's committed offsets in %s", line)
                .isEqualTo(committedThroughLastRecords);
        assertThat(Long.parseLong(sink.group(2).replace(",", "")))
                .as("Silver's lag in %s", line)
                .isBetween(0L, (long) PARTITIONS);
        assertThat(line)
                .as("dead letters in the progress line")
                .contains("dead letters " + DEAD_LETTERS + "=" + String.format(Locale.ROOT, "%,d", deadLetters));
    }

    /**
     * The Silver dead letters come from exactly the rejected records (by their origin headers, the Bronze key), each
     * with a reason; a corpus case's reason names its field. Connect's dead-letter reporter is at-least-once: a record
     * a killed worker had dead-lettered but not yet committed past is dead-lettered again after the restart, so copies
     * are counted once. Returns the records in the dead-letter topic.
     */
    private static int assertDeadLetters(
            String silverConnector, Map<String, String> rejectedOrigins, List<BadEvent> corpus) {
        List<ConsumerRecord<String, String>> letters;
        try (TopicReader reader = new TopicReader(stack.bootstrapServers(), DEAD_LETTERS)) {
            reader.readAtLeast(
                    rejectedOrigins.size(),
                    Duration.ofSeconds(120),
                    () -> ConnectorStatusText.of(stack, silverConnector));
            reader.readToEnd();
            letters = List.copyOf(reader.records());
        }
        Map<String, String> reasonOfOrigin = new HashMap<>();
        for (ConsumerRecord<String, String> letter : letters) {
            assertThat(header(letter, CONNECTOR_HEADER))
                    .as("dead letter's connector")
                    .isEqualTo(silverConnector);
            assertThat(header(letter, TOPIC_HEADER)).as("dead letter's topic").isEqualTo(TOPIC);
            String origin = header(letter, PARTITION_HEADER) + "/" + header(letter, OFFSET_HEADER);
            String reason = header(letter, REASON_HEADER);
            assertThat(reason).as("reason of the dead letter of %s", origin).isNotBlank();
            String earlier = reasonOfOrigin.putIfAbsent(origin, reason);
            assertThat(earlier == null || earlier.equals(reason))
                    .as("copies of %s agree on the reason", origin)
                    .isTrue();
        }
        assertThat(reasonOfOrigin.keySet())
                .as("origins of the dead letters")
                .containsExactlyInAnyOrderElementsOf(rejectedOrigins.keySet());
        Map<String, BadEvent> cases = new HashMap<>();
        corpus.forEach(c -> cases.put(c.id(), c));
        rejectedOrigins.forEach((origin, caseId) -> {
            if (!caseId.isEmpty()) {
                BadEvent c = cases.get(caseId);
                assertThat(reasonOfOrigin.get(origin)).as("reason of %s", c).contains("'" + c.field() + "'");
            }
        });
        return letters.size();
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    /** The corpus, straight to the topic: keyed by case id, stamped now so only the time cases fail on time. */
    private static void produce(List<BadEvent> corpus) throws Exception {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
            for (BadEvent c : corpus) {
                Instant now = Instant.now();
                producer.send(new ProducerRecord<>(TOPIC, null, now.toEpochMilli(), CORPUS_KEY + c.id(), c.value(now)))
                        .get(60, TimeUnit.SECONDS);
            }
        }
    }

    private static String progressLine(ConnectorDefinition silver) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
                ProgressReporter progress =
                        new ProgressReporter(stack, Set.of(TOPIC), DeadLetterProgress.of(List.of(silver)), out)) {
            progress.report();
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
