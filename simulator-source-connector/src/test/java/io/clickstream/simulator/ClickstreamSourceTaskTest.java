package io.clickstream.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.clickstream.contract.EventFields;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

class ClickstreamSourceTaskTest {

    private static ClickstreamSourceTask started(Map<String, String> props) {
        ClickstreamSourceTask task = new ClickstreamSourceTask();
        task.initialize(new InMemoryTaskContext(props));
        task.start(props);
        return task;
    }

    @Test
    void recordsAreKeyedBySessionWithTheJsonValueAndTheEventTime() throws Exception {
        Map<String, String> props = Simulations.props(
                "events.per.second", "0", "topic", "clicks", "seed", "7", "record.timestamp", "event");
        ClickstreamSourceTask task = started(props);
        List<SourceRecord> records = task.poll();
        task.stop();
        assertThat(records).hasSize(1000);
        com.fasterxml.jackson.databind.ObjectMapper mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        for (SourceRecord record : records) {
            assertThat(record.topic()).isEqualTo("clicks");
            assertThat(record.keySchema()).isEqualTo(Schema.STRING_SCHEMA);
            assertThat(record.valueSchema()).isEqualTo(Schema.STRING_SCHEMA);
            var event = mapper.readTree((String) record.value());
            assertThat(record.key()).isEqualTo(event.get(EventFields.SESSION_ID).asText());
            assertThat(record.timestamp())
                    .isEqualTo(Instant.parse(event.get(EventFields.TIMESTAMP).asText())
                            .toEpochMilli());
            assertThat(record.sourcePartition()).isEqualTo(Map.of("task", 0, "task.count", 1, "seed", 7L));
            // Offsets are stored under the partition's JSON text: its key order must not vary between JVMs.
            assertThat(record.sourcePartition().keySet()).containsExactly("task", "task.count", "seed");
        }
        assertThat(records.get(0).timestamp())
                .isGreaterThanOrEqualTo(Instant.parse("2026-01-01T00:00:00Z").toEpochMilli());
    }

    @Test
    void tasksTogetherProduceExactlyMaxEventsThenIdle() throws Exception {
        ClickstreamSourceConnector connector = new ClickstreamSourceConnector();
        connector.start(Simulations.props("events.per.second", "0", "max.events", "2501", "batch.max.records", "300"));
        int total = 0;
        for (Map<String, String> taskProps : connector.taskConfigs(3)) {
            ClickstreamSourceTask task = started(taskProps);
            List<SourceRecord> mine = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                List<SourceRecord> batch = task.poll();
                if (batch != null) {
                    assertThat(batch.size()).isLessThanOrEqualTo(300);
                    mine.addAll(batch);
                }
            }
            assertThat(task.poll()).as("after its share").isNull();
            task.stop();
            total += mine.size();
        }
        assertThat(total).isEqualTo(2501);
    }

    @Test
    void aLowRateGivesSmallBatchesAndAStoppedTaskReturnsNothing() throws Exception {
        Map<String, String> props = new HashMap<>(Simulations.props("events.per.second", "0.001"));
        ClickstreamSourceTask task = started(props);
        // The bucket starts with one permit; the next one is ~17 minutes away, so the second poll gives up.
        assertThat(task.poll()).hasSize(1);
        assertThat(task.poll()).isNull();
        task.stop();
        assertThat(task.poll()).isNull();
    }

    @Test
    void theWallClockStampsEventsAndRecordsWithTheCurrentTime() throws Exception {
        long before = System.currentTimeMillis();
        ClickstreamSourceTask task = started(Simulations.props("clock", "wall", "events.per.second", "0"));
        List<SourceRecord> records = task.poll();
        long after = System.currentTimeMillis();
        task.stop();
        com.fasterxml.jackson.databind.ObjectMapper mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        for (SourceRecord r : records) {
            assertThat(r.timestamp()).isBetween(before, after);
            long eventTime = Instant.parse(mapper.readTree((String) r.value())
                            .get(EventFields.TIMESTAMP)
                            .asText())
                    .toEpochMilli();
            assertThat(r.timestamp()).isEqualTo(eventTime);
        }
    }

    @Test
    void simulatedTimeLeavesTheRecordTimestampToTheProducerUnlessAskedFor() throws Exception {
        ClickstreamSourceTask task = started(Simulations.props("events.per.second", "0"));
        List<SourceRecord> records = task.poll();
        task.stop();
        assertThat(records).allSatisfy(r -> assertThat(r.timestamp()).isNull());
    }
}
