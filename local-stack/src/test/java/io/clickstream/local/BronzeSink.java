package io.clickstream.local;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/** The Bronze sink's configuration in tests, and the wait for it to have committed everything a topic holds. */
final class BronzeSink {

    static final String CONNECTOR_CLASS = "io.clickstream.connect.hudi.HudiSinkConnector";

    private BronzeSink() {
    }

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
    static void awaitCommittedThrough(Admin admin, String connector, List<ConsumerRecord<String, String>> records,
                                      Duration timeout, Supplier<String> context) throws Exception {
        Map<TopicPartition, Long> needed = records.stream().collect(Collectors.toMap(
                r -> new TopicPartition(r.topic(), r.partition()), r -> r.offset() + 1, Math::max));
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<TopicPartition, OffsetAndMetadata> committed = Map.of();
        while (System.nanoTime() < deadline) {
            committed = admin.listConsumerGroupOffsets("connect-" + connector).partitionsToOffsetAndMetadata()
                    .get(10, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetAndMetadata> seen = committed;
            if (needed.entrySet().stream().allMatch(e -> seen.get(e.getKey()) != null
                    && seen.get(e.getKey()).offset() >= e.getValue())) {
                return;
            }
            Thread.sleep(1000);
        }
        throw new AssertionError("Sink " + connector + " did not commit through " + needed + " within "
                + timeout.toSeconds() + " s; committed " + committed + "; " + context.get());
    }
}
