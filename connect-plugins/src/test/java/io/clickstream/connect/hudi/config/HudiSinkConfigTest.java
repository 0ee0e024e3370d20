package io.clickstream.connect.hudi.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clickstream.connect.hudi.HudiSinkConnector;
import io.clickstream.connect.hudi.TestConfigs;
import io.clickstream.connect.hudi.convert.SchemaOverflow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.Test;

class HudiSinkConfigTest {

    private static final Path TABLE = Path.of("/tmp/table");

    private static Map<String, List<String>> errors(Map<String, String> props) {
        return new HudiSinkConnector()
                .validate(props).configValues().stream()
                        .filter(v -> !v.errorMessages().isEmpty())
                        .collect(Collectors.toMap(ConfigValue::name, ConfigValue::errorMessages));
    }

    @Test
    void aValidBronzeConfigHasNoErrorsAndDefaults() {
        Map<String, String> props = TestConfigs.bronze(TABLE);
        assertThat(errors(props)).isEmpty();
        HudiSinkConfig config = new HudiSinkConfig(props);
        assertThat(config.commitIntervalMs()).isEqualTo(15_000L);
        assertThat(config.commitDeadlineMs()).isEqualTo(300_000L);
        assertThat(config.tableType()).isEqualTo(HudiSinkConfig.TableType.COPY_ON_WRITE);
        assertThat(config.writeOperation()).isEqualTo(HudiSinkConfig.WriteOperation.INSERT);
        assertThat(config.controlTopic()).isEqualTo(HudiSinkConfig.DEFAULT_CONTROL_TOPIC);
        assertThat(config.topics()).containsExactly("events");
    }

    @Test
    void docsHudiSinkMdListsEveryKeyWithItsDefault() throws Exception {
        String docs = Files.readString(Path.of("..", "docs", "hudi-sink.md"));
        for (String key : HudiSinkConfig.CONFIG_DEF.names()) {
            assertThat(docs).as("docs/hudi-sink.md names %s", key).contains("`" + key + "`");
        }
        assertThat(docs)
                .as("defaults of the commit bounds")
                .contains(
                        "| `commit.max.bytes` | 256 MiB |",
                        "| `commit.max.failures` | " + HudiSinkConfig.DEFAULT_COMMIT_MAX_FAILURES + " |",
                        "| `commit.deadline.ms` | 300000 |");
        assertThat(HudiSinkConfig.DEFAULT_COMMIT_MAX_BYTES).isEqualTo(256L * 1024 * 1024);
    }

    @Test
    void commitBoundsRefuseValuesThatCannotWork() {
        Map<String, String> props = TestConfigs.bronze(TABLE);
        props.put(HudiSinkConfig.COMMIT_MAX_FAILURES, "0");
        props.put(HudiSinkConfig.COMMIT_MAX_BYTES, "100");
        props.put(HudiSinkConfig.COMMIT_DEADLINE_MS, "9999");
        Map<String, List<String>> errors = errors(props);
        assertThat(errors.get(HudiSinkConfig.COMMIT_DEADLINE_MS))
                .as("deadline")
                .anySatisfy(m -> assertThat(m).contains("10000"));
        assertThat(errors.get(HudiSinkConfig.COMMIT_MAX_FAILURES))
                .as("max failures")
                .anySatisfy(m -> assertThat(m).contains("1"));
        assertThat(errors.get(HudiSinkConfig.COMMIT_MAX_BYTES))
                .as("max bytes")
                .anySatisfy(m -> assertThat(m).contains("1024"));
    }

    @Test
    void missingRequiredKeysAreNamed() {
        Map<String, String> props = TestConfigs.bronze(TABLE);
        props.remove(HudiSinkConfig.TABLE_PATH);
        props.remove(HudiSinkConfig.BOOTSTRAP_SERVERS);
        assertThat(errors(props)).containsKeys(HudiSinkConfig.TABLE_PATH, HudiSinkConfig.BOOTSTRAP_SERVERS);
    }

    @Test
    void badSingleValuesFailWithKeyAndReason() {
        Map<String, String> props = TestConfigs.structured(TABLE);
        props.put(HudiSinkConfig.TABLE_PATH, "relative/path");
        props.put(HudiSinkConfig.TABLE_TYPE, "APPEND_ONLY");
        props.put(HudiSinkConfig.TABLE_NAME, "9 lives");
        props.put(HudiSinkConfig.COMMIT_INTERVAL_MS, "5");
        Map<String, List<String>> errors = errors(props);
        assertThat(errors.get(HudiSinkConfig.TABLE_PATH))
                .anySatisfy(m -> assertThat(m).contains("absolute URI"));
        assertThat(errors.get(HudiSinkConfig.TABLE_TYPE))
                .anySatisfy(m -> assertThat(m).contains("COPY_ON_WRITE"));
        assertThat(errors.get(HudiSinkConfig.TABLE_NAME))
                .anySatisfy(m -> assertThat(m).contains("letters"));
        assertThat(errors.get(HudiSinkConfig.COMMIT_INTERVAL_MS))
                .anySatisfy(m -> assertThat(m).contains("100"));
    }

