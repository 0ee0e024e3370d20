package io.clickstream.local;

import java.util.HashMap;
import java.util.Map;

/** Simulator connector configurations for tests: reproducible (seeded, simulated clock), bounded by max.events. */
final class SimulatorConfigs {

    static final String CONNECTOR_CLASS = "io.clickstream.simulator.ClickstreamSourceConnector";

    private SimulatorConfigs() {}

    /** {@code maxEvents} events in total over two tasks, at {@code eventsPerSecond} (0 = as fast as possible). */
    static Map<String, String> bounded(String topic, long maxEvents, long eventsPerSecond) {
        Map<String, String> config = new HashMap<>();
        config.put("connector.class", CONNECTOR_CLASS);
        config.put("tasks.max", "2");
        config.put("topic", topic);
        config.put("max.events", Long.toString(maxEvents));
        config.put("events.per.second", Long.toString(eventsPerSecond));
        config.put("clock", "simulated");
        config.put("seed", "42");
        return config;
    }
}
