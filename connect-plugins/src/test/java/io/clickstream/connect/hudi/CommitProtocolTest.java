package io.clickstream.connect.hudi;

import static io.clickstream.connect.hudi.harness.Waits.awaitCondition;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clickstream.connect.hudi.config.HudiSinkConfig;
import io.clickstream.connect.hudi.convert.BronzeRecordBuilder;
import io.clickstream.connect.hudi.deadletter.TaskErrorMetrics;
import io.clickstream.connect.hudi.harness.InMemoryControlLog;
import io.clickstream.connect.hudi.harness.TaskDriver;
import io.clickstream.connect.hudi.harness.Waits;
import io.clickstream.connect.hudi.lock.HeartbeatFileLockProvider;
import io.clickstream.connect.hudi.lock.TableCommitLock;
import io.clickstream.connect.hudi.protocol.ControlMessage;
import io.clickstream.connect.hudi.table.CommitPointHooks;
import io.clickstream.connect.hudi.table.CommittedState;
import io.clickstream.connect.hudi.table.HudiTableWriter;
import io.clickstream.connect.hudi.table.OffsetsCodec;
import io.clickstream.connect.hudi.table.TableFiles;
import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.hadoop.conf.Configuration;
import org.apache.hudi.common.table.HoodieTableMetaClient;
import org.apache.hudi.common.table.timeline.HoodieInstant;
import org.apache.hudi.common.table.timeline.HoodieTimeline;
import org.apache.hudi.storage.hadoop.HadoopStorageConfiguration;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The commit protocol end to end in one JVM: real tasks, real coordinator, real Hudi table; the Kafka topics and the
 * control topic in memory. Crashes, rebalances and zombies happen at chosen moments; the table must end up with
 * every record exactly once.
 */
class CommitProtocolTest {

    private static final int RECORDS_PER_PARTITION = 600;
    private static final TopicPartition P0 = new TopicPartition("events", 0);
    private static final TopicPartition P1 = new TopicPartition("events", 1);

    @TempDir
    Path dir;

    private final List<TaskDriver> running = new ArrayList<>();
    private final InMemoryControlLog control = new InMemoryControlLog(Map.of("events", 2));

    @AfterEach
    void stopTasks() {
        running.forEach(TaskDriver::stop);
    }

    private Map<TopicPartition, List<SinkRecord>> topic(java.util.function.LongFunction<String> value) {
        Map<TopicPartition, List<SinkRecord>> topic =
                new TreeMap<>(java.util.Comparator.comparing(TopicPartition::toString));
        for (TopicPartition tp : List.of(P0, P1)) {
            List<SinkRecord> log = new ArrayList<>();
            for (long offset = 0; offset < RECORDS_PER_PARTITION; offset++) {
                log.add(new SinkRecord(
                        tp.topic(),
                        tp.partition(),
                        null,
                        "k" + offset,
                        null,
                        value.apply(offset),
                        offset,
                        1_700_000_000_000L + offset,
                        TimestampType.CREATE_TIME));
            }
            topic.put(tp, log);
        }
        return topic;
    }

    private Map<String, String> bronzeProps() {
        Map<String, String> props = TestConfigs.bronze(dir.resolve("bronze"));
        props.put(HudiSinkConfig.COMMIT_INTERVAL_MS, "300");
        props.put(HudiSinkConfig.COMMIT_TIMEOUT_MS, "3000");
        props.put(HudiSinkConfig.BUFFER_MAX_RECORDS, "150");
        return props;
    }

    /** The same settings for a table of parsed (structured) rows under {@code dir/<table>}. */
    private Map<String, String> structuredProps(String table) {
        Map<String, String> props = bronzeProps();
        props.put(HudiSinkConfig.RECORD_MODE, "structured");
        props.put(HudiSinkConfig.TABLE_PATH, dir.resolve(table).toUri().toString());
        return props;
    }

    private static List<SinkRecord> deadLettered(TaskDriver... tasks) {
        List<SinkRecord> dead = new ArrayList<>();
        for (TaskDriver task : tasks) {
            dead.addAll(task.deadLettered());
        }
        return dead;
    }

    private TaskDriver task(Map<TopicPartition, List<SinkRecord>> topic, Map<String, String> props) {
        return task(topic, props, writer -> {});
    }

    private TaskDriver task(
            Map<TopicPartition, List<SinkRecord>> topic,
            Map<String, String> props,
            Consumer<HudiTableWriter> coordinatorWriters) {
        TaskDriver driver = new TaskDriver(topic, control, props, coordinatorWriters);
        running.add(driver);
        return driver;
    }

    private CommittedState committed(Map<String, String> props) {
        try (HudiTableWriter reader = new HudiTableWriter(new HudiSinkConfig(props))) {
            return reader.committedState();
        }
    }

    /** Drives the tasks (a poll and a pre-commit each) until {@code done}. */
    private void driveUntil(BooleanSupplier done, TaskDriver... drivers) throws InterruptedException {
        Waits.driveUntil(done, Duration.ofMinutes(2), "protocol made no progress in time", drivers);
    }

    private BooleanSupplier allCommitted(Map<String, String> props) {
        return () -> {
            CommittedState state = committed(props);
            return state.offsetOf("events", 0) == RECORDS_PER_PARTITION
                    && state.offsetOf("events", 1) == RECORDS_PER_PARTITION;
        };
    }

    /** Every offset of every partition exactly once. */
    private void assertExactlyOnce(Path table) {
        assertExactlyOnce(TableFiles.latestRows(table));
    }

    private void assertExactlyOnce(List<GenericRecord> rows) {
        Map<Integer, List<Long>> offsets = rows.stream()
                .collect(Collectors.groupingBy(
                        r -> (Integer) r.get(BronzeRecordBuilder.KAFKA_PARTITION),
                        Collectors.mapping(r -> (Long) r.get(BronzeRecordBuilder.KAFKA_OFFSET), Collectors.toList())));
        List<Long> expected = LongStream.range(0, RECORDS_PER_PARTITION).boxed().toList();
        assertThat(offsets.keySet()).containsExactlyInAnyOrder(0, 1);
        offsets.values()
                .forEach(list -> assertThat(list.stream().sorted().toList()).isEqualTo(expected));
    }

    @Test
    void twoTasksCommitEveryRecordExactlyOnceWithOffsetsInTheTable() throws Exception {
        Map<String, String> props = bronzeProps();
        Map<TopicPartition, List<SinkRecord>> topic = topic(o -> "{\"n\":" + o + "}");
        TaskDriver a = task(topic, props);
        TaskDriver b = task(topic, props);
        a.assign(List.of(P0));
        b.assign(List.of(P1));

        driveUntil(allCommitted(props), a, b);

        assertExactlyOnce(dir.resolve("bronze"));
        GenericRecord any = TableFiles.latestRows(dir.resolve("bronze")).get(0);
        assertThat(TableFiles.valueText(any)).startsWith("{\"n\":");
    }