    @Test
    void bronzeForbidsUpsertOnTheOperationKey() {
        Map<String, String> props = TestConfigs.bronze(TABLE);
        props.put(HudiSinkConfig.WRITE_OPERATION, "upsert");
        assertThat(errors(props))
                .containsOnlyKeys(HudiSinkConfig.WRITE_OPERATION)
                .hasEntrySatisfying(
                        HudiSinkConfig.WRITE_OPERATION,
                        m -> assertThat(m).anySatisfy(s -> assertThat(s).contains("append-only")));
        assertThatThrownBy(() -> new HudiSinkConfig(props))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(HudiSinkConfig.WRITE_OPERATION)
                .hasMessageContaining("append-only");
    }

    @Test
    void bronzeUpsertsOnlyByHeaderColumnsOrderedByItsOwnNeverNullColumns() {
        Map<String, String> props = TestConfigs.bronze(TABLE);
        props.put(
                HudiSinkConfig.HEADER_COLUMNS,
                "original_topic=__connect.errors.topic," + "original_offset=__connect.errors.offset");
        props.put(HudiSinkConfig.WRITE_OPERATION, "upsert");
        props.put(HudiSinkConfig.RECORD_KEY_FIELDS, "original_topic,original_offset");
        props.put(HudiSinkConfig.ORDERING_FIELD, "kafka_offset");
        assertThat(errors(props)).isEmpty();

        props.put(HudiSinkConfig.RECORD_KEY_FIELDS, "original_topic,value");
        assertThat(errors(props))
                .as("a key field that is no header column")
                .containsOnlyKeys(HudiSinkConfig.RECORD_KEY_FIELDS)
                .hasEntrySatisfying(
                        HudiSinkConfig.RECORD_KEY_FIELDS,
                        m -> assertThat(m).anySatisfy(s -> assertThat(s).contains("'value'")));
        props.put(HudiSinkConfig.RECORD_KEY_FIELDS, "original_topic");
        props.put(HudiSinkConfig.ORDERING_FIELD, "original_offset");
        assertThat(errors(props)).as("a nullable ordering column").containsOnlyKeys(HudiSinkConfig.ORDERING_FIELD);
        props.put(HudiSinkConfig.ORDERING_FIELD, "");
        props.put(HudiSinkConfig.WRITE_OPERATION, "insert");
        assertThat(errors(props)).as("keys without upsert").containsOnlyKeys(HudiSinkConfig.RECORD_KEY_FIELDS);
    }

    @Test
    void schemaGuardDefaultsToAHundredColumnsAndDeadLetteringAndRefusesOtherValuesByKey() {
        Map<String, String> props = TestConfigs.structured(TABLE);
        HudiSinkConfig defaults = new HudiSinkConfig(props);
        assertThat(defaults.schemaMaxColumns())
                .isEqualTo(HudiSinkConfig.DEFAULT_SCHEMA_MAX_COLUMNS)
                .isEqualTo(100);
        assertThat(defaults.schemaOverflow()).isEqualTo(SchemaOverflow.DEAD_LETTER);
        props.put(HudiSinkConfig.SCHEMA_OVERFLOW, "drop-field");
        assertThat(new HudiSinkConfig(props).schemaOverflow()).isEqualTo(SchemaOverflow.DROP_FIELD);

        props.put(HudiSinkConfig.SCHEMA_OVERFLOW, "drop");
        props.put(HudiSinkConfig.SCHEMA_MAX_COLUMNS, "0");
        Map<String, List<String>> errors = errors(props);
        assertThat(errors.get(HudiSinkConfig.SCHEMA_OVERFLOW))
                .anySatisfy(m -> assertThat(m).contains("dead-letter"));
        assertThat(errors.get(HudiSinkConfig.SCHEMA_MAX_COLUMNS))
                .anySatisfy(m -> assertThat(m).contains("1"));
    }

    @Test
    void structuredUpsertNeedsRecordKeyFields() {
        Map<String, String> props = TestConfigs.structured(TABLE);
        props.put(HudiSinkConfig.WRITE_OPERATION, "upsert");
        assertThat(errors(props)).containsOnlyKeys(HudiSinkConfig.RECORD_KEY_FIELDS);
        props.put(HudiSinkConfig.RECORD_KEY_FIELDS, "event_id");
        assertThat(errors(props)).isEmpty();
    }

