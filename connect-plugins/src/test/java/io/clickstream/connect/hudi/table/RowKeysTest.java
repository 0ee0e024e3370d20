package io.clickstream.connect.hudi.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clickstream.connect.hudi.TestConfigs;
import io.clickstream.connect.hudi.config.HudiSinkConfig;
import java.nio.file.Path;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.connect.errors.DataException;
import org.junit.jupiter.api.Test;

class RowKeysTest {

    private static final Schema ROW = SchemaBuilder.record("r")
            .fields()
            .requiredString("id")
            .requiredString("day")
            .endRecord();

    private static RowKeys keys(Map<String, String> extra) {
        Map<String, String> props = TestConfigs.structured(Path.of("/tmp/t"));
        props.put(HudiSinkConfig.WRITE_OPERATION, "upsert");
        props.put(HudiSinkConfig.RECORD_KEY_FIELDS, "id");
        props.put(HudiSinkConfig.PARTITION_PATH_FIELDS, "day");
        props.putAll(extra);
        return new RowKeys(new HudiSinkConfig(props));
    }

    private static GenericRecord row(String day) {
        GenericRecord row = new GenericData.Record(ROW);
        row.put("id", "e1");
        row.put("day", day);
        return row;
    }

    @Test
    void aPartitionValueThatCannotBeADirectoryOfTheTableIsADataError() {
        RowKeys keys = keys(Map.of());
        assertThat(keys.keyOf(row("2026-12-07"), "t", 0, 1).getPartitionPath()).isEqualTo("2026-12-07");
        assertThatThrownBy(() -> keys.keyOf(row("2026/12/07"), "t", 0, 1))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("3 levels, not 1");
        assertThatThrownBy(() -> keys.keyOf(row(".."), "t", 0, 1)).hasMessageContaining("is '..'");
        assertThatThrownBy(() -> keys.keyOf(row("a:b"), "t", 0, 1)).hasMessageContaining("':'");
        assertThatThrownBy(() -> keys.keyOf(row("a\nb"), "t", 0, 1)).hasMessageContaining("control character");
        assertThatThrownBy(() -> keys.keyOf(row("x".repeat(5_000)), "t", 0, 1))
                .hasMessageContaining("255 bytes")
                .satisfies(e -> assertThat(e.getMessage().length()).isLessThanOrEqualTo(1_200));
    }

    @Test
    void aUsersOwnKeyGeneratorMayMakeSeveralLevelsOfOneField() {
        RowKeys keys = keys(Map.of(RowKeys.KEYGEN_CLASS, "org.apache.hudi.keygen.SimpleAvroKeyGenerator"));
        assertThat(keys.keyOf(row("2026/12/07"), "t", 0, 1).getPartitionPath()).isEqualTo("2026/12/07");
        assertThatThrownBy(() -> keys.keyOf(row("../x"), "t", 0, 1)).hasMessageContaining("is '..'");
    }
}