    @Test
    void theCoordinatorsTaskCrashesAndTheSurvivorTakesOverWithoutLossOrDuplicates() throws Exception {
        Map<String, String> props = bronzeProps();
        Map<TopicPartition, List<SinkRecord>> topic = topic(o -> "v" + o);
        TaskDriver a = task(topic, props);
        TaskDriver b = task(topic, props);
        a.assign(List.of(P0));
        b.assign(List.of(P1));
        driveUntil(() -> committed(props).offsetOf("events", 0) >= 150, a, b);
        // a dies with rows buffered and chunks staged but not committed; b gets both partitions and the coordinator
        a.poll(40);
        a.stop();
        running.remove(a);
        b.assign(List.of(P0, P1));

        driveUntil(allCommitted(props), b);

        assertExactlyOnce(dir.resolve("bronze"));
    }

    @Test
    void aZombieTaskAndItsCoordinatorKeepRunningAfterARebalance() throws Exception {
        Map<String, String> props = bronzeProps();
        Map<TopicPartition, List<SinkRecord>> topic = topic(o -> "v" + o);
        TaskDriver a = task(topic, props);
        TaskDriver b = task(topic, props);
        a.assign(List.of(P0));
        b.assign(List.of(P1));
        driveUntil(() -> committed(props).offsetOf("events", 0) >= 100, a, b);
        // b now owns both partitions (and runs a second coordinator); a never learns it lost partition 0
        b.assign(List.of(P0, P1));

        driveUntil(allCommitted(props), a, b);
        letTheZombieRun(a, b);

        assertExactlyOnce(dir.resolve("bronze"));
    }

    @Test
    void aCoordinatorDyingRightAfterItsHudiCommitIsReplacedWithoutDuplicates() throws Exception {
        Map<String, String> props = bronzeProps();
        Map<TopicPartition, List<SinkRecord>> topic = topic(o -> "v" + o);
        TaskDriver a = task(topic, props);
        TaskDriver b = task(topic, props);
        a.assign(List.of(P0));
        b.assign(List.of(P1));
        // the first two commits land in Hudi, but their coordinators die before COMMITTED and before deleting chunks;
        // the task restarts its coordinator, which must find those chunks already committed
        control.failNextCommitted(2);

        driveUntil(allCommitted(props), a, b);

        assertThat(control.injectedFailures())
                .as("commits whose coordinator died after Hudi committed")
                .isBetween(1, 2);
        assertExactlyOnce(dir.resolve("bronze"));
    }

    @Test
    void aBacklogIsWrittenInCommitsOfAtMostCommitMaxRecordsWithoutWaitingForTheInterval() throws Exception {
        Map<String, String> props = bronzeProps();
        props.put(HudiSinkConfig.COMMIT_INTERVAL_MS, "600000"); // only the coordinator's first, early round is timed
        props.put(HudiSinkConfig.COMMIT_MAX_RECORDS, "300");
        Map<TopicPartition, List<SinkRecord>> topic = topic(o -> "v" + o);
        TaskDriver a = task(topic, props);
        TaskDriver b = task(topic, props);
        a.assign(List.of(P0));
        b.assign(List.of(P1));

        driveUntil(allCommitted(props), a, b); // 1,200 rows long before a second interval could start

        assertExactlyOnce(dir.resolve("bronze"));
        Map<String, Long> rowsByCommit = TableFiles.latestRows(dir.resolve("bronze")).stream()
                .collect(Collectors.groupingBy(r -> r.get("_hoodie_commit_time").toString(), Collectors.counting()));
        assertThat(rowsByCommit.values()).allSatisfy(rows -> assertThat(rows).isLessThanOrEqualTo(300L));
        assertThat(rowsByCommit).hasSizeGreaterThanOrEqualTo(4);
    }

    @Test
    void withTenKilobyteValuesEveryCommitStaysWithinCommitMaxBytes() throws Exception {
        long maxBytes = 3_000_000;
        Map<String, String> props = bronzeProps();
        props.put(HudiSinkConfig.BUFFER_MAX_BYTES, "250000");
        props.put(HudiSinkConfig.COMMIT_MAX_BYTES, String.valueOf(maxBytes));
        String padding = "x".repeat(10 * 1024);
        Map<TopicPartition, List<SinkRecord>> topic = topic(o -> padding + o);
        TaskDriver a = task(topic, props);
        TaskDriver b = task(topic, props);
        a.assign(List.of(P0));
        b.assign(List.of(P1));

        driveUntil(allCommitted(props), a, b);

        assertExactlyOnce(dir.resolve("bronze"));
        // A row's estimate is at least its value's bytes (Bronze keeps the value as bytes, here one a character): more
        // rows than this in one commit would mean the coordinator held more than commit.max.bytes (with the row bound
        // alone, 1,200 rows fit one commit).
        long maxRowsByBytes = maxBytes / padding.length();
        Map<String, Long> rowsByCommit = TableFiles.latestRows(dir.resolve("bronze")).stream()
                .collect(Collectors.groupingBy(r -> r.get("_hoodie_commit_time").toString(), Collectors.counting()));
        assertThat(rowsByCommit.values())
                .as("rows of each commit, at most %d", maxRowsByBytes)
                .allSatisfy(rows -> assertThat(rows).isLessThanOrEqualTo(maxRowsByBytes));
        assertThat(rowsByCommit).as("commits").hasSizeGreaterThanOrEqualTo((int) (1_200 / maxRowsByBytes));
    }

    @Test
    void aCoordinatorRestartedAfterManyIdleRoundsReReadsAFewControlMessagesNotEveryRound() throws Exception {
        Map<String, String> props = bronzeProps();
        Map<TopicPartition, List<SinkRecord>> topic = topic(o -> "v" + o);
        TaskDriver a = task(topic, props);
        TaskDriver b = task(topic, props);
        a.assign(List.of(P0));
        b.assign(List.of(P1));
        driveUntil(allCommitted(props), a, b);
        int idleFrom = control.size();
        int idleRounds = 10;
        // every idle round is a START and a position from each partition: days of them on a real idle connector
        driveUntil(
                () -> control.all().stream()
                                .skip(idleFrom)
                                .filter(m -> m.type() == ControlMessage.Type.START)
                                .count()
                        >= idleRounds,
                a,
                b);

        a.stop(); // the coordinator's task; its successor recovers
        running.remove(a);
        int atRestart = control.size();
        int seeksBefore = control.seeks().size();
        b.assign(List.of(P0, P1));
        driveUntil(() -> control.seeks().size() > seeksBefore, b);

        long reRead = atRestart - control.seeks().get(seeksBefore);
        assertThat(atRestart - idleFrom)
                .as("control messages of the idle rounds")
                .isGreaterThanOrEqualTo(3 * idleRounds);
        assertThat(reRead).as("control messages the successor re-reads").isBetween(0L, 8L);
        assertExactlyOnce(dir.resolve("bronze"));
    }

