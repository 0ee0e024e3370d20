package io.clickstream.local;

import io.clickstream.local.connect.ConnectWorker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * The Bronze sink in tests: its configuration, where its tasks and partitions are, the offsets it reports as committed
 * to its table, and the waits for them to move.
 */
final class BronzeSink {

    static final String CONNECTOR_CLASS = "io.clickstream.connect.hudi.HudiSinkConnector";

    private BronzeSink() {}

    static Map<String, String> config(LocalStack stack, String topic, Path table, int tasks) {
        Map<String, String> config = new HashMap<>();
        config.put("connector.class", CONNECTOR_CLASS);
        config.put("tasks.max", Integer.toString(tasks));
        config.put("topics", topic);
        config.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        config.put("value.converter", "org.apache.kafka.connect.storage.StringConverter");
        config.put("record.mode", "bronze");
        config.put("write.operation", "insert");
        config.put("table.type", "COPY_ON_WRITE");
        config.put("table.path", table.toUri().toString());
        config.put("table.name", "bronze_" + topic);
        config.put("commit.interval.ms", "3000");
        config.put("control.topic", topic + "-hudi-control");
        config.put("bootstrap.servers", stack.bootstrapServers());
        // As in connectors/bronze-hudi-sink.json: aborted transactions of the exactly-once source are no rows.
        config.put("consumer.override.isolation.level", "read_committed");
        return config;
    }

    /**
     * Waits until the sink's committed positions (which it reports from the Hudi commit metadata) are past the last
     * record of every partition of {@code records}. Only then is it worth asking the table; the table is the truth.
     */
    static void awaitCommittedThrough(
            Admin admin,
            String connector,
            List<ConsumerRecord<String, String>> records,
            Duration timeout,
            Supplier<String> context)
            throws Exception {
        Map<TopicPartition, Long> needed = records.stream()
                .collect(Collectors.toMap(
                        r -> new TopicPartition(r.topic(), r.partition()), r -> r.offset() + 1, Math::max));
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<TopicPartition, OffsetAndMetadata> committed = Map.of();
        while (System.nanoTime() < deadline) {
            committed = admin.listConsumerGroupOffsets("connect-" + connector)
                    .partitionsToOffsetAndMetadata()
                    .get(10, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetAndMetadata> seen = committed;
            if (needed.entrySet().stream()
                    .allMatch(e ->
                            seen.get(e.getKey()) != null && seen.get(e.getKey()).offset() >= e.getValue())) {
                return;
            }
            Thread.sleep(1000);
        }
        throw new AssertionError("Sink " + connector + " did not commit through " + needed + " within "
                + timeout.toSeconds() + " s; committed " + committed + "; " + context.get());
    }

    /** Partitions 0 to {@code count - 1} of {@code topic}. */
    static List<TopicPartition> partitions(String topic, int count) {
        return IntStream.range(0, count)
                .mapToObj(p -> new TopicPartition(topic, p))
                .toList();
    }

    /** The sink's consumer group ({@code connect-<connector>}) as the broker describes it now. */
    static ConsumerGroupDescription consumerGroup(Admin admin, String connector) throws Exception {
        String group = "connect-" + connector;
        return admin.describeConsumerGroups(List.of(group))
                .describedGroups()
                .get(group)
                .get(10, TimeUnit.SECONDS);
    }

    /** The offsets the sink reports as committed to its table, per partition (absent before its first commit). */
    static Map<TopicPartition, Long> committedOffsets(Admin admin, String connector) throws Exception {
        Map<TopicPartition, Long> offsets = new HashMap<>();
        admin.listConsumerGroupOffsets("connect-" + connector)
                .partitionsToOffsetAndMetadata()
                .get(10, TimeUnit.SECONDS)
                .forEach((tp, om) -> {
                    if (om != null) {
                        offsets.put(tp, om.offset());
                    }
                });
        return offsets;
    }

    /** Waits until each of {@code partitions} has a committed offset beyond {@code before} (0 when absent). */
    static void awaitCommittedOffsets(
            Admin admin,
            String connector,
            List<TopicPartition> partitions,
            Map<TopicPartition, Long> before,
            Duration timeout,
            Supplier<String> context)
            throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<TopicPartition, Long> now = committedOffsets(admin, connector);
        while (!movedPast(now, partitions, before)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("sink " + connector + " committed no offsets past " + before + " within "
                        + timeout.toSeconds() + " s; now " + now + "; " + context.get());
            }
            Thread.sleep(250);
            now = committedOffsets(admin, connector);
        }
    }

    /** True when every one of {@code partitions} is in {@code now} beyond its offset in {@code before} (0 absent). */
    static boolean movedPast(
            Map<TopicPartition, Long> now, List<TopicPartition> partitions, Map<TopicPartition, Long> before) {
        return partitions.stream().allMatch(tp -> now.getOrDefault(tp, 0L) > before.getOrDefault(tp, 0L));
    }

    /** The worker that runs task {@code task} of {@code connector}, as the REST status reports it. */
    static ConnectWorker workerOfTask(LocalStack stack, String connector, int task) {
        String workerId = stack.connect().status(connector).tasks().stream()
                .filter(t -> t.id() == task)
                .findFirst()
                .orElseThrow(() -> new AssertionError(connector + " has no task " + task))
                .workerId();
        return stack.workers().stream()
                .filter(w -> w.workerId().equals(workerId))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no worker " + workerId + " runs task " + task));
    }
}
