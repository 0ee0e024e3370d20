package io.clickstream.connect.hudi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.clickstream.connect.hudi.config.HudiSinkConfig;
import io.clickstream.connect.hudi.convert.BronzeRecordBuilder;
import io.clickstream.connect.transforms.geoip.GeoIpEnrich;
import io.clickstream.connect.transforms.parse.ParseClickEvent;
import io.clickstream.connect.transforms.useragent.UserAgentEnrich;
import io.clickstream.contract.LakeTable;
import io.clickstream.contract.SilverFields;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.transforms.Transformation;
import org.junit.jupiter.api.Test;

/**
 * The Hudi sink configurations the repository ships ({@code connectors/*.json}) validate, Silver's keys fit its table
 * and its transform chain is parse, GeoIP, user agent with valid settings; the dead-letter sink lands Silver's
 * dead-letter topic with the error context columns the Gold job reads.
 */
class ShippedSinkConfigsTest {
    private static final Path CONNECTORS = Path.of(System.getProperty("clickstream.connectors.dir", "../connectors"));

    @Test
    void everyShippedHudiSinkConfigurationValidatesWithoutErrors() throws IOException {
        Map<String, Map<String, String>> sinks = hudiSinks();
        assertThat(sinks)
                .as("Hudi sinks in %s", CONNECTORS)
                .containsKeys("bronze-hudi-sink", "silver-hudi-sink", "dead-letter-hudi-sink");
        sinks.forEach((name, config) -> {
            Map<String, List<String>> errors = new HudiSinkConnector()
                    .validate(config).configValues().stream()
                            .filter(v -> !v.errorMessages().isEmpty())
                            .collect(Collectors.toMap(ConfigValue::name, ConfigValue::errorMessages));
            assertThat(errors).as("validation errors of %s", name).isEmpty();
        });
    }

    @Test
    void silverUpsertsByEventIdPartitionsByDateAndOrdersByOffset() throws IOException {
        HudiSinkConfig silver = new HudiSinkConfig(hudiSinks().get("silver-hudi-sink"));
        assertThat(silver.writeOperation()).as("write operation").isEqualTo(HudiSinkConfig.WriteOperation.UPSERT);
        assertThat(silver.recordMode()).as("record mode").isEqualTo(HudiSinkConfig.RecordMode.STRUCTURED);
        assertThat(silver.recordKeyFields()).as("record key").containsExactly(SilverFields.EVENT_ID);
        assertThat(silver.partitionPathFields()).as("partition path").containsExactly(SilverFields.EVENT_DATE);
        assertThat(silver.orderingField()).as("ordering field").isEqualTo(SilverFields.KAFKA_OFFSET);
    }

    @Test
    void everyShippedSinkWritesItsLakeTableWhereTheContractNamesIt() throws IOException {
        Map<String, LakeTable> tables = Map.of(
                "bronze-hudi-sink",
                LakeTable.BRONZE_EVENTS,
                "silver-hudi-sink",
                LakeTable.SILVER_EVENTS,
                "dead-letter-hudi-sink",
                LakeTable.DEAD_LETTERS);
        Map<String, Map<String, String>> sinks = hudiSinks();
        tables.forEach((name, table) -> {
            HudiSinkConfig sink = new HudiSinkConfig(sinks.get(name));
            // docker compose mounts the lake's root at /data; the local stack maps it to its data directory
            assertThat(sink.tablePath()).as("table path of %s", name).isEqualTo(table.under("file:///data"));
            assertThat(sink.tableName()).as("table name of %s", name).isEqualTo(table.tableName());
        });
    }

    @Test
    void silverRunsParseGeoIpAndUserAgentOnTheValueWithValidSettings() throws Exception {
        Map<String, String> silver = hudiSinks().get("silver-hudi-sink");
        List<String> aliases = List.of(silver.get("transforms").split(","));
        List<String> types = aliases.stream()
                .map(a -> silver.get("transforms." + a + ".type"))
                .toList();
        assertThat(types)
                .as("transform chain")
                .containsExactly(
                        ParseClickEvent.Value.class.getName(),
                        GeoIpEnrich.Value.class.getName(),
                        UserAgentEnrich.Value.class.getName());
        for (String alias : aliases) {
            String prefix = "transforms." + alias + ".";
            Map<String, String> props = new LinkedHashMap<>();
            silver.forEach((k, v) -> {
                if (k.startsWith(prefix) && !k.equals(prefix + "type")) {
                    props.put(k.substring(prefix.length()), v);
                }
            });
            Transformation<?> transform = (Transformation<?>) Class.forName(silver.get(prefix + "type"))
                    .getDeclaredConstructor()
                    .newInstance();
            Map<String, List<String>> errors = transform.config().validate(props).stream()
                    .filter(v -> !v.errorMessages().isEmpty())
                    .collect(Collectors.toMap(ConfigValue::name, ConfigValue::errorMessages));
            assertThat(errors).as("validation errors of transform %s", alias).isEmpty();
        }
    }

