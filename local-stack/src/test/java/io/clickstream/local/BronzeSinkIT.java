package io.clickstream.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.clickstream.local.connect.ConnectRestClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Simulator ► topic ► Bronze Hudi sink on real Connect workers (two processes), checked with Spark: the table holds
 * exactly the records of the topic, each (partition, offset) once; a topic deleted and re-created under the sink
 * stops it with a message instead of being skipped.
 */
class BronzeSinkIT {

    private static LocalStack stack;

    @BeforeAll
    static void start() {
        stack = TestStacks.builder("BronzeSinkIT").workers(2).build().start();
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void bronzeHoldsExactlyTheProducedEventsOnce() throws Exception {
        String topic = "bronze_exact";
        int n = 20_000;
        Path table = stack.dataDir().resolve("bronze/exact");
        stack.createTopic(topic, 4);
        ConnectRestClient rest = stack.connect();
        rest.putConnectorConfig("sink-exact", BronzeSink.config(stack, topic, table, 2));
        rest.awaitRunning("sink-exact", Duration.ofSeconds(90));
        rest.putConnectorConfig("sim-exact", SimulatorConfigs.bounded(topic, n, 0));

        List<ConsumerRecord<String, String>> records = readAll(topic, n, "sink-exact");
        BronzeSink.awaitCommittedThrough(
                stack.admin(), "sink-exact", records, Duration.ofSeconds(120), () -> statusOf("sink-exact"));

        Map<String, Long> stats = SparkTableReader.stats(
                table, stack.dataDir().resolve("logs/spark-exact.log"), "kafka_partition", "kafka_offset");
        assertThat(stats).containsEntry("rows", (long) n).containsEntry("distinct", (long) n);
        assertThat(stats.get("commits")).isGreaterThanOrEqualTo(1L);
    }

    @Test
    void fourTasksOnTwoWorkersSurviveARebalance() throws Exception {
        String topic = "bronze_rebalance";
        int n = 30_000;
        Path table = stack.dataDir().resolve("bronze/rebalance");
        stack.createTopic(topic, 6);
        ConnectRestClient rest = stack.connect();
        rest.putConnectorConfig("sink-rebalance", BronzeSink.config(stack, topic, table, 4));
        rest.awaitRunning("sink-rebalance", Duration.ofSeconds(90));
        rest.putConnectorConfig("sim-rebalance", SimulatorConfigs.bounded(topic, n, 3_000));

        // Mid-stream, the second worker leaves and comes back: both rebalance its tasks (and maybe the coordinator).
        Thread.sleep(5_000);
        stack.worker(1).restart(Duration.ofSeconds(90));
        stack.connect().awaitRunning("sink-rebalance", Duration.ofSeconds(90));

        List<ConsumerRecord<String, String>> records = readAll(topic, n, "sink-rebalance");
        BronzeSink.awaitCommittedThrough(
                stack.admin(), "sink-rebalance", records, Duration.ofSeconds(180), () -> statusOf("sink-rebalance"));

        Map<String, Long> stats = SparkTableReader.stats(
                table, stack.dataDir().resolve("logs/spark-rebalance.log"), "kafka_partition", "kafka_offset");
        assertThat(stats).containsEntry("rows", (long) n).containsEntry("distinct", (long) n);
    }

    @Test
    void aTopicRecreatedBelowTheTablesOffsetsFailsTheSinkUntilOffsetsBeyondLogEndResetsIt() throws Exception {
        String topic = "bronze_recreated";
        Path table = stack.dataDir().resolve("bronze/recreated");
        ConnectRestClient rest = stack.connect();
        stack.createTopic(topic, 1);
        produce(topic, "old-", 500);
        rest.putConnectorConfig("sink-recreated", BronzeSink.config(stack, topic, table, 1));
        BronzeSink.awaitCommittedThrough(
                stack.admin(),
                "sink-recreated",
                readAll(topic, 500, "sink-recreated"),
                Duration.ofSeconds(120),
                () -> statusOf("sink-recreated"));
        rest.delete("sink-recreated");

        stack.admin().deleteTopics(List.of(topic)).all().get(30, java.util.concurrent.TimeUnit.SECONDS);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (stack.admin()
                .listTopics()
                .names()
                .get(10, java.util.concurrent.TimeUnit.SECONDS)
                .contains(topic)) {
            assertThat(System.nanoTime()).as("topic %s deleted", topic).isLessThan(deadline);
            Thread.sleep(200);
        }
        stack.createTopic(topic, 1);
        produce(topic, "new-", 100);

        // A new connector name: a fresh consumer group, so committed positions below say what this one did.
        Map<String, String> config = BronzeSink.config(stack, topic, table, 1);
        rest.putConnectorConfig("sink-recreated-2", config);
        String trace = awaitFailedTaskTrace("sink-recreated-2", Duration.ofSeconds(120));
        assertThat(trace)
                .as("the task says what happened and which key resets it")
                .contains("beyond the partition's log end offset 100")
                .contains(topic + "-0 is 500")
                .contains("offsets.beyond.log.end=earliest");

        config.put("offsets.beyond.log.end", "earliest");
        rest.putConnectorConfig("sink-recreated-2", config); // a new config restarts the failed task
        BronzeSink.awaitCommittedThrough(
                stack.admin(),
                "sink-recreated-2",
                readAll(topic, 100, "sink-recreated-2"),
                Duration.ofSeconds(120),
                () -> statusOf("sink-recreated-2"));
        Map<String, Long> stats = SparkTableReader.stats(
                table, stack.dataDir().resolve("logs/spark-recreated.log"), "kafka_partition", "kafka_offset");
        assertThat(stats)
                .as("500 old rows and the 100 new ones (offsets 0..99 again)")
                .containsEntry("rows", 600L)
                .containsEntry("distinct", 500L);
    }

    @Test
    void aDeadLetterTheWorkerCannotProduceFailsTheSinkAndNoOffsetPastItsRecordIsCommitted() throws Exception {
        String topic = "bronze_lost_letter";
        Path table = stack.dataDir().resolve("bronze/lost-letter");
        stack.createTopic(topic, 1);
        Map<String, String> config = BronzeSink.config(stack, topic, table, 1);
        // A transform that rejects records that are no number; the worker dead-letters what it rejects.
        config.put("transforms", "cast");
        config.put("transforms.cast.type", "org.apache.kafka.connect.transforms.Cast$Value");
        config.put("transforms.cast.spec", "int32");
        config.put("errors.tolerance", "all");
        config.put("errors.deadletterqueue.topic.name", topic + ".dlq");
        config.put("errors.deadletterqueue.topic.replication.factor", "1");
        config.put("errors.deadletterqueue.context.headers.enable", "true");
        stack.connect().putConnectorConfig("sink-lost-letter", config);
        produce(topic, "", 10);
        BronzeSink.awaitCommittedThrough(
                stack.admin(),
                "sink-lost-letter",
                readAll(topic, 10, "sink-lost-letter"),
                Duration.ofSeconds(120),
                () -> statusOf("sink-lost-letter"));

        // Cast's NumberFormatException quotes the 400,000 characters in the letter's message and stack trace
        // headers: with the record itself the letter is over the worker producer's max.request.size (1 MB).
        Map<String, Object> producerConfig = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(producerConfig, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, 0, "big", "x".repeat(400_000)));
            for (int i = 11; i <= 20; i++) {
                producer.send(new ProducerRecord<>(topic, 0, "k" + i, Integer.toString(i)));
            }
            producer.flush();
        }