    @Test
    void commitsThatKeepFailingFailTheTaskWithTheCauseAfterCommitMaxFailuresCountedInJmx() throws Exception {
        Map<String, String> props = bronzeProps();
        props.put(HudiSinkConfig.COMMIT_MAX_FAILURES, "3");
        props.put("hoodie.parquet.compression.codec", "no-such-codec"); // every Hudi write fails
        Map<TopicPartition, List<SinkRecord>> topic = topic(o -> "v" + o);
        TaskDriver a = task(topic, props);
        a.assign(List.of(P0, P1));
        ObjectName metrics = new ObjectName("io.clickstream.connect:type=hudi-sink,connector=\"test-sink\"");
        MBeanServer jmx = ManagementFactory.getPlatformMBeanServer();

        AtomicReference<ConnectException> failure = new AtomicReference<>();
        awaitCondition(
                () -> {
                    try {
                        a.poll(40);
                        a.preCommit();
                    } catch (ConnectException e) {
                        failure.set(e);
                    }
                    return failure.get() != null;
                },
                Duration.ofMinutes(2),
                "the task failed in time");
        ConnectException failed = failure.get();

        assertThat(failed)
                .as("the task's error")
                .hasMessageContaining("3 times in a row")
                .hasCauseInstanceOf(RuntimeException.class);
        assertThat(jmx.getAttribute(metrics, "ConsecutiveCommitFailures"))
                .as("failures in a row over JMX")
                .isEqualTo(3);
        assertThat(committed(props).offsets()).as("nothing committed").isEmpty();
        a.stop();
        running.remove(a);
        assertThat(jmx.isRegistered(metrics))
                .as("metrics unregistered with the coordinator")
                .isFalse();
    }

    @Test
    void aTaskPausesWhileTooManyStagedChunksWaitAndResumesAfterACommit() throws Exception {
        Map<String, String> props = bronzeProps();
        props.put(HudiSinkConfig.BUFFER_MAX_RECORDS, "50");
        props.put(HudiSinkConfig.MAX_PENDING_CHUNKS, "2");
        Map<TopicPartition, List<SinkRecord>> topic = topic(o -> "v" + o);
        TaskDriver reader = task(topic, props);
        reader.assign(List.of(P1)); // no coordinator anywhere yet: nothing can commit

        for (int i = 0; i < 10 && reader.paused().isEmpty(); i++) {
            reader.poll(40);
        }
        assertThat(reader.paused()).containsExactly(P1);
        int before = (int) committed(props).offsetOf("events", 1);
        assertThat(reader.poll(40)).as("a paused partition delivers nothing").isZero();

        TaskDriver coordinatorHost = task(topic, props);
        coordinatorHost.assign(List.of(P0));
        driveUntil(allCommitted(props), reader, coordinatorHost);
        // The partition resumes on COMMITTED, which the coordinator sends after the table commit: wait for it.
        driveUntil(() -> reader.paused().isEmpty(), reader, coordinatorHost);

        assertThat(before).isZero();
        assertThat(reader.paused()).isEmpty();
        assertExactlyOnce(dir.resolve("bronze"));
    }

    @Test
    void structuredUpsertOnMergeOnReadKeepsTheNewestVersionAndEvolvesTheSchema() throws Exception {
        Map<String, String> props = upsertProps("silver", "event_id", "ts");
        props.put(HudiSinkConfig.TABLE_TYPE, "MERGE_ON_READ");
        props.put(HudiSinkConfig.PARTITION_PATH_FIELDS, "day");
        props.put("hoodie.compact.inline.max.delta.commits", "1");
        org.apache.kafka.connect.data.Schema v1 = org.apache.kafka.connect.data.SchemaBuilder.struct()
                .name("event")
                .field("event_id", org.apache.kafka.connect.data.Schema.STRING_SCHEMA)
                .field("ts", org.apache.kafka.connect.data.Timestamp.SCHEMA)
                .field("day", org.apache.kafka.connect.data.Schema.STRING_SCHEMA)
                .field("amount", org.apache.kafka.connect.data.Decimal.schema(2))
                .build();
        org.apache.kafka.connect.data.Schema v2 = org.apache.kafka.connect.data.SchemaBuilder.struct()
                .name("event")
                .field("event_id", org.apache.kafka.connect.data.Schema.STRING_SCHEMA)
                .field("ts", org.apache.kafka.connect.data.Timestamp.SCHEMA)
                .field("day", org.apache.kafka.connect.data.Schema.STRING_SCHEMA)
                .field("amount", org.apache.kafka.connect.data.Decimal.schema(2))
                .field("country", org.apache.kafka.connect.data.Schema.OPTIONAL_STRING_SCHEMA)
                .build();
        // 100 keys; every key appears 6 times on both partitions; later offsets carry later timestamps and, in the
        // second half, a new optional column
        Map<TopicPartition, List<SinkRecord>> topic =
                new TreeMap<>(java.util.Comparator.comparing(TopicPartition::toString));
        for (TopicPartition tp : List.of(P0, P1)) {
            List<SinkRecord> log = new ArrayList<>();
            for (long offset = 0; offset < RECORDS_PER_PARTITION; offset++) {
                boolean evolved = offset >= RECORDS_PER_PARTITION / 2;
                org.apache.kafka.connect.data.Schema schema = evolved ? v2 : v1;
                org.apache.kafka.connect.data.Struct value = new org.apache.kafka.connect.data.Struct(schema)
                        .put("event_id", "e" + (offset % 100))
                        .put("ts", new java.util.Date(1_700_000_000_000L + offset * 10 + tp.partition()))
                        .put("day", "2026-11-2" + (offset % 2))
                        .put("amount", new java.math.BigDecimal(offset + ".5" + tp.partition()));
                if (evolved) {
                    value.put("country", "DE");
                }
                log.add(new SinkRecord(tp.topic(), tp.partition(), null, null, schema, value, offset));
            }
            topic.put(tp, log);
        }
        TaskDriver a = task(topic, props);
        TaskDriver b = task(topic, props);
        a.assign(List.of(P0));
        b.assign(List.of(P1));

        driveUntil(allCommitted(props), a, b);
        running.forEach(TaskDriver::stop);
        running.clear();
        // an empty commit lets inline compaction fold the last delta commit into base files, which the test reads
        try (HudiTableWriter writer = new HudiTableWriter(new HudiSinkConfig(props))) {
            writer.commit(List.of(), Map.of());
        }

        List<GenericRecord> rows = TableFiles.latestRows(dir.resolve("silver"));
        assertThat(rows).hasSize(100);
        for (GenericRecord row : rows) {
            int key = Integer.parseInt(row.get("event_id").toString().substring(1));
            // the newest version: highest offset for the key (594..599 range) on partition 1 (ts + 1)
            long expectedTs = 1_700_000_000_000L + (500 + key) * 10 + 1;
            assertThat(row.get("ts")).as("ts of e%d", key).isEqualTo(expectedTs);
            assertThat(row.get("country").toString()).isEqualTo("DE");
        }
    }

