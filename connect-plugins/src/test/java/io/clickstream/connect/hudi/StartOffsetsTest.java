package io.clickstream.connect.hudi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.clickstream.connect.hudi.config.HudiSinkConfig;
import io.clickstream.connect.hudi.convert.BronzeRecordBuilder;
import io.clickstream.connect.hudi.harness.InMemoryControlLog;
import io.clickstream.connect.hudi.harness.TaskDriver;
import io.clickstream.connect.hudi.harness.Waits;
import io.clickstream.connect.hudi.table.CommittedState;
import io.clickstream.connect.hudi.table.HudiTableWriter;
import io.clickstream.connect.hudi.table.KeyedRow;
import io.clickstream.connect.hudi.table.TableFiles;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where a task starts reading when the table's offsets cannot simply be continued: a table without sink offsets, a
 * topic re-created below the table's offsets, records deleted by retention before the sink read them. Real tasks,
 * coordinator and Hudi table; topics and control topic in memory.
 */
class StartOffsetsTest {

    private static final TopicPartition P0 = new TopicPartition("events", 0);
    private static final TopicPartition P1 = new TopicPartition("events", 1);
    private static final int RECORDS = 100;

    @TempDir
    Path dir;

    private final InMemoryControlLog control = new InMemoryControlLog(Map.of("events", 2));
    private final List<TaskDriver> running = new ArrayList<>();

    @AfterEach
    void stopTasks() {
        running.forEach(TaskDriver::stop);
    }

    private Map<String, String> props(Map<String, String> extra) {
        Map<String, String> props = TestConfigs.bronze(dir.resolve("bronze"));
        props.put(HudiSinkConfig.COMMIT_INTERVAL_MS, "300");
        props.put(HudiSinkConfig.COMMIT_TIMEOUT_MS, "3000");
        props.putAll(extra);
        return props;
    }

    /** Both partitions with offsets [0, count), values tagged so that two generations of a topic differ. */
    private static Map<TopicPartition, List<SinkRecord>> topic(String tag, int count) {
        Map<TopicPartition, List<SinkRecord>> topic = new TreeMap<>(Comparator.comparing(TopicPartition::toString));
        for (TopicPartition tp : List.of(P0, P1)) {
            topic.put(tp, new ArrayList<>());
        }
        append(topic, tag, count);
        return topic;
    }

    private static void append(Map<TopicPartition, List<SinkRecord>> topic, String tag, int count) {
        topic.forEach((tp, log) -> {
            for (int i = 0; i < count; i++) {
                long offset = log.size();
                log.add(new SinkRecord(
                        tp.topic(),
                        tp.partition(),
                        null,
                        "k" + offset,
                        null,
                        tag + offset,
                        offset,
                        1_700_000_000_000L + offset,
                        TimestampType.CREATE_TIME));
            }
        });
    }

    private TaskDriver task(Map<TopicPartition, List<SinkRecord>> topic, Map<String, String> props) {
        TaskDriver driver = new TaskDriver(topic, control, props);
        running.add(driver);
        return driver;
    }

    private void stop(TaskDriver driver) {
        driver.stop();
        running.remove(driver);
    }

    private CommittedState committed() {
        try (HudiTableWriter reader = new HudiTableWriter(new HudiSinkConfig(props(Map.of())))) {
            return reader.committedState();
        }
    }

    private BooleanSupplier committedUpTo(long offset) {
        return () -> {
            CommittedState state = committed();
            return state.offsetOf("events", 0) == offset && state.offsetOf("events", 1) == offset;
        };
    }

    private static void driveUntil(BooleanSupplier done, TaskDriver driver) throws InterruptedException {
        Waits.driveUntil(done, Duration.ofMinutes(3), "the sink made no progress in time", driver);
    }

    /** The sink reads the topic up to {@code offset} in both partitions, then its task stops. */
    private void sinkCommitsUpTo(Map<TopicPartition, List<SinkRecord>> topic, long offset) throws InterruptedException {
        TaskDriver first = task(topic, props(Map.of()));
        first.assign(List.of(P0, P1));
        driveUntil(committedUpTo(offset), first);
        stop(first);
    }

    /** Kafka offsets of the table's rows whose value starts with {@code tag}, per partition, sorted. */
    private Map<Integer, List<Long>> offsetsOfRows(String tag) {
        List<GenericRecord> rows = TableFiles.latestRows(dir.resolve("bronze"));
        return rows.stream()
                .filter(r -> TableFiles.valueText(r).startsWith(tag))
                .collect(Collectors.groupingBy(
                        r -> (Integer) r.get(BronzeRecordBuilder.KAFKA_PARTITION),
                        TreeMap::new,
                        Collectors.mapping(
                                r -> (Long) r.get(BronzeRecordBuilder.KAFKA_OFFSET),
                                Collectors.collectingAndThen(
                                        Collectors.toList(),
                                        l -> l.stream().sorted().toList()))));
    }

