package io.clickstream.gold;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GoldJobConfigTest {

    private static final List<String> REQUIRED = List.of("--silver-path", "/lake/silver", "--checkpoint", "/cp");

    @Test
    void defaultsApplyWhenOnlyTheRequiredSettingsAreGiven() {
        GoldJobConfig config = GoldJobConfig.parse(REQUIRED, Map.of(), name -> null);
        assertThat(config.sessionGap()).as("gap").isEqualTo(GoldJobConfig.DEFAULT_SESSION_GAP);
        assertThat(config.watermark()).as("watermark").isEqualTo(GoldJobConfig.DEFAULT_WATERMARK);
        assertThat(config.jdbcUrl()).as("url").isEqualTo(GoldJobConfig.DEFAULT_JDBC_URL);
        assertThat(config.password()).as("no password without env or file").isNull();
    }

    @Test
    void anArgumentWinsOverASparkPropertyAndDurationsParse() {
        GoldJobConfig config = GoldJobConfig.parse(
                args("--session-gap=20m", "--trigger", "500ms"),
                Map.of("session-gap", "45m", "watermark", "2h"),
                name -> null);
        assertThat(config.sessionGap()).as("argument wins").isEqualTo(Duration.ofMinutes(20));
        assertThat(config.watermark()).as("from --conf").isEqualTo(Duration.ofHours(2));
        assertThat(config.trigger()).as("millis").isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void aBadOrUnknownOrMissingSettingFailsNamingIt() {
        assertThatThrownBy(() -> GoldJobConfig.parse(args("--session-gap", "3x"), Map.of(), n -> null))
                .as("bad duration")
                .hasMessageContaining("--session-gap")
                .hasMessageContaining("3x");
        assertThatThrownBy(() -> GoldJobConfig.parse(args("--sesion-gap", "3m"), Map.of(), n -> null))
                .as("unknown")
                .hasMessageContaining("--sesion-gap")
                .hasMessageContaining("unknown");
        assertThatThrownBy(() -> GoldJobConfig.parse(List.of("--checkpoint", "/cp"), Map.of(), n -> null))
                .as("missing")
                .hasMessageContaining("--silver-path");
        assertThatThrownBy(() -> GoldJobConfig.parse(args("--close-check-max", "1s"), Map.of(), n -> null))
                .as("cross-setting")
                .hasMessageContaining("--close-check-max");
        assertThatThrownBy(() -> GoldJobConfig.parse(args("--jdbc-url", "jdbc:mysql://x/y"), Map.of(), n -> null))
                .as("not PostgreSQL")
                .hasMessageContaining("--jdbc-url");
    }

    @Test
    void publishingToKafkaIsOffByDefaultAndItsSettingsAreChecked() {
        GoldJobConfig off = GoldJobConfig.parse(REQUIRED, Map.of(), n -> null);
        assertThat(off.kafkaBootstrap()).as("no brokers: nothing is published").isEmpty();

        GoldJobConfig on = GoldJobConfig.parse(
                args("--kafka-bootstrap", "k1:9092, k2:9093", "--kafka-topic-prefix", "warehouse_"),
                Map.of(),
                n -> null);
        assertThat(on.kafkaBootstrap()).as("brokers").hasValue("k1:9092, k2:9093");
        assertThat(on.kafkaTopicPrefix()).as("prefix").isEqualTo("warehouse_");
        assertThat(GoldJobConfig.parse(args("--kafka-bootstrap", "k:9092"), Map.of(), n -> null)
                        .kafkaTopicPrefix())
                .as("default prefix")
                .isEqualTo(GoldJobConfig.DEFAULT_KAFKA_TOPIC_PREFIX);

        assertThatThrownBy(() -> GoldJobConfig.parse(args("--kafka-bootstrap", "k1"), Map.of(), n -> null))
                .as("no port")
                .hasMessageContaining("--kafka-bootstrap")
                .hasMessageContaining("'k1'");
        assertThatThrownBy(() -> GoldJobConfig.parse(
                        args("--kafka-bootstrap", "k:9092", "--kafka-topic-prefix", "gold."), Map.of(), n -> null))
                .as("dot in prefix")
                .hasMessageContaining("--kafka-topic-prefix")
                .hasMessageContaining("gold.");
        assertThatThrownBy(() -> GoldJobConfig.parse(args("--kafka-topic-prefix", "x_"), Map.of(), n -> null))
                .as("prefix without brokers")
                .hasMessageContaining("--kafka-bootstrap");
    }

    @Test
    void aPasswordIsNeverAnArgumentAndNeverShownButComesFromTheEnvironmentOrAFile(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> GoldJobConfig.parse(args("--jdbc-password", "s3cret"), Map.of(), n -> null))
                .as("password argument rejected")
                .hasMessageContaining("--jdbc-password")
                .hasMessageNotContaining("s3cret");
        assertThatThrownBy(() -> GoldJobConfig.parse(
                        args("--jdbc-url", "jdbc:postgresql://h/db?password=s3cret"), Map.of(), n -> null))
                .as("password in the URL rejected")
                .hasMessageContaining("--jdbc-url");

        GoldJobConfig fromEnv = GoldJobConfig.parse(
                REQUIRED, Map.of(), name -> name.equals(GoldJobConfig.DEFAULT_PASSWORD_ENV) ? "from-env" : null);
        assertThat(fromEnv.password()).as("environment").isEqualTo("from-env");
        assertThat(fromEnv.toString()).as("never printed").doesNotContain("from-env");

        Path file = Files.writeString(dir.resolve("pw"), "from-file\n");
        GoldJobConfig fromFile =
                GoldJobConfig.parse(args("--jdbc-password-file", file.toString()), Map.of(), name -> "from-env");
        assertThat(fromFile.password()).as("file wins, trimmed").isEqualTo("from-file");
    }

    private static List<String> args(String... more) {
        List<String> all = new ArrayList<>(REQUIRED);
        all.addAll(List.of(more));
        return all;
    }
}
