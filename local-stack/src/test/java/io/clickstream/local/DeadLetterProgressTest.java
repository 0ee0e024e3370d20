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

        assertThat(progress.segment(ends)).as("dead-letter segment")
                .isEqualTo(" | dead letters events.dlq=1,234 other.dlq=0");
    }

    @Test
    void connectorsWithoutADeadLetterQueueShowNothing() {
        DeadLetterProgress progress = DeadLetterProgress.of(List.of(connector("simulator", Map.of("topic", "events"))));

        assertThat(progress.segment(Map.of(new TopicPartition("events", 0), 5L))).as("segment").isEmpty();
    }
}