    private static List<Long> range(long from, long to) {
        return LongStream.range(from, to).boxed().toList();
    }

    @Test
    void aTableWithCommitsButNoSinkOffsetsFailsTheTaskUnlessOffsetsMissingIsEarliest() throws Exception {
        Map<TopicPartition, List<SinkRecord>> topic = topic("v", RECORDS);
        // another writer made the table: a commit without the sink's offsets
        try (HudiTableWriter other = new HudiTableWriter(new HudiSinkConfig(props(Map.of())))) {
            SinkRecord foreign = new SinkRecord("elsewhere", 0, null, null, null, "x", 0L);
            other.commit(
                    List.of(new KeyedRow("elsewhere/0/0", "1970-01-01", new BronzeRecordBuilder().convert(foreign))),
                    Map.of());
        }

        TaskDriver refused = task(topic, props(Map.of()));
        assertThat(catchThrowable(() -> refused.assign(List.of(P0, P1))))
                .as("the task fails instead of starting at offset 0")
                .isInstanceOf(ConnectException.class)
                .hasMessageContaining("1 completed commits")
                .hasMessageContaining(HudiTableWriter.KAFKA_OFFSETS)
                .hasMessageContaining(HudiSinkConfig.OFFSETS_MISSING + "=earliest");
        stop(refused);

        TaskDriver optedIn = task(topic, props(Map.of(HudiSinkConfig.OFFSETS_MISSING, "earliest")));
        optedIn.assign(List.of(P0, P1));
        driveUntil(committedUpTo(RECORDS), optedIn);
        assertThat(offsetsOfRows("v"))
                .as("every record from the topic's start, once")
                .isEqualTo(Map.of(0, range(0, RECORDS), 1, range(0, RECORDS)));
    }

    @Test
    void aTopicRecreatedBelowTheTablesOffsetsFailsTheTaskUntilOffsetsBeyondLogEndResetsIt() throws Exception {
        sinkCommitsUpTo(topic("old", RECORDS), RECORDS);
        // the topic is deleted and re-created: 40 new records per partition, offsets from 0 again
        Map<TopicPartition, List<SinkRecord>> recreated = topic("new", 40);

        TaskDriver refused = task(recreated, props(Map.of()));
        assertThat(catchThrowable(() -> refused.assign(List.of(P0, P1))))
                .as("the task fails instead of skipping the new records")
                .isInstanceOf(ConnectException.class)
                .hasMessageContaining("events-0")
                .hasMessageContaining("is 100, beyond the partition's log end offset 40")
                .hasMessageContaining(HudiSinkConfig.OFFSETS_BEYOND_LOG_END + "=earliest");
        stop(refused);
        assertThat(committed().offsetOf("events", 0))
                .as("a failed check changes nothing")
                .isEqualTo(RECORDS);

        TaskDriver reset = task(recreated, props(Map.of(HudiSinkConfig.OFFSETS_BEYOND_LOG_END, "earliest")));
        reset.assign(List.of(P0, P1));
        driveUntil(committedUpTo(40), reset);
        assertThat(offsetsOfRows("new"))
                .as("every record of the new topic, once")
                .isEqualTo(Map.of(0, range(0, 40), 1, range(0, 40)));
        assertThat(offsetsOfRows("old"))
                .as("the old topic's rows stay")
                .isEqualTo(Map.of(0, range(0, RECORDS), 1, range(0, RECORDS)));
    }

    @Test
    void recordsDeletedByRetentionBeforeTheSinkReadThemAreCountedAndTheRestIsRead() throws Exception {
        Map<TopicPartition, List<SinkRecord>> topic = topic("v", RECORDS);
        sinkCommitsUpTo(topic, RECORDS);
        // while the sink is stopped 100 more records arrive and retention deletes 50 of them on partition 0
        append(topic, "v", RECORDS);
        TaskDriver resumed = task(topic, props(Map.of()));
        resumed.deleteRecordsBefore(P0, RECORDS + 50);

        resumed.assign(List.of(P0, P1));
        assertThat(resumed.metric(RetentionLossMetric.NAME))
                .as("records lost to retention")
                .isEqualTo(50L);

        driveUntil(committedUpTo(2 * RECORDS), resumed);
        Map<Integer, List<Long>> rows = offsetsOfRows("v");
        List<Long> partition0 = new ArrayList<>(range(0, RECORDS));
        partition0.addAll(range(RECORDS + 50, 2 * RECORDS));
        assertThat(rows.get(0))
                .as("partition 0: everything but the deleted records, once")
                .isEqualTo(partition0);
        assertThat(rows.get(1)).as("partition 1: everything, once").isEqualTo(range(0, 2 * RECORDS));
    }
}