    @Test
    void aFieldChangingTypeGoesToTheDeadLetterQueueInsteadOfBlockingCommits() throws Exception {
        Map<String, String> props = structuredProps("typed");
        Map<TopicPartition, List<SinkRecord>> topic =
                topic(o -> o % 100 == 50 ? "{\"n\":\"x" + o + "\"}" : "{\"n\":" + o + "}");
        TaskDriver a = task(topic, props);
        TaskDriver b = task(topic, props);
        a.assign(List.of(P0));
        b.assign(List.of(P1));

        driveUntil(allCommitted(props), a, b);

        List<SinkRecord> dead = deadLettered(a, b);
        assertThat(dead.stream()
                        .map(r -> r.kafkaPartition() + "@" + r.kafkaOffset())
                        .distinct()
                        .count())
                .as("records whose n is text")
                .isEqualTo(12);
        assertThat(dead).allSatisfy(r -> assertThat(r.kafkaOffset() % 100).isEqualTo(50));
        List<GenericRecord> rows = TableFiles.latestRows(dir.resolve("typed"));
        assertThat(rows)
                .hasSize(2 * RECORDS_PER_PARTITION - 12)
                .allSatisfy(r -> assertThat(r.get("n")).isInstanceOf(Long.class));
    }

    @Test
    void twoPartitionsDisagreeingOnAFieldsTypeCommitOneAndDeadLetterTheOther() throws Exception {
        Map<String, String> props = structuredProps("typed");
        Map<TopicPartition, List<SinkRecord>> numbers = topic(o -> "{\"n\":" + o + "}");
        Map<TopicPartition, List<SinkRecord>> texts = topic(o -> "{\"n\":\"t" + o + "\"}");
        Map<TopicPartition, List<SinkRecord>> topic =
                new TreeMap<>(java.util.Comparator.comparing(TopicPartition::toString));
        topic.put(P0, numbers.get(P0));
        topic.put(P1, texts.get(P1));
        TaskDriver a = task(topic, props);
        TaskDriver b = task(topic, props);
        a.assign(List.of(P0));
        b.assign(List.of(P1));

        // whichever partition's rows reach the table first fix the type; the coordinator rejects the other's chunks,
        // whose reader then knows the table's schema and dead-letters its records (their offsets still commit)
        driveUntil(allCommitted(props), a, b);

        List<SinkRecord> dead = deadLettered(a, b);
        List<GenericRecord> rows = TableFiles.latestRows(dir.resolve("typed"));
        long deadOffsets = dead.stream()
                .map(r -> r.kafkaPartition() + "@" + r.kafkaOffset())
                .distinct()
                .count();
        assertThat(rows.size() + deadOffsets).isEqualTo(2L * RECORDS_PER_PARTITION);
        assertThat(rows.stream().map(r -> r.get("n").getClass()).distinct().count())
                .isEqualTo(1);
        assertThat(dead.stream().map(SinkRecord::kafkaPartition).distinct().count())
                .isLessThanOrEqualTo(1);
    }

    @Test
    void recordsThatCannotBeConvertedGoToTheDeadLetterQueueAndTheRestCommits() throws Exception {
        Map<String, String> props = structuredProps("structured");
        Map<TopicPartition, List<SinkRecord>> topic = topic(o -> o % 100 == 7 ? "not json" : "{\"n\":" + o + "}");
        TaskDriver a = task(topic, props);
        a.assign(List.of(P0, P1));

        driveUntil(allCommitted(props), a);

        assertThat(a.deadLettered())
                .hasSize(12)
                .allSatisfy(r -> assertThat(r.kafkaOffset() % 100).isEqualTo(7));
        List<GenericRecord> rows = TableFiles.latestRows(dir.resolve("structured"));
        assertThat(rows).hasSize(2 * RECORDS_PER_PARTITION - 12);
        assertThat(rows.stream()
                        .map(r -> r.get("_hoodie_record_key").toString())
                        .distinct()
                        .count())
                .isEqualTo(rows.size());
    }

    @Test
    void upsertRowsWithANullMissingOrWronglyTypedOrderingValueGoToTheDeadLetterQueueAndTheRestCommits()
            throws Exception {
        Map<String, String> props = upsertProps("ordered", "id", "v");
        Map<TopicPartition, List<SinkRecord>> topic = topic(o -> switch ((int) (o % 100)) {
            case 30 -> "{\"id\":\"k" + o + "\",\"v\":null}";
            case 60 -> "{\"id\":\"k" + o + "\",\"v\":1.5}";
            case 70 -> "{\"id\":\"k" + o + "\"}";
            default -> "{\"id\":\"k" + o + "\",\"v\":" + o + "}";
        });
        TaskDriver a = task(topic, props);
        a.assign(List.of(P0, P1));

        driveUntil(allCommitted(props), a);

        assertThat(a.deadLettered())
                .as("records without a usable ordering value")
                .extracting(r -> r.kafkaOffset() % 100)
                .hasSize(36)
                .containsOnly(30L, 60L, 70L);
        // both partitions carry the same ids: each id's row is the one with the larger v, ties impossible here
        List<GenericRecord> rows = TableFiles.latestRows(dir.resolve("ordered"));
        assertThat(rows)
                .as("one row per id that had a valid ordering value")
                .hasSize(RECORDS_PER_PARTITION - 18)
                .allSatisfy(r -> assertThat(r.get("v")).isInstanceOf(Long.class));
    }

    @Test
    void aDeadLetterThatCannotBeProducedFailsTheTaskAndNoOffsetAfterItIsCommitted() throws Exception {
        Map<String, String> props = structuredProps("structured");
        Map<TopicPartition, List<SinkRecord>> topic = topic(o -> o % 100 == 7 ? "not json" : "{\"n\":" + o + "}");
        TaskDriver a = task(topic, props);
        a.failDeadLetters(new RecordTooLargeException("The message is 1048600 bytes when serialized"));
        a.assign(List.of(P0, P1));

        assertThatThrownBy(() -> driveUntil(allCommitted(props), a))
                .isInstanceOf(ConnectException.class)
                .hasMessageContaining("@7")
                .hasMessageContaining("RecordTooLargeException");
        settleCommits(a);

        CommittedState state = committed(props);
        assertThat(state.offsetOf("events", 0))
                .as("events-0 committed no further than its lost dead letter")
                .isLessThanOrEqualTo(7);
        assertThat(state.offsetOf("events", 1)).as("events-1 likewise").isLessThanOrEqualTo(7);
        a.stop();
        running.remove(a);

        TaskDriver restarted = task(topic, props); // its dead letters are produced: it reads them again
        restarted.assign(List.of(P0, P1));
        driveUntil(allCommitted(props), restarted);
        assertThat(restarted.deadLettered()).hasSize(12);
    }

