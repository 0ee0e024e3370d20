package io.clickstream.local.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clickstream.gold.GoldJobConfig;
import io.clickstream.gold.publish.KafkaGoldPublisher;
import io.clickstream.gold.publish.PublishedTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConnectorDefinitionTest {

    @TempDir
    Path dir;

    @Test
    void readsTheRestFormAndTheFlatForm() throws IOException {
        write("b.json", """
                {"name": "bronze", "config": {"connector.class": "x.Sink", "tasks.max": 2, "topics": "a,b"}}""");
        write("a.json", """
                {"name": "sim", "connector.class": "x.Source", "topic": "events"}""");
        write("notes.txt", "ignored");

        List<ConnectorDefinition> all = ConnectorDefinition.loadAll(dir);

        assertThat(all).extracting(ConnectorDefinition::name).containsExactly("sim", "bronze"); // file-name order
        assertThat(all.get(0).config()).isEqualTo(Map.of("connector.class", "x.Source", "topic", "events"));
        assertThat(all.get(1).config()).containsEntry("tasks.max", "2"); // numbers become strings, as in REST
        assertThat(all.get(1).topics()).containsExactly("a", "b");
    }

    @Test
    void theRepositorysJdbcSinkWritesToTheGoldDatabaseAndIsPointedAtTheLocalOneWithoutItsPassword() {
        ConnectorDefinition sink = ConnectorDefinition.load(
                Path.of(System.getProperty("clickstream.connectors.dir", "../connectors"), "gold-jdbc-sink.json"));
        ConnectorDefinition simulator =
                new ConnectorDefinition("sim", Map.of("connector.class", "x.Source"), Path.of("sim.json"));

        assertThat(sink.usesGoldDatabase())
                .as("gold-jdbc-sink.json writes to PostgreSQL")
                .isTrue();
        assertThat(simulator.usesGoldDatabase())
                .as("a connector without connection.url")
                .isFalse();
        Map<String, String> local = sink.withGoldDatabase("jdbc:postgresql://127.0.0.1:5433/postgres", "gold")
                .config();
        assertThat(local)
                .as("pointed at the local PostgreSQL")
                .containsEntry("connection.url", "jdbc:postgresql://127.0.0.1:5433/postgres")
                .containsEntry("connection.username", "gold")
                .doesNotContainKey("connection.password")
                .containsEntry("insert.mode", "upsert");
        assertThat(sink.config().get("topics").split(","))
                .as("the topics the Gold job publishes, by default")
                .containsExactlyInAnyOrder(Arrays.stream(PublishedTable.values())
                        .map(t -> KafkaGoldPublisher.topic(GoldJobConfig.DEFAULT_KAFKA_TOPIC_PREFIX, t))
                        .toArray(String[]::new));
    }

    @Test
    void mapsComposeDataPathsToTheLocalDataDir() {
        ConnectorDefinition d = new ConnectorDefinition(
                "s",
                Map.of(
                        "connector.class", "x.Sink",
                        "table.path", "/data/bronze/clickstream",
                        "uri", "file:///data/silver/enriched_events",
                        "other", "/database/not-mapped",
                        "root", "/data"),
                Path.of("s.json"));

        Map<String, String> mapped = d.withDataDir(Path.of("/tmp/run")).config();

        assertThat(mapped)
                .containsEntry("table.path", "/tmp/run/bronze/clickstream")
                .containsEntry("uri", "file:///tmp/run/silver/enriched_events")
                .containsEntry("other", "/database/not-mapped")
                .containsEntry("root", "/tmp/run")
                .containsEntry("connector.class", "x.Sink");
    }

    @Test
    void overridesWinOverTheFile() {
        ConnectorDefinition d = new ConnectorDefinition(
                "s", Map.of("connector.class", "x", "events.per.second", "100"), Path.of("s.json"));
        assertThat(d.with(Map.of("events.per.second", "0")).config()).containsEntry("events.per.second", "0");
    }

    @Test
    void ownKafkaClientsArePointedAtTheStacksBroker() {
        ConnectorDefinition sink = new ConnectorDefinition(
                "s", Map.of("connector.class", "x.Sink", "bootstrap.servers", "kafka:9092"), dir);
        ConnectorDefinition source = new ConnectorDefinition("t", Map.of("connector.class", "x.Source"), dir);

        assertThat(sink.withBootstrapServers("localhost:40001").config())
                .containsEntry("bootstrap.servers", "localhost:40001");
        assertThat(source.withBootstrapServers("localhost:40001").config()).doesNotContainKey("bootstrap.servers");
    }

    @Test
    void topicsIncludeTheDeadLetterQueue() {
        ConnectorDefinition d = new ConnectorDefinition(
                "s",
                Map.of("connector.class", "x", "topics", "events", "errors.deadletterqueue.topic.name", "events.dlq"),
                Path.of("s.json"));
        assertThat(d.topics()).containsExactly("events", "events.dlq");
    }

    @Test
    void brokenFilesFailWithTheFileAndTheReason() throws IOException {
        Path noName = write("no-name.json", """
                {"config": {"connector.class": "x"}}""");
        Path noClass = write("no-class.json", """
                {"name": "n", "config": {}}""");
        Path notJson = write("broken.json", "{name:");

        assertThatThrownBy(() -> ConnectorDefinition.load(noName))
                .hasMessageContaining("no-name.json")
                .hasMessageContaining("no \"name\"");
        assertThatThrownBy(() -> ConnectorDefinition.load(noClass))
                .hasMessageContaining("no-class.json")
                .hasMessageContaining("connector.class");
        assertThatThrownBy(() -> ConnectorDefinition.load(notJson))
                .hasMessageContaining("broken.json")
                .hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> ConnectorDefinition.loadAll(dir.resolve("missing")))
                .hasMessageContaining("does not exist");
    }

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }
}
