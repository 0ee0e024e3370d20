package io.clickstream.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The number of events the simulator connectors have written, from their source offsets in the workers' offsets
 * topic: the simulator's offset for each of its source partitions is {@code {"seq": records produced}} (see the
 * simulator's {@code ClickstreamSourceTask}), and with exactly-once source support the worker writes it in the same
 * transaction as the records. Read with {@code read_committed}, the sum is exactly the number of events a
 * {@code read_committed} consumer finds on the topic, without the transaction markers that the topic's end offsets
 * count. Each call reads only what was written since the last one (Connect's own {@code GET /connectors/{name}/offsets}
 * reads the whole topic every time).
 *
 * <p>Records follow Connect's internal format: key {@code ["<connector>", {<source partition>}]}, value the offset or
 * null when the offsets were reset. A source partition of an earlier task layout (another {@code tasks.max}) still
 * counts the events it wrote. Without exactly-once support offsets are flushed every {@code offset.flush.interval.ms}
 * and lag the topic; a connector with its own {@code offsets.storage.topic} is not seen. Not thread-safe.
 */
final class SimulatorEvents implements AutoCloseable {

    /** The simulator's offset key: the records its source partition has produced. */
    static final String SEQ = "seq";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String topic;
    private final Set<String> connectors;
    private final KafkaConsumer<byte[], byte[]> consumer;
    /** Per source partition (the record key's text) of a simulator, its last offset's seq. */
    private final Map<String, Long> seqByPartition = new HashMap<>();

    private boolean closed;

    SimulatorEvents(String bootstrapServers, String offsetsTopic, Set<String> connectors) {
        this.topic = offsetsTopic;
        this.connectors = Set.copyOf(connectors);
        this.consumer = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrapServers,
                        ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                        "read_committed",
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                        false,
                        ConsumerConfig.CLIENT_ID_CONFIG,
                        "local-stack-progress-offsets"),
                new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
    }

    /** Reads the offsets committed since the last call and returns the events of all simulator connectors. */
    long count(Duration timeout) {
        if (consumer.assignment().isEmpty()) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, timeout).stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<TopicPartition, Long> ends = consumer.endOffsets(consumer.assignment(), timeout);
        while (ends.entrySet().stream().anyMatch(e -> consumer.position(e.getKey(), timeout) < e.getValue())) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("cannot read " + topic + " to its end within "
                        + TimeUnit.NANOSECONDS.toSeconds(timeout.toNanos()) + " s");
            }
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                accept(record.key(), record.value());
            }
        }
        return seqByPartition.values().stream().mapToLong(Long::longValue).sum();
    }

    /** One record of the offsets topic; records of other connectors are ignored. */
    void accept(byte[] key, byte[] value) {
        try {
            JsonNode k = key == null ? null : JSON.readTree(key);
            if (k == null || !k.isArray() || !connectors.contains(k.path(0).asText())) {
                return;
            }
            if (value == null) {
                seqByPartition.remove(k.toString());
                return;
            }
            JsonNode seq = JSON.readTree(value).path(SEQ);
            if (!seq.canConvertToLong()) {
                throw new IllegalStateException("not a simulator offset (no numeric \"" + SEQ + "\") for " + k + ": "
                        + new String(value, StandardCharsets.UTF_8));
            }
            seqByPartition.put(k.toString(), seq.asLong());
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable record in " + topic, e);
        }
    }

    /** The events counted so far, without reading. */
    long counted() {
        return seqByPartition.values().stream().mapToLong(Long::longValue).sum();
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            consumer.close();
        }
    }
}
