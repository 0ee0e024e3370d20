package io.clickstream.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.clickstream.local.connect.ConnectWorker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Crash recovery: while the simulator produces and the Bronze sink writes, Connect worker processes are killed with
 * SIGKILL (no task stop, no offset flush, coordinator and participants lost mid-commit) and started again, several
 * times. Afterwards the table must hold exactly the records on the topic: no row lost, none twice.
 */
class BronzeCrashRecoveryIT {

    /** Seconds between kills: short, medium and long, so kills land in staging, commit and idle phases. */
    private static final int[] KILL_AFTER_SECONDS = {4, 7, 3, 6};

    private static LocalStack stack;

    @BeforeAll
    static void start() {
        stack = TestStacks.builder("BronzeCrashRecoveryIT").workers(2).build().start();
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void killedWorkersNeitherLoseNorDuplicateRows() throws Exception {
        String topic = "bronze_crash";
        int n = 40_000;
        Path table = stack.dataDir().resolve("bronze/crash");
        stack.createTopic(topic, 4);
        stack.connect().putConnectorConfig("sink-crash", BronzeSink.config(stack, topic, table, 2));
        stack.connect().awaitRunning("sink-crash", Duration.ofSeconds(90));
        stack.connect().putConnectorConfig("sim-crash", SimulatorConfigs.bounded(topic, n, 1_500));

        for (int i = 0; i < KILL_AFTER_SECONDS.length; i++) {
            Thread.sleep(KILL_AFTER_SECONDS[i] * 1000L);
            ConnectWorker victim = stack.worker(i % 2);
            victim.kill();
            Thread.sleep(1_000);
            victim.start(Duration.ofSeconds(90));
        }
        stack.connect().awaitRunning("sink-crash", Duration.ofSeconds(120));

        List<ConsumerRecord<String, String>> records;
        try (TopicReader reader = new TopicReader(stack.bootstrapServers(), topic)) {
            reader.readAtLeast(n, Duration.ofSeconds(240), () -> ConnectorStatusText.of(stack, "sim-crash"));
            reader.readToEnd();
            records = List.copyOf(reader.records());
        }
        assertThat(records).as("records on the topic after the kills (read_committed)").hasSize(n);
        BronzeSink.awaitCommittedThrough(stack.admin(), "sink-crash", records, Duration.ofSeconds(240),
                () -> ConnectorStatusText.of(stack, "sink-crash"));

        Map<String, Long> stats = SparkTableReader.stats(table, stack.dataDir().resolve("logs/spark-crash.log"),
                "kafka_partition", "kafka_offset");
        assertThat(stats).containsEntry("rows", (long) n).containsEntry("distinct", (long) n);
    }
}
