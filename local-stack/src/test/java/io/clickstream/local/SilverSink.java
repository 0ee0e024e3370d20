package io.clickstream.local;

import io.clickstream.local.connect.ConnectorDefinition;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** The Silver sink in tests: the repository's {@code connectors/silver-hudi-sink.json}, pointed at a test topic. */
final class SilverSink {

    static final String FILE = "silver-hudi-sink.json";

    private SilverSink() {}

    /** The shipped definition (transform chain, upsert keys, error handling) with the test's topic, table and DLQ. */
    static ConnectorDefinition definition(LocalStack stack, String topic, Path table, String deadLetterTopic) {
        Path connectors = Path.of(System.getProperty("clickstream.connectors.dir", "../connectors"));
        Map<String, String> overrides = new HashMap<>();
        overrides.put("topics", topic);
        overrides.put("table.path", table.toUri().toString());
        overrides.put("table.name", "silver_" + topic);
        overrides.put("control.topic", topic + "-hudi-control");
        overrides.put("errors.deadletterqueue.topic.name", deadLetterTopic);
        overrides.put("commit.interval.ms", "3000");
        // A killed worker's sink consumer leaves the group after this, not after the 45 s default.
        overrides.put("consumer.override.session.timeout.ms", "10000");
        overrides.put("consumer.override.heartbeat.interval.ms", "2000");
        return ConnectorDefinition.load(connectors.resolve(FILE))
                .withBootstrapServers(stack.bootstrapServers())
                .with(overrides);
    }
}
