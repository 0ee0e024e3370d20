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
 * ({@value #DLQ_TOPIC_KEY}), the records it holds and the {@value #TOP_REASONS} most frequent reason kinds among the
 * letters read so far ({@link DeadLetterReasons}), e.g.
 * {@code dead letters clickstream_events.dlq=12 (7 price: must not be negative; 4 (record): unreadable JSON; 1 other)}.
 * The worker's dead-letter producer is not transactional, so the topic's end offsets are its record count (until
 * retention deletes some). Nothing is shown while no connector has a dead-letter queue.
 */
final class DeadLetterProgress {
    static final String DLQ_TOPIC_KEY = "errors.deadletterqueue.topic.name";
    static final int TOP_REASONS = 3;

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

    Set<String> topics() {
        return topics;
    }

    /** {@code " | dead letters t=N ..."} from the partitions' end offsets, or "" without dead-letter topics. */
    String segment(Map<TopicPartition, Long> endOffsets) {
        return segment(endOffsets, Map.of());
    }

    /** As {@link #segment(Map)}, each topic with its top reasons from {@code reasons} (by topic) when it has some. */
    String segment(Map<TopicPartition, Long> endOffsets, Map<String, ReasonTally> reasons) {
        if (topics.isEmpty()) {
            return "";
        }
        StringJoiner counts = new StringJoiner(" ", " | dead letters ", "");
        for (String topic : new TreeSet<>(topics)) {
            long records = endOffsets.entrySet().stream()
                    .filter(e -> e.getKey().topic().equals(topic))
                    .mapToLong(Map.Entry::getValue)
                    .sum();
            ReasonTally tally = reasons.get(topic);
            counts.add(topic + "=" + number(records) + (tally == null || tally.total() == 0 ? "" : reasons(tally)));
        }
        return counts.toString();
    }

    /** {@code " (7 price: must not be negative; 4 ...; 1 other)"}; {@code ~} marks a count that may be too high. */
    private static String reasons(ReasonTally tally) {
        StringJoiner top = new StringJoiner("; ", " (", ")");
        long shown = 0;
        for (ReasonTally.Count c : tally.top(TOP_REASONS)) {
            top.add((c.exact() ? "" : "~") + number(c.count()) + " " + c.kind());
            shown += c.count();
        }
        long others = tally.total() - shown;
        if (others > 0) {
            top.add(number(others) + " other");
        }
        return top.toString();
    }

    private static String number(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }
}