    @Test
    void aDeadLetterTheWorkerFailedToProduceFailsTheTaskAtPutAndTheRecordIsReadAgainAfterARestart() throws Exception {
        Map<String, String> props = bronzeProps();
        Map<TopicPartition, List<SinkRecord>> topic = topic(o -> "v" + o);
        try (TaskErrorMetrics errors =
                new TaskErrorMetrics(ManagementFactory.getPlatformMBeanServer(), "test-sink", "test")) {
            TaskDriver a = task(topic, props);
            a.assign(List.of(P0, P1));
            driveUntil(() -> committed(props).offsetOf("events", 0) >= 150, a);
            // The worker's transform rejected the next record of events-0 and could not produce its dead letter: the
            // record never reaches put(); the worker counts the failure while fetching the batch.
            long lost = a.position(P0);
            errors.recordDeadLetterQueueProduceFailed();

            assertThatThrownBy(() -> a.poll(40))
                    .isInstanceOf(ConnectException.class)
                    .hasMessageContaining("1 dead letter(s)")
                    .hasMessageContaining("not committed")
                    .hasMessageContaining("Could not produce message to dead letter queue");
            settleCommits(a);
            assertThat(committed(props).offsetOf("events", 0))
                    .as("no offset past the lost dead letter is committed")
                    .isLessThanOrEqualTo(lost);
            a.stop();
            running.remove(a);

            TaskDriver restarted = task(topic, props);
            restarted.assign(List.of(P0, P1));
            driveUntil(allCommitted(props), restarted);
        }
        assertExactlyOnce(dir.resolve("bronze"));
    }

    @Test
    void deadLettersUpsertedByTheirOriginHeadersAreOneRowPerOriginTheLatestCopyWinning() throws Exception {
        Map<String, String> props = bronzeProps();
        props.put(
                HudiSinkConfig.HEADER_COLUMNS,
                "original_topic=__connect.errors.topic,"
                        + "original_partition=__connect.errors.partition,original_offset=__connect.errors.offset");
        props.put(HudiSinkConfig.WRITE_OPERATION, "upsert");
        props.put(HudiSinkConfig.RECORD_KEY_FIELDS, "original_topic,original_partition,original_offset");
        props.put(HudiSinkConfig.ORDERING_FIELD, BronzeRecordBuilder.KAFKA_OFFSET);
        // events-0: letters for origins 0..99, then copies of origins 0..49 (re-sent after a crash), then a letter
        // produced by hand without headers; events-1: letters for other origins
        Map<TopicPartition, List<SinkRecord>> topic =
                new TreeMap<>(java.util.Comparator.comparing(TopicPartition::toString));
        List<SinkRecord> p0 = new ArrayList<>();
        for (long offset = 0; offset < 150; offset++) {
            long origin = offset < 100 ? offset : offset - 100;
            p0.add(letter(P0, offset, (offset < 100 ? "first-" : "second-") + origin, 0, origin));
        }
        p0.add(new SinkRecord(P0.topic(), 0, null, null, null, "by hand", 150L));
        List<SinkRecord> p1 = new ArrayList<>();
        for (long offset = 0; offset < 60; offset++) {
            p1.add(letter(P1, offset, "first-" + offset, 1, offset));
        }
        topic.put(P0, p0);
        topic.put(P1, p1);
        TaskDriver a = task(topic, props);
        a.assign(List.of(P0, P1));

        driveUntil(
                () -> committed(props).offsetOf("events", 0) == 151
                        && committed(props).offsetOf("events", 1) == 60,
                a);

        List<GenericRecord> rows = TableFiles.latestRows(dir.resolve("bronze"));
        Map<String, String> valueByKey = rows.stream()
                .collect(Collectors.toMap(r -> r.get("_hoodie_record_key").toString(), TableFiles::valueText));
        assertThat(rows).as("one row per origin, and the letter without origin").hasSize(100 + 60 + 1);
        for (long origin = 0; origin < 100; origin++) {
            assertThat(valueByKey.get("clickstream_events/0/" + origin))
                    .as("origin 0/%d: the latest copy", origin)
                    .isEqualTo((origin < 50 ? "second-" : "first-") + origin);
        }
        assertThat(valueByKey)
                .as("a letter without origin headers is keyed by its own coordinates")
                .containsEntry("events/0/150", "by hand");
    }

    /** A dead letter as Connect's reporter writes it: the rejected record's origin in the error headers. */
    private static SinkRecord letter(
            TopicPartition tp, long offset, String value, int originPartition, long originOffset) {
        ConnectHeaders headers = new ConnectHeaders();
        headers.addString("__connect.errors.topic", "clickstream_events");
        headers.addString("__connect.errors.partition", String.valueOf(originPartition));
        headers.addString("__connect.errors.offset", String.valueOf(originOffset));
        return new SinkRecord(
                tp.topic(),
                tp.partition(),
                null,
                null,
                null,
                value,
                offset,
                1_700_000_000_000L,
                TimestampType.CREATE_TIME,
                headers);
    }

    @Test
    void twoTasksAddingColumnsThatClashIgnoringCaseInOneCommitLeaveTheTableReadableAndDeadLetterTheLoser()
            throws Exception {
        Map<String, String> props = structuredProps("cased");
        Map<TopicPartition, List<SinkRecord>> topic =
                new TreeMap<>(java.util.Comparator.comparing(TopicPartition::toString));
        topic.put(P0, topic(o -> "{\"n\":" + o + ",\"Foo\":1}").get(P0));
        topic.put(P1, topic(o -> "{\"n\":" + o + ",\"foo\":2}").get(P1));
        TaskDriver a = task(topic, props);
        TaskDriver b = task(topic, props);
        a.assign(List.of(P0));
        b.assign(List.of(P1));

        // each task's guard admits its own new column; the coordinator takes the first chunk and rejects the other,
        // whose task re-reads it knowing the table's schema and dead-letters its records
        driveUntil(allCommitted(props), a, b);

        List<String> columns = dataColumns(dir.resolve("cased"));
        assertThat(columns.stream()
                        .map(c -> c.toLowerCase(Locale.ROOT))
                        .distinct()
                        .count())
                .as("columns %s distinct ignoring case", columns)
                .isEqualTo(columns.size());
        List<SinkRecord> dead = deadLettered(a, b);
        assertThat(dead).as("the losing partition's records").hasSize(RECORDS_PER_PARTITION);
        assertThat(dead.stream().map(SinkRecord::kafkaPartition).distinct().count())
                .isEqualTo(1);
        assertThat(TableFiles.latestRows(dir.resolve("cased"))).hasSize(RECORDS_PER_PARTITION);
    }

    @Test
    void twoTasksTogetherPassingTheColumnCapInOneCommitDropTheLatersFieldWithDropField() throws Exception {
        Map<String, String> props = structuredProps("capped");
        props.put(HudiSinkConfig.SCHEMA_MAX_COLUMNS, "2");
        props.put(HudiSinkConfig.SCHEMA_OVERFLOW, "drop-field");
        Map<TopicPartition, List<SinkRecord>> topic =
                new TreeMap<>(java.util.Comparator.comparing(TopicPartition::toString));
        topic.put(P0, topic(o -> "{\"n\":" + o + ",\"a\":1}").get(P0));
        topic.put(P1, topic(o -> "{\"n\":" + o + ",\"b\":2}").get(P1));
        TaskDriver a = task(topic, props);
        TaskDriver b = task(topic, props);
        a.assign(List.of(P0));
        b.assign(List.of(P1));

        driveUntil(allCommitted(props), a, b);

        assertThat(dataColumns(dir.resolve("capped")))
                .as("n and the first task's column")
                .hasSize(2)
                .contains("n");
        assertThat(deadLettered(a, b)).isEmpty();
        assertThat(TableFiles.latestRows(dir.resolve("capped")))
                .as("every record, one without its field")
                .hasSize(2 * RECORDS_PER_PARTITION);
        long droppedA = (Long) a.metric(HudiSinkTask.FIELDS_DROPPED);
        long droppedB = (Long) b.metric(HudiSinkTask.FIELDS_DROPPED);
        assertThat(List.of(droppedA, droppedB))
                .as("fields dropped by either task")
                .contains(0L)
                .anySatisfy(n -> assertThat(n).isEqualTo((long) RECORDS_PER_PARTITION));
    }

