package io.clickstream.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.connect.json.JsonConverter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Offsets-topic records made with Connect's own converter, as a worker writes them (key and value JSON). */
class SimulatorEventsTest {

    private static final String TOPIC = "clickstream-connect-offsets";
    private final JsonConverter converter = new JsonConverter();
    private final SimulatorEvents events = new SimulatorEvents("localhost:1", TOPIC, Set.of("sim"));

    SimulatorEventsTest() {
        converter.configure(Map.of("schemas.enable", "false"), true);
    }

    @AfterEach
    void close() {
        events.close();
    }

    private byte[] key(String connector, int task, int taskCount) {
        Map<String, Object> partition = new LinkedHashMap<>();
        partition.put("task", task);
        partition.put("task.count", taskCount);
        partition.put("seed", 42L);
        return converter.fromConnectData(TOPIC, null, List.of(connector, partition));
    }

    private byte[] seq(long produced) {
        return converter.fromConnectData(TOPIC, null, Map.of(SimulatorEvents.SEQ, produced));
    }

    @Test
    void theCountIsTheLastSeqOfEverySourcePartitionOfTheSimulators() {
        events.accept(key("sim", 0, 2), seq(1_000));
        events.accept(key("sim", 1, 2), seq(900));
        events.accept(key("sim", 0, 2), seq(1_500));
        events.accept(key("other-source", 0, 1), seq(7_000));
        // An earlier layout (one task) wrote its events too.
        events.accept(key("sim", 0, 1), seq(300));

        assertThat(events.counted()).as("1,500 + 900 + 300").isEqualTo(2_700);
    }

    @Test
    void resetOffsetsNoLongerCount() {
        events.accept(key("sim", 0, 1), seq(1_000));
        events.accept(key("sim", 0, 1), null);

        assertThat(events.counted()).isZero();
    }

    @Test
    void anOffsetWithoutSeqIsNotCountedSilently() {
        byte[] other = converter.fromConnectData(TOPIC, null, Map.of("position", 12));

        assertThatThrownBy(() -> events.accept(key("sim", 0, 1), other))
                .hasMessageContaining("not a simulator offset")
                .hasMessageContaining("position");
    }
}
