package io.clickstream.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clickstream.local.connect.ConnectRestClient;
import io.clickstream.local.connect.ConnectRestException;
import io.clickstream.local.connect.ConnectorDefinition;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The stack itself: real broker and worker processes, restarts on the same data dir, errors users will meet. */
class LocalStackIT {

    private static LocalStack stack;

    @BeforeAll
    static void start() {
        stack = TestStacks.builder("LocalStackIT").build().start();
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void eachPartIsItsOwnProcessWithItsLogUnderTheDataDir() {
        assertThat(stack.broker().process().isAlive()).isTrue();
        assertThat(stack.worker(0).isAlive()).isTrue();
        assertThat(stack.broker().process().pid())
                .isNotEqualTo(ProcessHandle.current().pid());
        assertThat(stack.dataDir().resolve("logs/kafka-broker.log")).isNotEmptyFile();
        assertThat(stack.dataDir().resolve("logs/connect-worker-0.log")).isNotEmptyFile();
        assertThat(stack.dataDir().resolve("kafka/cluster.id")).isNotEmptyFile();
        assertThat(stack.dataDir().resolve("connect/worker-0.properties"))
                .content()
                .contains(
                        "exactly.once.source.support=enabled",
                        "group.id=clickstream-connect",
                        "plugin.path=",
                        "consumer.session.timeout.ms=10000");
    }

    @Test
    void theWorkerLoadsTheBundlesSilverTransforms() {
        List<String> transforms = stack.connect().connectorPlugins().stream()
                .filter(plugin -> plugin.type().equals("transformation"))
                .map(ConnectRestClient.ConnectorPlugin::className)
                .toList();
        assertThat(transforms)
                .as("transformations the worker found on plugin.path")
                .contains(
                        "io.clickstream.connect.transforms.parse.ParseClickEvent$Value",
                        "io.clickstream.connect.transforms.parse.ParseClickEvent$Key",
                        "io.clickstream.connect.transforms.geoip.GeoIpEnrich$Value",
                        "io.clickstream.connect.transforms.geoip.GeoIpEnrich$Key",
                        "io.clickstream.connect.transforms.useragent.UserAgentEnrich$Value",
                        "io.clickstream.connect.transforms.useragent.UserAgentEnrich$Key");
    }

    @Test
    void aConnectorWhosePluginIsMissingFailsWithTheWorkersMessageAndTheFile() {
        ConnectorDefinition missing = new ConnectorDefinition(
                "missing-sink",
                Map.of("connector.class", "io.clickstream.connect.NoSuchConnector", "topics", "some_topic"),
                Path.of("connectors/missing-sink.json"));

        assertThatThrownBy(() -> stack.deploy(List.of(missing), 1, Duration.ofSeconds(30)))
                .hasMessageContaining("missing-sink.json")
                .hasMessageContaining("Failed to find any class")
                .hasMessageContaining("plugin.path");
        assertThat(stack.connect().connectors()).doesNotContain("missing-sink");
    }

    @Test
    void restErrorsCarryTheStatusAndTheWorkersMessage() {
        assertThatThrownBy(() -> stack.connect().status("no-such-connector"))
                .isInstanceOf(ConnectRestException.class)
                .hasMessageContaining("404")
                .hasMessageContaining("no-such-connector")
                .satisfies(e -> assertThat(((ConnectRestException) e).status()).isEqualTo(404));
    }

    @Test
    void aRestartOnTheSameDataDirKeepsTheClusterAndItsRecords() throws Exception {
        String topic = "resume_check";
        stack.createTopic(topic, 2);
        produce(topic, 50);
        String clusterId = Files.readString(stack.dataDir().resolve("kafka/cluster.id"));
        Path dataDir = stack.dataDir();

        stack.close();
        assertThat(stack.broker().process().isAlive()).isFalse();
        assertThat(stack.worker(0).isAlive()).isFalse();
        stack = LocalStack.builder()
                .dataDir(dataDir)
                .kafkaPort(0)
                .connectPort(0)
                .build()
                .start();

        assertThat(Files.readString(dataDir.resolve("kafka/cluster.id"))).isEqualTo(clusterId);
        assertThat(consumeAll(topic)).hasSize(50);
        assertThat(stack.connect().connectors()).isNotNull(); // the worker group came back too
    }

    private static void produce(String topic, int count) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < count; i++) {
                producer.send(new ProducerRecord<>(topic, "k" + i, "v" + i));
            }
            producer.flush();
        }
    }

    private static List<ConsumerRecord<String, String>> consumeAll(String topic) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
            var partitions = consumer.partitionsFor(topic).stream()
                    .map(i -> new org.apache.kafka.common.TopicPartition(topic, i.partition()))
                    .toList();
            consumer.assign(partitions);
            Map<org.apache.kafka.common.TopicPartition, Long> ends = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp))) {
                consumer.poll(Duration.ofMillis(500)).forEach(records::add);
            }
        }
        return records;
    }
}