    /** The table's columns without Hudi's. */
    private static List<String> dataColumns(Path table) {
        try (HudiTableWriter reader = new HudiTableWriter(new HudiSinkConfig(TestConfigs.structured(table)))) {
            return reader.tableSchema().orElseThrow().getFields().stream()
                    .map(Schema.Field::name)
                    .toList();
        }
    }

    @Test
    void recordsWhoseBytesCouldStopTheTaskAreDeadLetteredWithBoundedReasonsAndTheRestCommits() throws Exception {
        Map<String, String> props = structuredProps("hostile");
        props.put(HudiSinkConfig.PARTITION_PATH_FIELDS, "day");
        String longName = "f".repeat(50_000);
        String deep = "{\"d\":".repeat(40) + "1" + "}".repeat(40);
        Map<Long, String> hostile = Map.of(
                10L,
                "{\"day\":\"2026-12-07\",\"a_b\":{\"x\":1},\"a\":{\"b\":{\"y\":\"t\"}}}", // one Avro type name twice
                20L,
                "{\"day\":\"2026/12/07\",\"n\":20}", // a partition value adding a level
                30L,
                "{\"day\":\"..\",\"n\":30}", // a partition value leaving the table
                40L,
                "{\"day\":\"2026-12-07\",\"deep\":" + deep + "}", // nesting no later stage would survive
                50L,
                "{\"day\":\"2026-12-07\",\"" + longName + "\":1}", // a field changing type (below), named at length
                60L,
                "{\"day\":\"2026-12-07\",\"" + longName + "\":\"text\"}");
        Map<TopicPartition, List<SinkRecord>> topic =
                topic(o -> hostile.getOrDefault(o % 100, "{\"day\":\"2026-12-07\",\"n\":" + o + "}"));
        TaskDriver a = task(topic, props);
        a.assign(List.of(P0, P1));

        driveUntil(allCommitted(props), a);

        assertThat(a.deadLettered())
                .extracting(r -> r.kafkaOffset() % 100)
                .as("dead-lettered records")
                .containsOnly(10L, 20L, 30L, 40L, 60L);
        assertThat(a.deadLettered().stream()
                        .map(r -> r.kafkaPartition() + "@" + r.kafkaOffset())
                        .distinct()
                        .count())
                .as("distinct dead-lettered records (a re-read after a rejection reports again)")
                .isEqualTo(5 * 12);
        assertThat(a.deadLetterReasons()).allSatisfy(e -> {
            assertThat(e.getMessage().length())
                    .as("reason %s...", e.getMessage().substring(0, 60))
                    .isLessThanOrEqualTo(1_000);
            assertThat(e.getCause()).as("no cause chain quoting the record").isNull();
        });
        assertThat(TableFiles.latestRows(dir.resolve("hostile"))).hasSize(2 * RECORDS_PER_PARTITION - 5 * 12);
    }

    /**
     * Lets the coordinator run several rounds (3 s) without polling: whatever could still be staged gets committed.
     * Time passes on purpose: nothing is awaited, the test then checks that no offset it must not commit was.
     */
    private static void settleCommits(TaskDriver task) throws InterruptedException {
        for (int i = 0; i < 15; i++) {
            try {
                task.preCommit();
            } catch (ConnectException e) {
                // the failed task's state stays failed
            }
            Thread.sleep(200);
        }
    }

    /**
     * Polls the tasks for about a second, so that a zombie stages and commits whatever it still can. Time passes on
     * purpose: nothing is awaited, the test then checks that the zombie did no harm.
     */
    private static void letTheZombieRun(TaskDriver... drivers) throws InterruptedException {
        for (int i = 0; i < 20; i++) {
            for (TaskDriver driver : drivers) {
                driver.poll(40);
            }
            Thread.sleep(50);
        }
    }

    /** Blocks the first caller until {@link #thaw}; later callers pass. */
    private static final class Freeze implements Runnable {
        private final CountDownLatch frozen = new CountDownLatch(1);
        private final CountDownLatch thawed = new CountDownLatch(1);
        private final AtomicBoolean armed = new AtomicBoolean(true);

