package io.clickstream.simulator;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.source.ConnectorTransactionBoundaries;
import org.apache.kafka.connect.source.ExactlyOnceSupport;
import org.apache.kafka.connect.source.SourceConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Simulated e-commerce clickstream: many concurrent visitors per task walking a shop's funnel, as JSON events keyed
 * by session. The connector only validates and splits the configuration; {@link ClickstreamSourceTask} does the work.
 *
 * <p>Exactly-once source delivery is supported: a task's stream is a deterministic function of its offset, so the
 * worker's per-poll transactions (with the offsets committed in them) make restarts gap- and duplicate-free.
 */
public class ClickstreamSourceConnector extends SourceConnector {
    private static final Logger log = LoggerFactory.getLogger(ClickstreamSourceConnector.class);

    private Map<String, String> props;
    private ClickstreamSourceConfig config;

    @Override
    public String version() {
        return Version.get();
    }

    @Override
    public void start(Map<String, String> props) {
        this.config = new ClickstreamSourceConfig(props);
        this.props = new HashMap<>(props);
        log.info(
                "Clickstream simulator starting: topic={} events.per.second={} max.events={} users.concurrent={} "
                        + "seed={} clock={}",
                config.topic(),
                config.eventsPerSecond(),
                config.maxEvents(),
                config.usersConcurrent(),
                config.seed(),
                config.simulatedClock() ? "simulated" : "wall");
    }

    @Override
    public Class<? extends Task> taskClass() {
        return ClickstreamSourceTask.class;
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        List<Map<String, String>> configs = new ArrayList<>(maxTasks);
        for (TaskAssignment assignment : TaskAssignment.split(config, maxTasks)) {
            Map<String, String> taskProps = new HashMap<>(props);
            taskProps.putAll(assignment.toProps());
            configs.add(taskProps);
        }
        return configs;
    }

    @Override
    public void stop() {
        log.info("Clickstream simulator stopped");
    }

    @Override
    public ConfigDef config() {
        return ClickstreamSourceConfig.CONFIG_DEF;
    }

    /** Single-key validation by the {@link ConfigDef}, then the checks between keys, reported on the key to change. */
    @Override
    public Config validate(Map<String, String> connectorConfigs) {
        Config result = super.validate(connectorConfigs);
        Map<String, Object> parsed = new HashMap<>();
        for (ConfigValue value : result.configValues()) {
            if (value.errorMessages().isEmpty() && value.value() != null) {
                parsed.put(value.name(), value.value());
            }
        }
        Map<String, String> errors = ClickstreamSourceConfig.crossFieldErrors(parsed);
        for (ConfigValue value : result.configValues()) {
            String error = errors.get(value.name());
            if (error != null) {
                value.addErrorMessage(error);
            }
        }
        return result;
    }

    @Override
    public ExactlyOnceSupport exactlyOnceSupport(Map<String, String> connectorConfig) {
        return ExactlyOnceSupport.SUPPORTED;
    }

    @Override
    public ConnectorTransactionBoundaries canDefineTransactionBoundaries(Map<String, String> connectorConfig) {
        return ConnectorTransactionBoundaries.UNSUPPORTED;
    }
}
