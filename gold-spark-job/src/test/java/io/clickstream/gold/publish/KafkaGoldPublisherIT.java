package io.clickstream.gold.publish;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.clickstream.gold.load.BatchContent;
import io.clickstream.gold.load.BatchContent.BatchFigures;
import io.clickstream.gold.postgres.GoldSchema;
import io.clickstream.gold.postgres.PostgresConnections;
import io.clickstream.gold.session.GoldRow;
import io.clickstream.postgres.PostgresServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The publisher against a real PostgreSQL with the Gold migrations and Kafka's own {@link MockProducer}: a batch
 * publishes exactly the rows stamped with its id, as Connect JSON with schema keyed by primary key, plus a tombstone
 * per deleted session; publishing the same batch again (a replay) sends the same records byte for byte.
 */
class KafkaGoldPublisherIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static PostgresServer postgres;
    private static PostgresConnections connections;

    @BeforeAll
    static void start() throws Exception {
        Path data = Path.of(System.getProperty("clickstream.test.data", "target/test-data"), "gold-publisher");
        postgres = PostgresServer.start(data.resolve("postgres"), 0);
        connections = new PostgresConnections(postgres.jdbcUrl(), postgres.user(), null);
        GoldSchema.migrate(connections);
        try (Connection c = connections.open();
                Statement s = c.createStatement()) {
            s.execute("TRUNCATE gold.sessions, gold.country_minute, gold.page_minute, gold.funnel_minute, "
                    + "gold.bot_minute");
            s.execute("""
                    INSERT INTO gold.sessions VALUES
                      ('e1', 'u1', 'c1', '2026-01-01T00:00:05Z', '2026-01-01T00:03:00Z', 175000, 3, 2, '/', '/cart',
                       false, true, true, true, true, 12.50, 'DE', NULL, 'desktop', 'Firefox', true, 7),
                      ('e2', 'u2', 'c2', '2026-01-01T00:00:09Z', '2026-01-01T00:00:09Z', 0, 1, 1, '/', '/',
                       false, false, false, false, false, 0, 'ZZ', 'Berlin', NULL, NULL, true, 6)""");
            s.execute("INSERT INTO gold.country_minute VALUES ('2026-01-01T00:00:00Z', 'DE', 3, 1, 1, 12.50, "
                    + "1, 0, 0, 1, 7), ('2026-01-01T00:00:00Z', 'ZZ', 1, 1, 0, 0, 1, 0, 0, 0, 6)");
            s.execute("INSERT INTO gold.page_minute VALUES ('2026-01-01T00:00:00Z', '/cart', 1, 7)");
            s.execute("INSERT INTO gold.funnel_minute VALUES ('2026-01-01T00:00:00Z', 2, 1, 1, 1, 1, 7)");
            s.execute("INSERT INTO gold.bot_minute VALUES ('2026-01-01T00:01:00Z', 4, 1, 5)");
        }
    }

    @AfterAll
    static void stop() {
        if (postgres != null) {
            postgres.stop();
        }
    }

    @Test
    void aBatchPublishesTheRowsStampedWithItsIdAndAReplayPublishesTheSameRecords() throws Exception {
        GoldRow merged = new GoldRow();
        merged.setKind(GoldRow.DELETED);
        merged.setSessionKey("e9");
        BatchContent content = new BatchContent(
                List.of(merged), List.of(), List.of(), List.of(), new BatchFigures(0, 0, 0, 0, -1, -1));

        List<ProducerRecord<byte[], byte[]>> first = publish(7, content);
        List<ProducerRecord<byte[], byte[]>> replay = publish(7, content);

        assertThat(first)
                .as("records of batch 7")
                .extracting(ProducerRecord::topic)
                .containsExactlyInAnyOrder(
                        "gold_sessions",
                        "gold_sessions",
                        "gold_country_minute",
                        "gold_page_minute",
                        "gold_funnel_minute");
        assertThat(replay).as("a replay of batch 7").hasSameSizeAs(first);
        for (int i = 0; i < first.size(); i++) {
            assertThat(replay.get(i).topic())
                    .as("topic of record %d", i)
                    .isEqualTo(first.get(i).topic());
            assertThat(replay.get(i).key())
                    .as("key of record %d", i)
                    .isEqualTo(first.get(i).key());
            assertThat(replay.get(i).value())
                    .as("value of record %d", i)
                    .isEqualTo(first.get(i).value());
        }

        ProducerRecord<byte[], byte[]> session = first.stream()
                .filter(r -> r.topic().equals("gold_sessions") && r.value() != null)
                .findFirst()
                .orElseThrow();
        JsonNode key = json(session.key());
        JsonNode value = json(session.value());
        assertThat(key.path("schema").path("fields"))
                .as("key schema: the primary key")
                .hasSize(1);
        assertThat(key.path("payload").path("session_key").asText()).as("key").isEqualTo("e1");
        assertThat(value.path("schema").path("fields"))
                .as("value schema: every column")
                .hasSize(24);
        assertThat(value.path("payload").path("revenue").decimalValue())
                .as("revenue, a JSON number")
                .isEqualByComparingTo("12.50");
        assertThat(value.path("payload").path("session_start").asText())
                .as("timestamptz as ISO-8601 UTC")
                .isEqualTo("2026-01-01T00:00:05Z");
        assertThat(value.path("payload").path("city").isNull())
                .as("a null column stays null")
                .isTrue();

        ProducerRecord<byte[], byte[]> tombstone =
                first.stream().filter(r -> r.value() == null).findFirst().orElseThrow();
        assertThat(json(tombstone.key()).path("payload").path("session_key").asText())
                .as("deleted session")
                .isEqualTo("e9");
        JsonNode country = json(first.stream()
                        .filter(r -> r.topic().equals("gold_country_minute"))
                        .findFirst()
                        .orElseThrow()
                        .key())
                .path("payload");
        assertThat(country.path("minute").asText() + "|"
                        + country.path("country_iso").asText())
                .as("country_minute key")
                .isEqualTo("2026-01-01T00:00:00Z|DE");
    }

    private static List<ProducerRecord<byte[], byte[]>> publish(long batchId, BatchContent content) throws Exception {
        MockProducer<byte[], byte[]> producer =
                new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
        try (KafkaGoldPublisher publisher = new KafkaGoldPublisher(connections, "mock:9092", "gold_", () -> producer)) {
            publisher.publish(batchId, content);
        }
        return producer.history();
    }

    private static JsonNode json(byte[] bytes) throws Exception {
        return JSON.readTree(new String(bytes, StandardCharsets.UTF_8));
    }
}
