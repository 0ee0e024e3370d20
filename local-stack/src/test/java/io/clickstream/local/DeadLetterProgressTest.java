package io.clickstream.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.clickstream.local.connect.ConnectorDefinition;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class DeadLetterProgressTest {

    private static ConnectorDefinition connector(String name, Map<String, String> config) {
        return new ConnectorDefinition(name, config, Path.of(name + ".json"));
    }

    @Test
    void theSegmentCountsEachDeadLetterTopicOnceAcrossItsPartitions() {
        DeadLetterProgress progress = DeadLetterProgress.of(List.of(
                connector("bronze", Map.of(DeadLetterProgress.DLQ_TOPIC_KEY, "events.dlq")),
                connector("silver", Map.of(DeadLetterProgress.DLQ_TOPIC_KEY, "events.dlq")),
                connector("other", Map.of(DeadLetterProgress.DLQ_TOPIC_KEY, "other.dlq")),
                connector("simulator", Map.of("topic", "events"))));
        Map<TopicPartition, Long> ends = Map.of(
                new TopicPartition("events.dlq", 0), 1_200L,
                new TopicPartition("events.dlq", 1), 34L,
                new TopicPartition("events", 0), 99_999L);

        assertThat(progress.segment(ends))
                .as("dead-letter segment")
                .isEqualTo(" | dead letters events.dlq=1,234 other.dlq=0");
    }

    @Test
    void eachTopicShowsItsThreeMostFrequentReasonKindsAndTheRest() {
        DeadLetterProgress progress = DeadLetterProgress.of(List.of(
                connector("silver", Map.of(DeadLetterProgress.DLQ_TOPIC_KEY, "events.dlq")),
                connector("jdbc", Map.of(DeadLetterProgress.DLQ_TOPIC_KEY, "gold.dlq"))));
        ReasonTally tally = new ReasonTally();
        add(tally, "invalid click event: field 'price': must not be negative, got -1.00", 3);
        add(tally, "invalid click event: field 'price': must not be negative, got -2", 2);
        add(tally, "invalid click event: field 'event_type': unknown event type 'x'", 4);
        add(tally, "invalid click event: field '(record)': unreadable JSON: Unexpected end-of-input", 2);
        add(tally, "invalid click event: field 'device': unknown device 'toaster', expected one of [desktop]", 1);
        Map<TopicPartition, Long> ends = Map.of(new TopicPartition("events.dlq", 0), 12L);

        assertThat(progress.segment(ends, Map.of("events.dlq", tally)))
                .as("dead-letter segment")
                .isEqualTo(" | dead letters events.dlq=12 (5 price: must not be negative; 4 event_type: unknown event "
                        + "type; 2 (record): unreadable JSON; 1 other) gold.dlq=0");
    }

    private static void add(ReasonTally tally, String message, int times) {
        for (int i = 0; i < times; i++) {
            tally.add(DeadLetterReason.kind(message, null));
        }
    }

    @Test
    void connectorsWithoutADeadLetterQueueShowNothing() {
        DeadLetterProgress progress = DeadLetterProgress.of(List.of(connector("simulator", Map.of("topic", "events"))));

        assertThat(progress.segment(Map.of(new TopicPartition("events", 0), 5L)))
                .as("segment")
                .isEmpty();
    }
}
