package io.clickstream.simulator;

import io.clickstream.simulator.event.ClickEventJson;
import io.clickstream.simulator.model.EventClock;
import io.clickstream.simulator.model.TrafficModel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Builds traffic models the way a task does, from connector properties. */
public final class Simulations {
    private Simulations() {}

    /** Connector properties with the simulated clock plus the given overrides (key, value, key, value...). */
    public static Map<String, String> props(String... overrides) {
        Map<String, String> props = new HashMap<>();
        props.put(ClickstreamSourceConfig.CLOCK, ClickstreamSourceConfig.CLOCK_SIMULATED);
        for (int i = 0; i < overrides.length; i += 2) {
            props.put(overrides[i], overrides[i + 1]);
        }
        return props;
    }

    /** The model of task {@code index} of {@code count}. */
    public static TrafficModel model(Map<String, String> props, int index, int count) {
        ClickstreamSourceConfig config = new ClickstreamSourceConfig(props);
        TaskAssignment assignment = TaskAssignment.split(config, count).get(index);
        return new TrafficModel(
                ClickstreamSourceTask.modelSettings(config, assignment),
                config.simulatedClock() ? EventClock.simulated(config.clockStart()) : EventClock.wall());
    }

    public static TrafficModel model(Map<String, String> props) {
        return model(props, 0, 1);
    }

    /** The next {@code n} records' JSON. */
    public static List<String> json(TrafficModel model, int n) {
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(ClickEventJson.toJson(model.next()));
        }
        return out;
    }
}
