package io.clickstream.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.clickstream.local.connect.ConnectRestClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Simulator ► topic ► Bronze Hudi sink on real Connect workers (two processes), checked with Spark: the table holds
 * exactly the records of the topic, each (partition, offset) once.
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
        BronzeSink.awaitCommittedThrough(stack.admin(), "sink-exact", records, Duration.ofSeconds(120),
                () -> statusOf("sink-exact"));

        Map<String, Long> stats = SparkTableReader.stats(table, stack.dataDir().resolve("logs/spark-exact.log"),
                "kafka_partition", "kafka_offset");
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
        BronzeSink.awaitCommittedThrough(stack.admin(), "sink-rebalance", records, Duration.ofSeconds(180),
                () -> statusOf("sink-rebalance"));

        Map<String, Long> stats = SparkTableReader.stats(table, stack.dataDir().resolve("logs/spark-rebalance.log"),
                "kafka_partition", "kafka_offset");
        assertThat(stats).containsEntry("rows", (long) n).containsEntry("distinct", (long) n);
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
