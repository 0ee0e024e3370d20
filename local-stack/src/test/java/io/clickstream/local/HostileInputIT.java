package io.clickstream.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.clickstream.local.broker.KafkaBroker;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The two ends of issue 21's hostile-input check against a real broker (no workers): {@code ./run.sh produce} writes
 * a file's records to the events topic of the stack it finds in the data directory, and the progress line's reader
 * tallies the reasons of the letters in a dead-letter topic, from the headers Connect writes.
 */
class HostileInputIT {

    private static final String EVENTS = "clickstream_events";
    private static final String DLQ = "clickstream_events.dlq";
    private static Path dataDir;
    private static KafkaBroker broker;

    @BeforeAll
    static void startBroker() throws Exception {
        dataDir = TestStacks.freshDataDir("HostileInputIT");
        broker = new KafkaBroker(dataDir, dataDir.resolve("logs"), FreePorts.any(), FreePorts.any(), "512m")
                .start(Duration.ofSeconds(120));
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                broker.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(EVENTS, 3, (short) 1), new NewTopic(DLQ, 3, (short) 1))).all()
                    .get(60, TimeUnit.SECONDS);
        }
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void produceWritesTheFilesLinesRoundTheFileToTheEventsTopicOfTheStackInTheDataDirectory() throws Exception {
        Path file = Files.writeString(dataDir.resolve("bad.txt"), """
                {"event_id": "e1", "price": -1}
                not json at all
                """, StandardCharsets.UTF_8);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        int rc = new ProduceCommand(new PrintStream(bytes, true, StandardCharsets.UTF_8)).run("--data-dir",
                dataDir.toString(), "--file", file.toString(), "--count", "5");

        assertThat(rc).as("exit code; output: %s", bytes).isZero();
        assertThat(bytes.toString(StandardCharsets.UTF_8)).contains("Produced 5 records of", EVENTS,
                broker.bootstrapServers());
        try (TopicReader reader = new TopicReader(broker.bootstrapServers(), EVENTS)) {
            List<String> values = reader.readAtLeast(5, Duration.ofSeconds(60), () -> "records produced").stream()
                    .map(ConsumerRecord::value).toList();
            assertThat(values).hasSize(5).containsOnly("{\"event_id\": \"e1\", \"price\": -1}", "not json at all");
            assertThat(values).filteredOn("not json at all"::equals).hasSize(2);
        }
    }

    @Test
    void theReasonsOfTheLettersInADeadLetterTopicAreTalliedByKind() {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()),
                new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < 30; i++) {
                String reason = i % 3 == 0 ? "invalid click event: field 'event_type': unknown event type 'x" + i + "'"
                        : "invalid click event: field 'price': must not be negative, got -" + i;
                RecordHeaders headers = new RecordHeaders();
                headers.add(DeadLetterReasons.MESSAGE_HEADER, reason.getBytes(StandardCharsets.UTF_8));
                headers.add(DeadLetterReasons.CLASS_HEADER, "org.apache.kafka.connect.errors.DataException"
                        .getBytes(StandardCharsets.UTF_8));
                producer.send(new ProducerRecord<>(DLQ, null, "s" + i, "{}", headers));
            }
            producer.send(new ProducerRecord<>(DLQ, "no headers", "{}"));
            producer.flush();
        }

        try (DeadLetterReasons reasons = new DeadLetterReasons(broker.bootstrapServers(),
                List.of(DLQ, "no.such.dlq"))) {
            ReasonTally tally = null;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while ((tally == null || tally.total() < 31) && System.nanoTime() < deadline) {
                tally = reasons.read(Duration.ofSeconds(1)).get(DLQ);
            }
            assertThat(tally).as("letters read").isNotNull();
            assertThat(tally.top(3)).containsExactly(
                    new ReasonTally.Count("price: must not be negative", 20, 0),
                    new ReasonTally.Count("event_type: unknown event type", 10, 0),
                    new ReasonTally.Count("(no reason)", 1, 0));
        }
    }
}
