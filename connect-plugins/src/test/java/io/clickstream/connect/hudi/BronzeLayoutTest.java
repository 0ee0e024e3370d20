package io.clickstream.connect.hudi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clickstream.connect.hudi.config.HudiSinkConfig;
import io.clickstream.connect.hudi.convert.BronzeRecordBuilder;
import io.clickstream.connect.hudi.table.HudiTableWriter;
import io.clickstream.connect.hudi.table.KeyedRow;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A Bronze table keeps its layout: a connector of the other one is refused at validation and at task start. */
class BronzeLayoutTest {

    @TempDir
    Path dir;

    @Test
    void aTextLayoutTableRefusesTheBytesLayoutAndTakesItsOwn() throws Exception {
        Path table = dir.resolve("bronze");
        Map<String, String> textLayout = new HashMap<>(TestConfigs.bronze(table));
        textLayout.put(HudiSinkConfig.BRONZE_SCHEMA_VERSION, "1");
        try (HudiTableWriter writer = new HudiTableWriter(new HudiSinkConfig(textLayout))) {
            BronzeRecordBuilder builder =
                    new BronzeRecordBuilder(Clock.systemUTC(), BronzeRecordBuilder.TEXT_VERSION, Map.of());
            SinkRecord record = new SinkRecord("events", 0, null, null, null, "{\"n\":1}", 0L);
            writer.commit(List.of(new KeyedRow("events/0/0", "2026-12-07", builder.convert(record))), Map.of());
        }
        Map<String, String> bytesLayout = TestConfigs.bronze(table); // the default, 2

        assertThat(errors(bytesLayout, HudiSinkConfig.BRONZE_SCHEMA_VERSION))
                .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
                .contains("holds Bronze layout 1 (value as text) but the connector writes layout 2")
                .contains("set bronze.schema.version=1");
        assertThat(errors(textLayout, HudiSinkConfig.BRONZE_SCHEMA_VERSION)).isEmpty();
        assertThat(errors(TestConfigs.bronze(dir.resolve("new")), HudiSinkConfig.BRONZE_SCHEMA_VERSION))
                .as("a new table takes either")
                .isEmpty();

        HudiSinkTask task = new HudiSinkTask();
        try {
            assertThatThrownBy(() -> task.start(bytesLayout))
                    .isInstanceOf(ConnectException.class)
                    .hasMessageContaining("holds Bronze layout 1");
        } finally {
            task.stop();
        }
    }

    private static List<String> errors(Map<String, String> props, String key) {
        return new HudiSinkConnector()
                .validate(props).configValues().stream()
                        .filter(v -> v.name().equals(key))
                        .findFirst()
                        .map(ConfigValue::errorMessages)
                        .orElse(List.of());
    }
}
