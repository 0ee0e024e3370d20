package io.clickstream.connect.transforms;

import io.clickstream.simulator.ClickstreamSourceConfig;
import io.clickstream.simulator.ClickstreamSourceTask;
import io.clickstream.simulator.TaskAssignment;
import io.clickstream.simulator.event.ClickEventJson;
import io.clickstream.simulator.model.EventClock;
import io.clickstream.simulator.model.TrafficModel;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.connect.sink.SinkRecord;

/** The simulator's own traffic (simulated clock from {@link #CLOCK_START}), as JSON and as sink records. */
public final class SimulatedEvents {
    public static final String TOPIC = "clickstream_events";
    public static final Instant CLOCK_START = Instant.parse("2026-01-01T00:00:00Z");

    private SimulatedEvents() {}

    /** The first {@code n} events of a simulator task with the given settings (key, value, ...) over its defaults. */
    public static List<String> json(int n, String... overrides) {
        Map<String, String> props = new HashMap<>();
        props.put(ClickstreamSourceConfig.CLOCK, ClickstreamSourceConfig.CLOCK_SIMULATED);
        props.put("clock.start", CLOCK_START.toString());
        for (int i = 0; i < overrides.length; i += 2) {
            props.put(overrides[i], overrides[i + 1]);
        }
        ClickstreamSourceConfig config = new ClickstreamSourceConfig(props);
        TaskAssignment assignment = TaskAssignment.split(config, 1).get(0);
        TrafficModel model = new TrafficModel(
                ClickstreamSourceTask.modelSettings(config, assignment), EventClock.simulated(config.clockStart()));
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(ClickEventJson.toJson(model.next()));
        }
        return out;
    }

    /** A sink record of partition 0 at {@code offset} with the given value, stamped {@code timestamp}. */
    public static SinkRecord record(Object value, long offset, Instant timestamp) {
        return new SinkRecord(
                TOPIC, 0, null, null, null, value, offset, timestamp.toEpochMilli(), TimestampType.CREATE_TIME);
    }
}