        String trace = awaitFailedTaskTrace("sink-lost-letter", Duration.ofSeconds(120));
        assertThat(trace)
                .as("the task says why and where to look")
                .contains("1 dead letter(s) of this task could not be produced")
                .contains("Could not produce message to dead letter queue");
        Thread.sleep(10_000); // three commit intervals: nothing may commit past the lost record
        assertThat(BronzeSink.committedOffsets(stack.admin(), "sink-lost-letter"))
                .as("committed up to the record whose dead letter was lost, not past it")
                .containsEntry(new TopicPartition(topic, 0), 10L);
    }

    private static String awaitFailedTaskTrace(String connector, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                for (var task : stack.connect().status(connector).tasks()) {
                    if (task.isFailed()) {
                        return task.trace();
                    }
                }
            } catch (RuntimeException e) {
                // not created yet
            }
            Thread.sleep(500);
        }
        throw new AssertionError(
                "no task of " + connector + " failed within " + timeout.toSeconds() + " s; " + statusOf(connector));
    }

    private static void produce(String topic, String prefix, int count) {
        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < count; i++) {
                producer.send(new ProducerRecord<>(topic, 0, "k" + i, prefix + i));
            }
            producer.flush();
        }
    }

    private static List<ConsumerRecord<String, String>> readAll(String topic, int n, String sink) {
        try (TopicReader reader = new TopicReader(stack.bootstrapServers(), topic)) {
            reader.readAtLeast(n, Duration.ofSeconds(180), () -> statusOf(sink));
            reader.readToEnd();
            assertThat(reader.records()).as("records on %s", topic).hasSize(n);
            return List.copyOf(reader.records());
        }
    }

    private static String statusOf(String connector) {
        return ConnectorStatusText.of(stack, connector);
    }
}
