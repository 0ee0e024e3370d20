package io.clickstream.local;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads the dead-letter topics from their beginning and tallies each letter's reason kind ({@link DeadLetterReason})
 * per topic from Connect's error context headers ({@code errors.deadletterqueue.context.headers.enable=true}, as the
 * shipped sinks set). Each call reads what was written since the last one, for at most its time budget, so a flood of
 * letters slows no progress line: the tallies catch up over the next calls. A fetch holds at most
 * {@value #FETCH_MAX_BYTES} bytes, whatever the letters' size. Not thread-safe.
 */
final class DeadLetterReasons implements AutoCloseable {

    static final String MESSAGE_HEADER = "__connect.errors.exception.message";
    static final String CLASS_HEADER = "__connect.errors.exception.class.name";
    static final int FETCH_MAX_BYTES = 4 * 1024 * 1024;

    private final Set<String> topics;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Map<String, ReasonTally> tallies = new HashMap<>();
    private final Set<String> assigned = new HashSet<>();

    DeadLetterReasons(String bootstrapServers, Collection<String> topics) {
        this.topics = Set.copyOf(topics);
        this.consumer = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrapServers,
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                        false,
                        ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG,
                        false,
                        ConsumerConfig.FETCH_MAX_BYTES_CONFIG,
                        FETCH_MAX_BYTES,
                        ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG,
                        1024 * 1024,
                        ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
                        2_000,
                        ConsumerConfig.CLIENT_ID_CONFIG,
                        "local-stack-progress-dead-letters"),
                new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
    }

    /** Reads for at most {@code budget}; the tallies so far, by topic (a topic without letters read has none). */
    Map<String, ReasonTally> read(Duration budget) {
        if (assigned.size() < topics.size()) {
            assignNew(budget);
        }
        if (assigned.isEmpty()) {
            return Map.copyOf(tallies);
        }
        long deadline = System.nanoTime() + budget.toNanos();
        Map<TopicPartition, Long> ends = consumer.endOffsets(consumer.assignment(), budget);
        while (ends.entrySet().stream().anyMatch(e -> consumer.position(e.getKey(), budget) < e.getValue())
                && System.nanoTime() < deadline) {
            for (ConsumerRecord<byte[], byte[]> letter : consumer.poll(Duration.ofMillis(100))) {
                accept(letter.topic(), header(letter, MESSAGE_HEADER), header(letter, CLASS_HEADER));
            }
        }
        return Map.copyOf(tallies);
    }

    void accept(String topic, String message, String exceptionClass) {
        tallies.computeIfAbsent(topic, t -> new ReasonTally()).add(DeadLetterReason.kind(message, exceptionClass));
    }

    /** Adds the partitions of the topics that exist now and were not read yet, from their beginning. */
    private void assignNew(Duration timeout) {
        List<TopicPartition> added = new ArrayList<>();
        for (String topic : topics) {
            List<PartitionInfo> infos = assigned.contains(topic) ? null : consumer.partitionsFor(topic, timeout);
            if (infos != null && !infos.isEmpty()) {
                infos.forEach(p -> added.add(new TopicPartition(topic, p.partition())));
                assigned.add(topic);
            }
        }
        if (!added.isEmpty()) {
            List<TopicPartition> all = new ArrayList<>(consumer.assignment());
            all.addAll(added);
            consumer.assign(all);
            consumer.seekToBeginning(added);
        }
    }

    /** The last header of that name as text (the first {@link DeadLetterReason}'s bound is all that is read). */
    private static String header(ConsumerRecord<byte[], byte[]> letter, String name) {
        Header header = letter.headers().lastHeader(name);
        if (header == null || header.value() == null) {
            return null;
        }
        byte[] value = header.value();
        return new String(value, 0, Math.min(value.length, 8 * 1024), StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
    }
}
