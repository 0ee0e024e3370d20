package io.clickstream.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.clickstream.local.connect.ConnectWorker;
import io.clickstream.local.connect.ConnectorStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Crash recovery: while the simulator produces and the Bronze sink writes, Connect worker processes are killed with
 * SIGKILL (no task stop, no offset flush, coordinator and participants lost mid-commit) and started again, several
 * times. After the first kill the sink must fail over within seconds: its tasks run on the other worker and every
 * partition's committed offset moves. Afterwards the table must hold exactly the records on the topic: no row lost,
 * none twice.
 */
class BronzeCrashRecoveryIT {

    /**
     * Seconds between the kills after the first: short, medium and long, so kills land in staging, commit and idle
     * phases.
     */
    private static final int[] KILL_AFTER_SECONDS = {7, 3, 6};
    /**
     * From a SIGKILL until the sink's tasks run on the other worker and every partition's committed offset moved: the
     * workers' 10 s sink consumer session timeout, the worker group's rebalance and a table commit fit; the consumer's
     * 45 s default does not (no partition of the sink moves before the dead consumer's session expires).
     */
    private static final Duration FAILOVER_BOUND = Duration.ofSeconds(30);

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
        Map<String, String> sink = new HashMap<>(BronzeSink.config(stack, topic, table, 2));
        // A coordinator killed mid-commit leaves its lock for ten heartbeats: 10 s here, as the consumer session.
        sink.put("hoodie.write.lock.heartbeat_interval_ms", "1000");
        stack.connect().putConnectorConfig("sink-crash", sink);
        stack.connect().awaitRunning("sink-crash", Duration.ofSeconds(90));
        stack.connect().putConnectorConfig("sim-crash", SimulatorConfigs.bounded(topic, n, 1_500));

        // The first kill, once the table has a commit covering every partition, measures the failover.
        awaitCommittedOffsets("sink-crash", partitions(topic, 4), Map.of(), Duration.ofSeconds(120));
        ConnectWorker first = workerOfSinkTask("sink-crash", 0);
        Duration failover = killAndAwaitFailover(first, "sink-crash", partitions(topic, 4));
        System.out.printf("Sink failed over %d ms after %s was killed%n", failover.toMillis(), first);
        assertThat(failover).as("time from killing %s until the sink's tasks run elsewhere and every partition's"
                + " committed offset moved", first).isLessThan(FAILOVER_BOUND);
        first.start(Duration.ofSeconds(90));
        for (int i = 0; i < KILL_AFTER_SECONDS.length; i++) {
            Thread.sleep(KILL_AFTER_SECONDS[i] * 1000L);
            ConnectWorker victim = stack.worker((first.index() + 1 + i) % 2);
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

    private static ConnectWorker workerOfSinkTask(String connector, int task) {
        String workerId = stack.connect().status(connector).tasks().stream().filter(t -> t.id() == task)
                .findFirst().orElseThrow().workerId();
        return stack.workers().stream().filter(w -> w.workerId().equals(workerId)).findFirst()
                .orElseThrow(() -> new AssertionError("no worker " + workerId + " runs task " + task));
    }

    /**
     * SIGKILLs {@code victim} and waits (up to well past the consumer's 45 s default, to report how long it took) until
     * every task of the sink is RUNNING on another worker and every partition's committed offset passed where it was
     * at the kill.
     */
    private static Duration killAndAwaitFailover(ConnectWorker victim, String connector, List<TopicPartition> partitions)
            throws Exception {
        Map<TopicPartition, Long> atKill = committedOffsets(connector);
        long killed = System.nanoTime();
        victim.kill();
        awaitCommittedOffsets(connector, partitions, atKill, Duration.ofSeconds(90));
        ConnectorStatus status = stack.connect().status(connector);
        assertThat(status.isRunning()).as("sink running after the failover: %s", status.summary()).isTrue();
        assertThat(status.tasks()).as("the sink's tasks after %s was killed", victim)
                .noneMatch(t -> victim.workerId().equals(t.workerId()));
        return Duration.ofNanos(System.nanoTime() - killed);
    }

    /** Waits until each of {@code partitions} has a committed offset beyond {@code before} (0 when absent). */
    private static void awaitCommittedOffsets(String connector, List<TopicPartition> partitions,
                                              Map<TopicPartition, Long> before, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<TopicPartition, Long> now = committedOffsets(connector);
        while (!partitions.stream().allMatch(tp -> now.getOrDefault(tp, 0L) > before.getOrDefault(tp, 0L))) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("sink " + connector + " committed no offsets past " + before + " within "
                        + timeout.toSeconds() + " s; now " + now + "; " + ConnectorStatusText.of(stack, connector));
            }
            Thread.sleep(250);
            now.clear();
            now.putAll(committedOffsets(connector));
        }
    }

    private static List<TopicPartition> partitions(String topic, int count) {
        return IntStream.range(0, count).mapToObj(p -> new TopicPartition(topic, p)).toList();
    }

    private static Map<TopicPartition, Long> committedOffsets(String connector) throws Exception {
        Map<TopicPartition, Long> offsets = new HashMap<>();
        stack.admin().listConsumerGroupOffsets("connect-" + connector).partitionsToOffsetAndMetadata()
                .get(10, TimeUnit.SECONDS).forEach((tp, om) -> {
                    if (om != null) {
                        offsets.put(tp, om.offset());
                    }
                });
        return offsets;
    }
}
