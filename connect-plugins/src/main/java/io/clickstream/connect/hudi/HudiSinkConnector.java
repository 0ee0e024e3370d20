package io.clickstream.connect.hudi;

import io.clickstream.connect.hudi.config.HudiSinkConfig;
import io.clickstream.connect.hudi.convert.BronzeRecordBuilder;
import io.clickstream.connect.hudi.protocol.ControlChannel;
import io.clickstream.connect.hudi.table.HudiTableWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.sink.SinkConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes Kafka records into one Apache Hudi table, exactly once: tasks stage rows, one coordinator commits them with
 * the Kafka offsets in the same Hudi commit. See docs/hudi-sink.md.
 */
public class HudiSinkConnector extends SinkConnector {

    private static final Logger LOG = LoggerFactory.getLogger(HudiSinkConnector.class);

    static final String VERSION = versionOf(HudiSinkConnector.class);
    static final String ISOLATION_OVERRIDE = "consumer.override.isolation.level";

    private Map<String, String> props;

    @Override
    public String version() {
        return VERSION;
    }

    @Override
    public void start(Map<String, String> props) {
        HudiSinkConfig config = new HudiSinkConfig(props);
        this.props = new HashMap<>(props);
        ControlChannel.ensureTopic(config);
        if (!"read_committed".equals(props.get(ISOLATION_OVERRIDE))) {
            // Connect's sink consumers read uncommitted by default: records of aborted transactions (exactly-once
            // sources, a killed producer) would become rows.
            LOG.warn(
                    "Connector {} reads its topics without {}=read_committed: records of aborted transactions would be "
                            + "written to the table",
                    config.connectorName(),
                    ISOLATION_OVERRIDE);
        }
        LOG.info(
                "Hudi sink {} writes {} table {} at {} ({} mode, {})",
                config.connectorName(),
                config.tableType(),
                config.tableName(),
                config.tablePath(),
                config.recordMode(),
                config.writeOperation());
    }

    @Override
    public Class<? extends Task> taskClass() {
        return HudiSinkTask.class;
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        List<Map<String, String>> configs = new ArrayList<>(maxTasks);
        for (int i = 0; i < maxTasks; i++) {
            configs.add(new HashMap<>(props));
        }
        return configs;
    }

    @Override
    public void stop() {
        // Tasks own every resource.
    }

    @Override
    public ConfigDef config() {
        return HudiSinkConfig.CONFIG_DEF;
    }

    /** Adds the checks that involve several keys, each reported on the key to fix. */
    @Override
    public Config validate(Map<String, String> connectorConfigs) {
        Config config = super.validate(connectorConfigs);
        Map<String, ConfigValue> byName = new HashMap<>();
        config.configValues().forEach(v -> byName.put(v.name(), v));
        boolean singleKeysValid =
                config.configValues().stream().allMatch(v -> v.errorMessages().isEmpty());
        if (singleKeysValid) {
            Map<String, String> problems =
                    HudiSinkConfig.crossFieldProblems(new org.apache.kafka.common.config.AbstractConfig(
                            HudiSinkConfig.CONFIG_DEF, connectorConfigs, false));
            problems.forEach((key, reason) -> addError(config, byName, key, reason));
            if (problems.isEmpty()) {
                // Reach the store only for a config that is otherwise valid: a wrong bucket or key fails here, not at
                // commit.
                HudiSinkConfig sinkConfig = new HudiSinkConfig(connectorConfigs);
                Optional<Map.Entry<String, String>> unreachable = ObjectStoreProbe.problem(sinkConfig);
                unreachable.ifPresent(p -> addError(config, byName, p.getKey(), p.getValue()));
                if (unreachable.isEmpty() && sinkConfig.recordMode() == HudiSinkConfig.RecordMode.BRONZE) {
                    bronzeLayoutProblem(sinkConfig)
                            .ifPresent(p -> addError(config, byName, HudiSinkConfig.BRONZE_SCHEMA_VERSION, p));
                }
            }
        }
        String regex = connectorConfigs.get(HudiSinkConfig.TOPICS_REGEX);
        if (regex != null && !regex.isBlank()) {
            addError(
                    config,
                    byName,
                    HudiSinkConfig.TOPICS_REGEX,
                    "the sink needs a fixed topic list (topics): the coordinator runs with partition 0 of the first topic");
        }
        return config;
    }

    /** An existing Bronze table of the other layout: refused here, with the key to change, rather than at start. */
    private static Optional<String> bronzeLayoutProblem(HudiSinkConfig config) {
        try (HudiTableWriter table = new HudiTableWriter(config)) {
            return BronzeRecordBuilder.layoutProblem(
                    table.tableSchema().orElse(null), config.bronzeSchemaVersion(), config.tablePath());
        } catch (RuntimeException e) {
            return Optional.empty(); // an unreadable table is the task's to report, with the whole cause
        }
    }

    private static void addError(Config config, Map<String, ConfigValue> byName, String key, String reason) {
        ConfigValue value = byName.get(key);
        if (value == null) {
            value = new ConfigValue(key);
            config.configValues().add(value);
            byName.put(key, value);
        }
        value.addErrorMessage(reason);
    }

    private static String versionOf(Class<?> type) {
        String version = type.getPackage() == null ? null : type.getPackage().getImplementationVersion();
        return version == null ? "0.1.0-SNAPSHOT" : version;
    }
}
