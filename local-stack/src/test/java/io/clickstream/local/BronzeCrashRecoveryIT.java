package io.clickstream.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.clickstream.local.connect.ConnectWorker;
import io.clickstream.local.connect.ConnectorStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
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
     * From a SIGKILL until every partition of the sink is assigned to a live task's consumer: the workers' 10 s sink
     * consumer session timeout and a rebalance, about 12 s even on a loaded machine. The consumer's 45 s default cannot
     * pass: no partition of the sink moves before the dead consumer's session expires.
     */
    private static final Duration PARTITIONS_MOVED_BOUND = Duration.ofSeconds(25);
    /**
     * From a SIGKILL until every partition's committed offset moved: the above, the worker group moving the task
     * (11 s), a table commit of the backlog and Connect's offset flush; about 20 s, up to 36 s measured on a loaded
     * machine (55 s with the consumer's default).
     */
    private static final Duration OFFSETS_MOVED_BOUND = Duration.ofSeconds(45);
    /** Records per partition written right after the first kill, so that every partition has something to commit. */
    private static final int AFTER_KILL_RECORDS = 25;

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
        int expected = n + 4 * AFTER_KILL_RECORDS;
        Path table = stack.dataDir().resolve("bronze/crash");
        stack.createTopic(topic, 4);
        Map<String, String> sink = new HashMap<>(BronzeSink.config(stack, topic, table, 2));
        // A coordinator killed mid-commit leaves its lock for ten heartbeats: 10 s here, as the consumer session.
        sink.put("hoodie.write.lock.heartbeat_interval_ms", "1000");
        stack.connect().putConnectorConfig("sink-crash", sink);
        stack.connect().awaitRunning("sink-crash", Duration.ofSeconds(90));
        stack.connect().putConnectorConfig("sim-crash", SimulatorConfigs.bounded(topic, n, 1_500));

        // The first kill, once the table has a commit covering every partition, measures the failover.
        BronzeSink.awaitCommittedOffsets(
                stack.admin(),
                "sink-crash",
                BronzeSink.partitions(topic, 4),
                Map.of(),
                Duration.ofSeconds(120),
                () -> ConnectorStatusText.of(stack, "sink-crash"));
        ConnectWorker first = BronzeSink.workerOfTask(stack, "sink-crash", 0);
        Failover failover = killAndAwaitFailover(first, "sink-crash", BronzeSink.partitions(topic, 4));
        System.out.printf(
                "Killed %s: partitions moved after %d ms, offsets after %d ms%n",
                first,
                failover.partitionsMoved().toMillis(),
                failover.offsetsMoved().toMillis());
        assertThat(failover.partitionsMoved())
                .as("time from killing %s until every partition is assigned to a live" + " task", first)
                .isLessThan(PARTITIONS_MOVED_BOUND);
        assertThat(failover.offsetsMoved())
                .as("time from killing %s until every partition's committed offset moved", first)
                .isLessThan(OFFSETS_MOVED_BOUND);
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
            reader.readAtLeast(expected, Duration.ofSeconds(240), () -> ConnectorStatusText.of(stack, "sim-crash"));
            reader.readToEnd();
            records = List.copyOf(reader.records());
        }
        assertThat(records)
                .as("records on the topic after the kills (read_committed)")
                .hasSize(expected);
        BronzeSink.awaitCommittedThrough(
                stack.admin(),
                "sink-crash",
                records,
                Duration.ofSeconds(240),
                () -> ConnectorStatusText.of(stack, "sink-crash"));

        Map<String, Long> stats = SparkTableReader.stats(
                table, stack.dataDir().resolve("logs/spark-crash.log"), "kafka_partition", "kafka_offset");
        assertThat(stats).containsEntry("rows", (long) expected).containsEntry("distinct", (long) expected);
    }

    /** How long after the kill the partitions were assigned to live tasks, and their committed offsets moved. */
    private record Failover(Duration partitionsMoved, Duration offsetsMoved) {}

    /**
     * SIGKILLs {@code victim}, writes {@value #AFTER_KILL_RECORDS} records to each partition (the simulator may be done
     * by now) and waits (up to well past the consumer's 45 s default, to report how long it took) until no consumer of
     * the victim's tasks holds a partition any more and every partition's committed offset passed where it was at the
     * kill; then every task of the sink must be RUNNING on another worker.
     */
    private static Failover killAndAwaitFailover(
            ConnectWorker victim, String connector, List<TopicPartition> partitions) throws Exception {
        Set<String> victimConsumers = new HashSet<>();
        stack.connect().status(connector).tasks().stream()
                .filter(t -> victim.workerId().equals(t.workerId()))
                .forEach(t -> victimConsumers.add("connector-consumer-" + connector + "-" + t.id()));
        Set<String> victimMembers = BronzeSink.consumerGroup(stack.admin(), connector).members().stream()
                .filter(m -> victimConsumers.contains(m.clientId()))
                .map(MemberDescription::consumerId)
                .collect(Collectors.toSet());
        assertThat(victimMembers)
                .as("consumers of the sink's tasks on %s", victim)
                .isNotEmpty();
        Map<TopicPartition, Long> atKill = BronzeSink.committedOffsets(stack.admin(), connector);
        long killed = System.nanoTime();
        victim.kill();
        produce(partitions, AFTER_KILL_RECORDS);
        Duration partitionsMoved = null;
        Duration offsetsMoved = null;
        long deadline = killed + TimeUnit.SECONDS.toNanos(90);
        while (partitionsMoved == null || offsetsMoved == null) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("sink " + connector + " did not fail over within 90 s of killing " + victim
                        + ": partitions moved after " + partitionsMoved + ", committed at the kill " + atKill
                        + ", now " + BronzeSink.committedOffsets(stack.admin(), connector) + "; "
                        + ConnectorStatusText.of(stack, connector));
            }
            Duration since = Duration.ofNanos(System.nanoTime() - killed);
            ConsumerGroupDescription group = BronzeSink.consumerGroup(stack.admin(), connector);
            if (partitionsMoved == null
                    && group.groupState() == GroupState.STABLE
                    && group.members().stream().noneMatch(m -> victimMembers.contains(m.consumerId()))
                    && group.members().stream()
                            .flatMap(m -> m.assignment().topicPartitions().stream())
                            .collect(Collectors.toSet())
                            .containsAll(partitions)) {
                partitionsMoved = since;
            }
            Map<TopicPartition, Long> now = BronzeSink.committedOffsets(stack.admin(), connector);
            if (offsetsMoved == null && BronzeSink.movedPast(now, partitions, atKill)) {
                offsetsMoved = since;
            }
            Thread.sleep(250);
        }
        ConnectorStatus status = stack.connect().status(connector);
        assertThat(status.isRunning())
                .as("sink running after the failover: %s", status.summary())
                .isTrue();
        assertThat(status.tasks())
                .as("the sink's tasks after %s was killed", victim)
                .noneMatch(t -> victim.workerId().equals(t.workerId()));
        return new Failover(partitionsMoved, offsetsMoved);
    }

    private static void produce(List<TopicPartition> partitions, int perPartition) {
        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            for (TopicPartition tp : partitions) {
                for (int i = 0; i < perPartition; i++) {
                    producer.send(new ProducerRecord<>(tp.topic(), tp.partition(), "after-kill", "after-kill-" + i));
                }
            }
            producer.flush();
        }
    }
}