        @Override
        public void run() {
            if (armed.getAndSet(false)) {
                frozen.countDown();
                try {
                    thawed.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        boolean isFrozen() {
            return frozen.getCount() == 0;
        }

        void thaw() {
            thawed.countDown();
        }
    }

    private static HoodieTableMetaClient timeline(Path table) {
        return HoodieTableMetaClient.builder()
                .setConf(new HadoopStorageConfiguration(new Configuration()))
                .setBasePath(table.toUri().toString())
                .build();
    }

    private static List<String> pendingInstants(Path table) {
        return timeline(table)
                .getCommitsTimeline()
                .filterInflightsAndRequested()
                .getInstantsAsStream()
                .map(HoodieInstant::requestedTime)
                .toList();
    }

    private static List<String> completedInstants(Path table) {
        return timeline(table)
                .getCommitsTimeline()
                .filterCompletedInstants()
                .getInstantsAsStream()
                .map(HoodieInstant::requestedTime)
                .toList();
    }

    /**
     * The frozen worker's commit lock stops being refreshed: keeps its epoch file looking ten minutes old (as its
     * heartbeat thread, frozen with it, would leave it) until a successor has taken a newer epoch.
     */
    private static BooleanSupplier lockOfFrozenHolderAges(Path table) {
        return lockOfFrozenHolderAges(table, ".hoodie/.connect-lock");
    }

    /** Likewise for the lock under {@code lockDir}, e.g. the write client's transaction lock. */
    private static BooleanSupplier lockOfFrozenHolderAges(Path table, String lockDir) {
        File[] epochs = table.resolve(lockDir)
                .toFile()
                .listFiles(f -> f.isFile() && f.getName().matches("lock\\.\\d+"));
        assertThat(epochs).as("the frozen coordinator's commit lock").isNotEmpty();
        File held = java.util.Arrays.stream(epochs)
                .max(java.util.Comparator.comparingLong(
                        f -> Long.parseLong(f.getName().substring(5))))
                .orElseThrow();
        return () -> {
            held.setLastModified(System.currentTimeMillis() - 10 * 60_000L);
            return true;
        };
    }

    /** Task a (with the coordinator) and task b, after a's coordinator froze and its partitions moved to b. */
    private record FrozenCoordinator(
            TaskDriver a, TaskDriver b, Freeze freeze, List<String> frozenInstants, BooleanSupplier lockAging) {}

    /**
     * Runs two tasks until a's coordinator freezes where {@code freezeAt} puts the hook; then its worker stays frozen
     * (no polls, no lock heartbeat) and its partitions move to b, whose coordinator will break the expired lock and
     * plan the same staged chunks. a never learns it lost partition 0.
     */
    private FrozenCoordinator freezeTheCoordinatorAndMoveItsPartitions(
            Map<String, String> props, Path table, java.util.function.BiConsumer<HudiTableWriter, Runnable> freezeAt)
            throws InterruptedException {
        Map<TopicPartition, List<SinkRecord>> topic = topic(o -> "v" + o);
        Freeze freeze = new Freeze();
        TaskDriver a = task(topic, props, writer -> freezeAt.accept(writer, freeze));
        TaskDriver b = task(topic, props);
        a.assign(List.of(P0));
        b.assign(List.of(P1));
        driveUntil(freeze::isFrozen, a, b);
        List<String> frozenInstants = pendingInstants(table);
        BooleanSupplier aging = lockOfFrozenHolderAges(table);
        b.assign(List.of(P0, P1));
        return new FrozenCoordinator(a, b, freeze, frozenInstants, aging);
    }

    @Test
    void aCoordinatorFrozenInsideItsWritePastItsLockExpiryCannotCompleteOnceASuccessorCommitted() throws Exception {
        Map<String, String> props = bronzeProps();
        Path table = dir.resolve("bronze");
        // frozen after writing its first commit's rows, before its commit point
        FrozenCoordinator frozen =
                freezeTheCoordinatorAndMoveItsPartitions(props, table, CommitPointHooks::beforeCommitPoint);
        assertThat(frozen.frozenInstants())
                .as("the frozen coordinator's instant")
                .hasSize(1);

        driveUntil(
                () -> frozen.lockAging().getAsBoolean() && allCommitted(props).getAsBoolean(), frozen.b());
        frozen.freeze().thaw();
        driveUntil(() -> !pendingInstants(table).containsAll(frozen.frozenInstants()), frozen.a(), frozen.b());
        letTheZombieRun(frozen.a(), frozen.b()); // the thawed zombie may stage and commit whatever it still can

        assertThat(completedInstants(table))
                .as("the frozen coordinator's instant never completes")
                .doesNotContainAnyElementsOf(frozen.frozenInstants());
        assertThat(pendingInstants(table))
                .as("and was rolled back")
                .doesNotContainAnyElementsOf(frozen.frozenInstants());
        assertExactlyOnce(TableFiles.committedRows(table));
        assertExactlyOnce(TableFiles.latestRows(table)); // no file of the rolled-back instant is left behind
    }

    @Test
    void aCoordinatorFrozenAtItsCommitPointMakesItsSuccessorsCommitStaleInsteadOfDuplicatingRows() throws Exception {
        Map<String, String> props = bronzeProps();
        Path table = dir.resolve("bronze");
        // frozen past the fence, inside the transaction lock, its instant not yet complete
        FrozenCoordinator frozen = freezeTheCoordinatorAndMoveItsPartitions(props, table, CommitPointHooks::afterFence);
        String before = committed(props).instant();

        // b's coordinator takes the commit lock, plans the chunks a is committing and writes them; it must then wait
        // for the transaction lock (without it, it would complete its commit now: the same rows twice)
        driveUntil(
                () -> frozen.lockAging().getAsBoolean()
                        && (successorWaitsForTheTransactionLock()
                                || !Objects.equals(committed(props).instant(), before)),
                frozen.b());
        frozen.freeze().thaw();
        driveUntil(allCommitted(props), frozen.a(), frozen.b());

        assertExactlyOnce(TableFiles.committedRows(table));
        assertExactlyOnce(TableFiles.latestRows(table));
    }

    @Test
    void aCoordinatorFrozenInsideTheCriticalSectionPastTheTransactionLeaseCompletesLateAndTheSinkStepsOverIt()
            throws Exception {
        Map<String, String> props = bronzeProps();
        props.put(HudiSinkConfig.COMMIT_MAX_RECORDS, "100"); // most records are committed after the frozen commit
        Path table = dir.resolve("bronze");
        // frozen past the fence, inside the transaction lock, before its first commit completes
        FrozenCoordinator frozen = freezeTheCoordinatorAndMoveItsPartitions(props, table, CommitPointHooks::afterFence);
        assertThat(frozen.frozenInstants())
                .as("the frozen coordinator's instant")
                .hasSize(1);
        String late = frozen.frozenInstants().get(0);
        BooleanSupplier transactionLeaseRunsOut = lockOfFrozenHolderAges(table, ".hoodie/.connect-lock/txn");

        // the successor breaks both leases, plans the same chunks and completes its commit first
        driveUntil(
                () -> frozen.lockAging().getAsBoolean()
                        && transactionLeaseRunsOut.getAsBoolean()
                        && !committed(props).isEmpty(),
                frozen.b());
        frozen.freeze().thaw();
        driveUntil(() -> !pendingInstants(table).contains(late));
        assertThat(completedInstants(table))
                .as("the frozen commit completed after its successor's: the limit")
                .contains(late);

        driveUntil(allCommitted(props), frozen.a(), frozen.b()); // the sink goes on committing

        // No offset is lost; the rows twice are exactly the late commit's range, [0, its offsets) as it was the first.
        Map<String, Long> lateOffsets = sinkOffsetsOf(table, late);
        Map<String, Long> copies = TableFiles.committedRows(table).stream()
                .collect(Collectors.groupingBy(
                        r -> r.get(BronzeRecordBuilder.KAFKA_PARTITION) + "@" + r.get(BronzeRecordBuilder.KAFKA_OFFSET),
                        Collectors.counting()));
        List<String> expectedTwice = new ArrayList<>();
        long duplicated = 0;
        for (TopicPartition tp : List.of(P0, P1)) {
            long end = lateOffsets.getOrDefault(OffsetsCodec.key(tp.topic(), tp.partition()), 0L);
            LongStream.range(0, end).forEach(o -> expectedTwice.add(tp.partition() + "@" + o));
            duplicated += end;
            for (long offset = 0; offset < RECORDS_PER_PARTITION; offset++) {
                assertThat(copies)
                        .as("offset %d of %s is in the table", offset, tp)
                        .containsKey(tp.partition() + "@" + offset);
            }
        }
        assertThat(duplicated).as("offsets the late commit covered").isPositive();
        assertThat(copies.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey))
                .as("offsets in the table twice: the late commit's range")
                .containsExactlyInAnyOrderElementsOf(expectedTwice);
        assertThat(copies.values())
                .as("no offset more than twice")
                .allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(2L));
        ObjectName metrics = new ObjectName("io.clickstream.connect:type=hudi-sink,connector=\"test-sink\"");
        MBeanServer jmx = ManagementFactory.getPlatformMBeanServer();
        assertThat(jmx.getAttribute(metrics, "OverlappingCommits"))
                .as("late commits reported over JMX")
                .isEqualTo(1L);
        assertThat(jmx.getAttribute(metrics, "OffsetsPossiblyDuplicated"))
                .as("offsets possibly twice, over JMX")
                .isEqualTo(duplicated);
    }

