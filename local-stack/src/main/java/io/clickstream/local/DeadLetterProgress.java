package io.clickstream.local;

import io.clickstream.local.connect.ConnectorDefinition;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.TreeSet;
import org.apache.kafka.common.TopicPartition;

/**
 * The dead-letter part of the progress line: for every dead-letter topic the connectors name
 * ({@value #DLQ_TOPIC_KEY}), the records it holds, e.g. {@code dead letters clickstream_events.dlq=12}. The worker's
 * dead-letter producer is not transactional, so the topic's end offsets are its record count (until retention deletes
 * some). Nothing is shown while no connector has a dead-letter queue.
 */
final class DeadLetterProgress {
    static final String DLQ_TOPIC_KEY = "errors.deadletterqueue.topic.name";

    private final Set<String> topics;

    private DeadLetterProgress(Set<String> topics) {
        this.topics = topics;
    }

    /** The dead-letter topics of these connectors. */
    static DeadLetterProgress of(Collection<ConnectorDefinition> connectors) {
        Set<String> topics = new TreeSet<>();
        for (ConnectorDefinition c : connectors) {
            String topic = c.config().get(DLQ_TOPIC_KEY);
            if (topic != null && !topic.isBlank()) {
                topics.add(topic.trim());
            }
        }
        return new DeadLetterProgress(Set.copyOf(topics));
    }

    /** {@code " | dead letters t=N ..."} from the partitions' end offsets, or "" without dead-letter topics. */
    String segment(Map<TopicPartition, Long> endOffsets) {
        if (topics.isEmpty()) {
            return "";
        }
        StringJoiner counts = new StringJoiner(" ", " | dead letters ", "");
        for (String topic : new TreeSet<>(topics)) {
            long records = endOffsets.entrySet().stream().filter(e -> e.getKey().topic().equals(topic))
                    .mapToLong(Map.Entry::getValue).sum();
            counts.add(topic + "=" + String.format(Locale.ROOT, "%,d", records));
        }
        return counts.toString();
    }
}