    @Test
    void theBronzeSinksKeepEachRecordByteForByte() throws IOException {
        for (String name : List.of("bronze-hudi-sink", "dead-letter-hudi-sink")) {
            Map<String, String> props = hudiSinks().get(name);
            HudiSinkConfig sink = new HudiSinkConfig(props);
            assertThat(sink.recordMode()).as("%s record mode", name).isEqualTo(HudiSinkConfig.RecordMode.BRONZE);
            assertThat(sink.bronzeSchemaVersion()).as("%s layout", name).isEqualTo(BronzeRecordBuilder.CURRENT_VERSION);
            for (String converter : List.of("key.converter", "value.converter", "header.converter")) {
                assertThat(props.get(converter))
                        .as("%s %s: the bytes as Kafka held them", name, converter)
                        .isEqualTo("org.apache.kafka.connect.converters.ByteArrayConverter");
            }
        }
    }

    @Test
    void theDeadLetterSinkLandsSilversDeadLettersWithConnectsContextHeadersAsColumns() throws IOException {
        Map<String, String> props = hudiSinks().get("dead-letter-hudi-sink");
        HudiSinkConfig sink = new HudiSinkConfig(props);
        assertThat(sink.topics())
                .as("topics")
                .containsExactly(hudiSinks().get("silver-hudi-sink").get("errors.deadletterqueue.topic.name"));
        assertThat(sink.recordMode()).as("record mode").isEqualTo(HudiSinkConfig.RecordMode.BRONZE);
        assertThat(props).as("no dead-letter topic of its own").doesNotContainKey("errors.deadletterqueue.topic.name");
        // the columns io.clickstream.gold.load.DeadLetter reads, from the headers Connect's dead-letter reporter writes
        assertThat(sink.headerColumns())
                .as("header columns")
                .containsAllEntriesOf(Map.of(
                        "original_topic", "__connect.errors.topic",
                        "original_partition", "__connect.errors.partition",
                        "original_offset", "__connect.errors.offset",
                        "connector", "__connect.errors.connector.name",
                        "stage", "__connect.errors.stage",
                        "exception_class", "__connect.errors.exception.class.name",
                        "reason", "__connect.errors.exception.message"));
    }

    @Test
    void theDeadLetterSinkKeepsOneRowPerOriginTheLatestCopyWinning() throws IOException {
        HudiSinkConfig sink = new HudiSinkConfig(hudiSinks().get("dead-letter-hudi-sink"));
        // Connect's reporter re-sends a rejected record's letter when the record is read again after a crash
        assertThat(sink.writeOperation()).as("write operation").isEqualTo(HudiSinkConfig.WriteOperation.UPSERT);
        assertThat(sink.recordKeyFields())
                .as("record key: the origin headers")
                .containsExactly("original_topic", "original_partition", "original_offset");
        assertThat(sink.orderingField()).as("ordering: the letter's offset").isEqualTo("kafka_offset");
    }

    private static Map<String, Map<String, String>> hudiSinks() throws IOException {
        ObjectMapper json = new ObjectMapper();
        Map<String, Map<String, String>> sinks = new LinkedHashMap<>();
        try (Stream<Path> files = Files.list(CONNECTORS)) {
            for (Path file :
                    files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                JsonNode root = json.readTree(file.toFile());
                Map<String, String> config = new LinkedHashMap<>();
                root.get("config")
                        .fields()
                        .forEachRemaining(
                                e -> config.put(e.getKey(), e.getValue().asText()));
                if (HudiSinkConnector.class.getName().equals(config.get("connector.class"))) {
                    config.put("name", root.get("name").asText());
                    sinks.put(root.get("name").asText(), config);
                }
            }
        }
        return sinks;
    }
}