    @Test
    void aCommitStalledPastCommitDeadlineIsAbortedLoggedWithItsStackAndItsRowsCommittedOnceByANewCoordinator()
            throws Exception {
        Map<String, String> props = bronzeProps();
        Path table = dir.resolve("bronze");
        Map<TopicPartition, List<SinkRecord>> topic = topic(o -> "v" + o);
        // The second commit's write stalls, deaf to interrupts, well past the deadline (as an S3A read waiting for a
        // pool connection), then goes on to its commit point: only the deadline's fence can keep it from completing.
        // (Not the first: it loads Hudi's and Parquet's classes, which takes seconds on a busy machine.)
        Stall stall = new Stall(2, Duration.ofSeconds(9));
        TaskDriver a = task(topic, props, writer -> CommitPointHooks.beforeCommitPoint(writer, stall))
                .commitDeadline(Duration.ofSeconds(6));
        TaskDriver b = task(topic, props);
        ObjectName metrics = new ObjectName("io.clickstream.connect:type=hudi-sink,connector=\"test-sink\"");
        MBeanServer jmx = ManagementFactory.getPlatformMBeanServer();
        List<String> warnings = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (AutoCloseable capture = captureWarnings("io.clickstream.connect.hudi.protocol.CommitDeadline", warnings)) {
            a.assign(List.of(P0));
            b.assign(List.of(P1));
            driveUntil(stall::isStalled, a, b);
            List<String> stalledInstants = pendingInstants(table);
            assertThat(stalledInstants).as("the stalled commit's instant").hasSize(1);
            String abortedCoordinator = (String) jmx.getAttribute(metrics, "CoordinatorId");

            driveUntil(allCommitted(props), a, b);
            driveUntil(stall::isOver, a, b);

            assertThat(stall.wasInterrupted())
                    .as("the stalled thread was interrupted")
                    .isTrue();
            assertThat(warnings).as("one warning of the abort").hasSize(1);
            assertThat(warnings.get(0))
                    .contains(
                            "of test-sink ran ",
                            "commit.deadline.ms=6000",
                            "hudi-commit-coordinator-test-sink",
                            "\tat " + Stall.class.getName() + ".waitingForAPoolConnection(");
            assertThat(completedInstants(table))
                    .as("the aborted instant never completes")
                    .doesNotContainAnyElementsOf(stalledInstants);
            assertExactlyOnce(TableFiles.committedRows(table));
            assertExactlyOnce(TableFiles.latestRows(table));
            assertThat(jmx.getAttribute(metrics, "AbortedCommits"))
                    .as("aborts over JMX")
                    .isEqualTo(1L);
            assertThat(jmx.getAttribute(metrics, "CoordinatorId"))
                    .as("committed by a new coordinator")
                    .isNotEqualTo(abortedCoordinator);
            assertThat(jmx.getAttribute(metrics, "ConsecutiveCommitFailures"))
                    .as("reset by the successor's commits")
                    .isEqualTo(0);
        }
    }

    /** Stalls the n-th caller for a while, deaf to interrupts (it notes them); other callers pass. */
    private static final class Stall implements Runnable {
        private final Duration length;
        private final java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        private final int stalledCall;
        private final CountDownLatch stalled = new CountDownLatch(1);
        private final CountDownLatch over = new CountDownLatch(1);
        private final AtomicBoolean interrupted = new AtomicBoolean();

        Stall(int stalledCall, Duration length) {
            this.stalledCall = stalledCall;
            this.length = length;
        }

        @Override
        public void run() {
            if (calls.incrementAndGet() == stalledCall) {
                stalled.countDown();
                waitingForAPoolConnection();
                over.countDown();
            }
        }

        private void waitingForAPoolConnection() {
            long until = System.nanoTime() + length.toNanos();
            for (long left = length.toNanos(); left > 0; left = until - System.nanoTime()) {
                try {
                    Thread.sleep(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    interrupted.set(true);
                }
            }
        }

        boolean isStalled() {
            return stalled.getCount() == 0;
        }

        boolean isOver() {
            return over.getCount() == 0;
        }

        boolean wasInterrupted() {
            return interrupted.get();
        }
    }

    /** Adds the WARN and higher messages of {@code logger} to {@code messages} until closed. */
    private static AutoCloseable captureWarnings(String logger, List<String> messages) {
        org.apache.logging.log4j.core.Logger log =
                (org.apache.logging.log4j.core.Logger) org.apache.logging.log4j.LogManager.getLogger(logger);
        org.apache.logging.log4j.core.appender.AbstractAppender appender =
                new org.apache.logging.log4j.core.appender.AbstractAppender(
                        "capture-" + logger,
                        null,
                        null,
                        true,
                        org.apache.logging.log4j.core.config.Property.EMPTY_ARRAY) {
                    @Override
                    public void append(org.apache.logging.log4j.core.LogEvent event) {
                        if (event.getLevel().isMoreSpecificThan(org.apache.logging.log4j.Level.WARN)) {
                            messages.add(event.getMessage().getFormattedMessage());
                        }
                    }
                };
        appender.start();
        log.addAppender(appender);
        return () -> {
            log.removeAppender(appender);
            appender.stop();
        };
    }

    /** The Kafka offsets a completed instant of the table recorded. */
    private static Map<String, Long> sinkOffsetsOf(Path table, String instant) throws IOException {
        HoodieTimeline completed = timeline(table).getCommitsTimeline().filterCompletedInstants();
        HoodieInstant found = completed
                .getInstantsAsStream()
                .filter(i -> i.requestedTime().equals(instant))
                .findFirst()
                .orElseThrow();
        return OffsetsCodec.decode(completed.readCommitMetadata(found).getMetadata(HudiTableWriter.KAFKA_OFFSETS));
    }

    /**
     * A coordinator thread is retrying the lock provider's tryLock outside the commit lock's: it waits for the write
     * client's transaction lock (at its commit point, or to generate its instant's time), held by another.
     */
    private static boolean successorWaitsForTheTransactionLock() {
        return Thread.getAllStackTraces().entrySet().stream()
                .filter(e -> e.getKey().getName().startsWith("hudi-commit-coordinator"))
                .map(e -> List.of(e.getValue()))
                .anyMatch(stack -> !stack.isEmpty()
                        && stack.get(0).getMethodName().equals("sleep")
                        && stack.stream()
                                .anyMatch(f -> f.getClassName().equals(HeartbeatFileLockProvider.class.getName()))
                        && stack.stream().noneMatch(f -> f.getClassName().equals(TableCommitLock.class.getName())));
    }

    private Map<String, String> upsertProps(String table, String keyField, String orderingField) {
        Map<String, String> props = structuredProps(table);
        props.put(HudiSinkConfig.WRITE_OPERATION, "upsert");
        props.put(HudiSinkConfig.RECORD_KEY_FIELDS, keyField);
        props.put(HudiSinkConfig.ORDERING_FIELD, orderingField);
        return props;
    }
}