    @Test
    void headerColumnsMapColumnsToHeadersInBronzeModeOnly() {
        Map<String, String> props = TestConfigs.bronze(TABLE);
        props.put(
                HudiSinkConfig.HEADER_COLUMNS,
                "original_topic=__connect.errors.topic, reason=__connect.errors.exception.message");
        assertThat(errors(props)).isEmpty();
        assertThat(new HudiSinkConfig(props).headerColumns())
                .as("column to header, in order")
                .containsExactly(
                        Map.entry("original_topic", "__connect.errors.topic"),
                        Map.entry("reason", "__connect.errors.exception.message"));

        Map<String, String> structured = TestConfigs.structured(TABLE);
        structured.put(HudiSinkConfig.HEADER_COLUMNS, "original_topic=__connect.errors.topic");
        assertThat(errors(structured))
                .as("structured mode")
                .containsOnlyKeys(HudiSinkConfig.HEADER_COLUMNS)
                .hasEntrySatisfying(
                        HudiSinkConfig.HEADER_COLUMNS,
                        m -> assertThat(m).anySatisfy(s -> assertThat(s).contains("bronze mode")));
    }

    @Test
    void headerColumnsRefuseEntriesWithoutHeaderBadNamesAndClashesByKey() {
        for (String bad : List.of(
                "original_topic",
                "original_topic=",
                "9th=h",
                "kafka_offset=h",
                "a=h1,a=h2",
                "Kafka_Offset=h",
                "a=h1,A=h2")) {
            Map<String, String> props = TestConfigs.bronze(TABLE);
            props.put(HudiSinkConfig.HEADER_COLUMNS, bad);
            assertThat(errors(props)).as("header.columns=%s", bad).containsOnlyKeys(HudiSinkConfig.HEADER_COLUMNS);
            assertThatThrownBy(() -> new HudiSinkConfig(props))
                    .as("header.columns=%s", bad)
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining(HudiSinkConfig.HEADER_COLUMNS);
        }
    }

    @Test
    void topicsRegexIsRefusedBecauseTheCoordinatorNeedsAFirstTopic() {
        Map<String, String> props = TestConfigs.bronze(TABLE);
        props.remove("topics");
        props.put("topics.regex", "click.*");
        assertThat(errors(props)).containsKey("topics.regex");
    }

    @Test
    void passThroughKeysAreGroupedByPrefix() {
        Map<String, String> props = TestConfigs.structured(TABLE);
        props.put("hoodie.clean.commits.retained", "3");
        props.put("fs.s3a.endpoint", "http://minio:9000");
        props.put("hadoop.security.authentication", "simple");
        props.put("control.kafka.security.protocol", "SSL");
        HudiSinkConfig config = new HudiSinkConfig(props);
        assertThat(config.hoodieProperties()).containsExactly(Map.entry("hoodie.clean.commits.retained", "3"));
        assertThat(config.hadoopProperties()).containsOnlyKeys("fs.s3a.endpoint", "hadoop.security.authentication");
        assertThat(config.controlKafkaProperties()).containsExactly(Map.entry("security.protocol", "SSL"));
    }

    @Test
    void offsetPoliciesFailByDefaultAcceptEarliestAndRefuseOtherValuesByKey() {
        Map<String, String> props = TestConfigs.bronze(TABLE);
        HudiSinkConfig defaults = new HudiSinkConfig(props);
        assertThat(defaults.offsetsMissing())
                .as(HudiSinkConfig.OFFSETS_MISSING)
                .isEqualTo(HudiSinkConfig.OffsetsPolicy.valueOf(
                        HudiSinkConfig.DEFAULT_OFFSETS_MISSING.toUpperCase(java.util.Locale.ROOT)))
                .isEqualTo(HudiSinkConfig.OffsetsPolicy.FAIL);
        assertThat(defaults.offsetsBeyondLogEnd())
                .as(HudiSinkConfig.OFFSETS_BEYOND_LOG_END)
                .isEqualTo(HudiSinkConfig.OffsetsPolicy.FAIL);

        props.put(HudiSinkConfig.OFFSETS_MISSING, "earliest");
        props.put(HudiSinkConfig.OFFSETS_BEYOND_LOG_END, "EARLIEST");
        assertThat(errors(props)).as("earliest in either case").isEmpty();
        assertThat(new HudiSinkConfig(props).offsetsMissing()).isEqualTo(HudiSinkConfig.OffsetsPolicy.EARLIEST);
        assertThat(new HudiSinkConfig(props).offsetsBeyondLogEnd()).isEqualTo(HudiSinkConfig.OffsetsPolicy.EARLIEST);

        props.put(HudiSinkConfig.OFFSETS_MISSING, "latest");
        props.put(HudiSinkConfig.OFFSETS_BEYOND_LOG_END, "skip");
        Map<String, List<String>> errors = errors(props);
        assertThat(errors.get(HudiSinkConfig.OFFSETS_MISSING))
                .as("latest is refused")
                .anySatisfy(m -> assertThat(m).contains("earliest"));
        assertThat(errors.get(HudiSinkConfig.OFFSETS_BEYOND_LOG_END))
                .as("skip is refused")
                .anySatisfy(m -> assertThat(m).contains("earliest"));
    }
}
