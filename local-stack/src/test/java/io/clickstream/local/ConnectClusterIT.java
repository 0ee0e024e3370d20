package io.clickstream.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.clickstream.connect.transforms.BadEventCorpus;
import io.clickstream.connect.transforms.BadEventCorpus.BadEvent;
import io.clickstream.contract.LakeTable;
import io.clickstream.local.connect.ConnectRestClient;
import io.clickstream.local.connect.ConnectRestException;
import io.clickstream.local.connect.ConnectWorker;
import io.clickstream.local.connect.ConnectorDefinition;
import io.clickstream.local.connect.ConnectorStatus;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The pipeline's Connect side on one Connect cluster of two worker processes. Its own tests: simulator ► topic ►
 * Bronze Hudi sink, checked with Spark: the table holds
 * exactly the records of the topic, each (partition, offset) once; a topic deleted and re-created under the sink
 * stops it with a message instead of being skipped; the table stays exact through a rebalance, through workers
 * killed mid-commit ({@link CrashRecovery}) and through a commit coordinator frozen past its lock
 * ({@link StalledCoordinator}). On the same workers, the simulator alone ({@link SimulatorSource}) and Bronze and
 * Silver side by side ({@link SilverReconciliation}).
 *
 * <p>All tests share one stack (a broker and two worker processes, started once for the class): each has its own
 * topics, tables and connector names, and its connectors are deleted after it, so no task of an earlier test runs,
 * or moves, while a later one kills or stops a worker. A simulator's source offsets outlive its connector: no two
 * tests name a simulator alike.
 */
class ConnectClusterIT {

    private static LocalStack stack;

    @BeforeAll
    static void start() {
        stack = TestStacks.builder("ConnectClusterIT").workers(2).build().start();
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    /** Deletes the test's connectors (every connector on the stack) and waits until the workers no longer list them. */
    @AfterEach
    void deleteConnectors() throws InterruptedException {
        ConnectRestClient rest = stack.connect();
        rest.connectors().forEach(rest::delete);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        List<String> left;
        while (!(left = stack.connect().connectors()).isEmpty()) {
            assertThat(System.nanoTime())
                    .as("connectors %s deleted after the test", left)
                    .isLessThan(deadline);
            Thread.sleep(250);
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

    /**
     * The shipped Bronze converters (bytes for key, value and headers) keep each record as Kafka held it: Spark reads
     * back every value, key and header byte for byte (invalid UTF-8, empty and null values, repeated and null
     * headers) and the user id of each JSON value that has one ({@link BronzeBytes}).
     */
    @Test
    void bronzeHoldsEachRecordByteForByte() throws Exception {
        String topic = "bronze_bytes";
        Path table = stack.dataDir().resolve("bronze/bytes");
        stack.createTopic(topic, 2);
        Map<String, String> config = BronzeSink.config(stack, topic, table, 2);
        for (String converter : List.of("key.converter", "value.converter", "header.converter")) {
            config.put(converter, "org.apache.kafka.connect.converters.ByteArrayConverter");
        }
        stack.connect().putConnectorConfig("sink-bytes", config);
        stack.connect().awaitRunning("sink-bytes", Duration.ofSeconds(90));

        Map<String, BronzeBytes.Sent> sent = BronzeBytes.send(stack.bootstrapServers(), BronzeBytes.records(topic));
        BronzeSink.awaitCommittedThrough(
                stack.admin(),
                "sink-bytes",
                BronzeBytes.positions(topic, sent),
                Duration.ofSeconds(120),
                () -> statusOf("sink-bytes"));

        List<String> rows = SparkTableReader.rows(
                SparkTableReader.module(),
                table.toUri().toString(),
                Map.of(),
                stack.dataDir().resolve("logs/spark-bytes.log"),
                Duration.ofSeconds(300),
                BronzeBytes.COLUMNS_CSV.split(","));
        BronzeBytes.assertRows(rows, sent);
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

    /**
     * Crash recovery: while the simulator produces and the Bronze sink writes, Connect worker processes are killed with
     * SIGKILL (no task stop, no offset flush, coordinator and participants lost mid-commit) and started again, several
     * times. After the first kill the sink must fail over within seconds: its tasks run on the other worker and every
     * partition's committed offset moves. Afterwards the table must hold exactly the records on the topic: no row lost,
     * none twice.
     */
    @Nested
    class CrashRecovery {

        /**
         * Seconds between the kills after the first: short, medium and long, so kills land in staging, commit and idle
         * phases.
         */
        private static final int[] KILL_AFTER_SECONDS = {7, 3, 6};
        /**
         * From a SIGKILL until every partition of the sink is assigned to a live task's consumer: the workers' 10 s
         * sink consumer session timeout and a rebalance, about 12 s even on a loaded machine. The consumer's 45 s
         * default cannot pass: no partition of the sink moves before the dead consumer's session expires.
         */
        private static final Duration PARTITIONS_MOVED_BOUND = Duration.ofSeconds(25);
        /**
         * From a SIGKILL until every partition's committed offset moved: the above, the worker group moving the task
         * (11 s), a table commit of the backlog and Connect's offset flush; about 20 s, up to 36 s measured on a loaded
         * machine (55 s with the consumer's default).
         */
        private static final Duration OFFSETS_MOVED_BOUND = Duration.ofSeconds(45);
        /** Records per partition written right after the first kill, so every partition has something to commit. */
        private static final int AFTER_KILL_RECORDS = 25;

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
         * SIGKILLs {@code victim}, writes {@value #AFTER_KILL_RECORDS} records to each partition (the simulator may be
         * done by now) and waits (up to well past the consumer's 45 s default, to report how long it took) until no
         * consumer of the victim's tasks holds a partition any more and every partition's committed offset passed where
         * it was at the kill; then every task of the sink must be RUNNING on another worker.
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
            produceToEach(partitions, AFTER_KILL_RECORDS);
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

        private static void produceToEach(List<TopicPartition> partitions, int perPartition) {
            Map<String, Object> config = Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                    stack.bootstrapServers(),
                    ProducerConfig.ACKS_CONFIG,
                    "all");
            try (KafkaProducer<String, String> producer =
                    new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
                for (TopicPartition tp : partitions) {
                    for (int i = 0; i < perPartition; i++) {
                        producer.send(
                                new ProducerRecord<>(tp.topic(), tp.partition(), "after-kill", "after-kill-" + i));
                    }
                }
                producer.flush();
            }
        }
    }

    /**
     * A frozen commit coordinator. While the simulator writes steadily and the Bronze sink commits back to back, the
     * worker process hosting the sink's commit coordinator (the task that owns partition 0 of the topic) is stopped
     * with SIGSTOP in the middle of a Hudi commit, kept stopped past its sink consumers' session timeout and the commit
     * lock's expiry, so its partitions and the lock pass to the other worker, whose coordinator plans and commits, and
     * then continued with SIGCONT: it wakes inside its Hudi write with a plan the table may have left behind. Five
     * times, at moments and for durations drawn from a seeded random (the seed is printed; {@code
     * -Dclickstream.stall.seed=N} replays one). A stop may land anywhere in a commit, also between the sink's last
     * check and the completion of the instant. Afterwards the table holds every event the simulator produced exactly
     * once (rows = events, every (partition, offset) once, read by Spark) and no task ended FAILED.
     */
    @Nested
    class StalledCoordinator {

        private static final String TOPIC = "bronze_stall";
        private static final String SINK = "sink-stall";
        private static final String SIMULATOR = "sim-stall";
        private static final int PARTITIONS = 4;
        private static final int STOPS = 5;
        /**
         * The sink consumers' session timeout for this test: 6 s, the smallest the broker accepts (its
         * {@code group.min.session.timeout.ms}), instead of the workers' 10 s, so that a stopped coordinator's
         * partitions move, and each stop may end, 4 s sooner. Three of the workers' 2 s consumer heartbeats fit in it.
         */
        private static final int SESSION_TIMEOUT_MS = 6_000;
        /**
         * The commit lock's heartbeat; the lock expires when ten of them pass without a refresh: 6 s, as the session,
         * so the successor's coordinator waits for neither longer than the other.
         */
        private static final int LOCK_HEARTBEAT_MS = 600;

        private static final Duration LOCK_EXPIRY = Duration.ofMillis(10L * LOCK_HEARTBEAT_MS);
        /**
         * The shortest stop: past the sink consumers' session and the lock's expiry, with a margin for a slow broker.
         * Both are 4 s shorter than the workers' defaults, so the stops and the successor's takeover are both 4 s
         * shorter and the stops land at the same points of the takeover.
         */
        private static final Duration MIN_STOP =
                Duration.ofMillis(Math.max(LOCK_EXPIRY.toMillis(), SESSION_TIMEOUT_MS) + 3_000L);
        /**
         * The random part of a stop. Short stops wake the coordinator while its successor is still planning or writing,
         * long ones after the successor completed commits: both orders must stay exact.
         */
        private static final int STOP_SPREAD_MS = 10_000;
        /**
         * How long after a commit appeared in flight the stop comes: drawn at random up to this, so that it lands
         * anywhere in the Hudi write (seconds) or, now and then, just after it completed.
         */
        private static final int INTO_WRITE_SPREAD_MS = 2_000;

        private static final int EVENTS_PER_SECOND = 300;
        /** From SIGCONT until the sink runs on both workers and has committed new records of every partition. */
        private static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(180);

        private static final Pattern STALE = Pattern.compile("stale offsets: instant (\\d+)");

        @Test
        void aCoordinatorFrozenMidCommitPastItsLockNeitherLosesNorDuplicatesRows() throws Exception {
            long seed = Long.getLong("clickstream.stall.seed", System.nanoTime());
            System.out.printf("StalledCoordinator seed %d (-Dclickstream.stall.seed=%d replays it)%n", seed, seed);
            Random random = new Random(seed);
            Path table = stack.dataDir().resolve("bronze/stall");
            Path timeline = table.resolve(".hoodie/timeline");
            List<TopicPartition> partitions = BronzeSink.partitions(TOPIC, PARTITIONS);
            stack.createTopic(TOPIC, PARTITIONS);
            Map<String, String> sink = new HashMap<>(BronzeSink.config(stack, TOPIC, table, 2));
            sink.put("hoodie.write.lock.heartbeat_interval_ms", String.valueOf(LOCK_HEARTBEAT_MS));
            sink.put("consumer.override.session.timeout.ms", String.valueOf(SESSION_TIMEOUT_MS));
            // Every commit writes new files. With small-file handling, commits planned from the same state rewrite the
            // same file: the later version hides the earlier, and a range committed twice would not show as duplicates.
            sink.put("hoodie.parquet.small.file.limit", "0");
            stack.connect().putConnectorConfig(SINK, sink);
            stack.connect().awaitRunning(SINK, Duration.ofSeconds(120));
            stack.connect()
                    .putConnectorConfig(SIMULATOR, SimulatorConfigs.bounded(TOPIC, 10_000_000, EVENTS_PER_SECOND));
            stack.connect().awaitRunning(SIMULATOR, Duration.ofSeconds(120));
            BronzeSink.awaitCommittedOffsets(
                    stack.admin(),
                    SINK,
                    partitions,
                    Map.of(),
                    Duration.ofSeconds(180),
                    () -> ConnectorStatusText.of(stack, SINK));

            Set<String> stoppedIn = new HashSet<>();
            List<String> reports = new ArrayList<>();
            for (int i = 1; i <= STOPS; i++) {
                reports.add(i + ": " + stopCoordinatorMidCommit(random, timeline, partitions, stoppedIn));
                System.out.println("Stop " + reports.get(reports.size() - 1));
            }

            stack.connect().pause(SIMULATOR);
            awaitTasksPaused(SIMULATOR, Duration.ofSeconds(120));
            List<ConsumerRecord<String, String>> records;
            long events;
            try (SimulatorEvents simulatorEvents = new SimulatorEvents(
                            stack.bootstrapServers(), ConnectWorker.OFFSET_TOPIC, Set.of(SIMULATOR));
                    TopicReader reader = new TopicReader(stack.bootstrapServers(), TOPIC)) {
                events = simulatorEvents.count(Duration.ofSeconds(60));
                reader.readAtLeast(
                        (int) events, Duration.ofSeconds(240), () -> ConnectorStatusText.of(stack, SIMULATOR));
                reader.readToEnd();
                records = List.copyOf(reader.records());
                assertThat(simulatorEvents.count(Duration.ofSeconds(60)))
                        .as("events of the paused simulator")
                        .isEqualTo(events);
            }
            assertThat(records)
                    .as("records on the topic (read_committed) = events the simulator produced")
                    .hasSize((int) events);
            BronzeSink.awaitCommittedThrough(
                    stack.admin(), SINK, records, Duration.ofSeconds(240), () -> ConnectorStatusText.of(stack, SINK));

            Map<String, Long> stats = SparkTableReader.stats(
                    table, stack.dataDir().resolve("logs/spark-stall.log"), "kafka_partition", "kafka_offset");
            System.out.printf(
                    "Stops:%n  %s%nWorker logs: %s%nTable: %s, events %d%n",
                    String.join("\n  ", reports), workerLogFindings(), stats, events);
            assertThat(stats)
                    .as("Bronze read by Spark after %d stops of the coordinator's worker (seed %d)", STOPS, seed)
                    .containsEntry("rows", events)
                    .containsEntry("distinct", events);
            for (String connector : List.of(SINK, SIMULATOR)) {
                ConnectorStatus status = stack.connect().status(connector);
                assertThat(status.tasks())
                        .as("tasks of %s at the end: %s", connector, ConnectorStatusText.of(stack, connector))
                        .noneMatch(ConnectorStatus.TaskStatus::isFailed);
            }
        }

        /**
         * One stop: a random time into the next commit's write, SIGSTOPs the worker of the coordinator, keeps it
         * stopped {@link #MIN_STOP} plus a random part of {@link #STOP_SPREAD_MS} while watching the timeline, SIGCONTs
         * it and waits until the pipeline settled. Returns what it saw, for the log.
         */
        private static String stopCoordinatorMidCommit(
                Random random, Path timeline, List<TopicPartition> partitions, Set<String> stoppedIn) throws Exception {
            long intoWriteMs = random.nextInt(INTO_WRITE_SPREAD_MS);
            long stopMs = MIN_STOP.toMillis() + random.nextInt(STOP_SPREAD_MS);
            for (int attempt = 1; ; attempt++) {
                int task = awaitCoordinatorTask(partitions.get(0), Duration.ofSeconds(120));
                ConnectWorker victim = BronzeSink.workerOfTask(stack, SINK, task);
                String instant = HudiTimelineFiles.awaitInflightCommit(
                        timeline, stoppedIn, Duration.ofSeconds(120), () -> ConnectorStatusText.of(stack, SINK));
                stoppedIn.add(instant);
                Thread.sleep(intoWriteMs);
                Set<String> completedAtStop = HudiTimelineFiles.completedCommits(timeline);
                long stopped = System.nanoTime();
                signal(victim, "STOP");
                String seen;
                try {
                    boolean inflight =
                            HudiTimelineFiles.inflightCommits(timeline).contains(instant);
                    Optional<Integer> holder = taskHolding(partitions.get(0));
                    if (holder.isEmpty() || holder.get() != task) {
                        if (attempt < 3) {
                            continue; // the coordinator moved just before the stop: stop its new worker instead
                        }
                        throw new AssertionError("the coordinator's task " + task + " on " + victim
                                + " no longer holds " + partitions.get(0) + " (now " + holder + ")");
                    }
                    long firstTakeover = -1;
                    Set<String> completedDuringStop = new TreeSet<>();
                    while (System.nanoTime() - stopped < TimeUnit.MILLISECONDS.toNanos(stopMs)) {
                        Thread.sleep(200); // the deliberate stop, watching the successor's commits
                        Set<String> completed = new TreeSet<>(HudiTimelineFiles.completedCommits(timeline));
                        completed.removeAll(completedAtStop);
                        if (firstTakeover < 0 && !completed.isEmpty()) {
                            firstTakeover = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stopped);
                        }
                        completedDuringStop = completed;
                    }
                    seen = String.format(
                            "%s (pid %d, task %d) stopped %d ms into instant %s (%s at the stop),"
                                    + " for %d ms; %d commits completed meanwhile%s",
                            victim,
                            victim.process().pid(),
                            task,
                            intoWriteMs,
                            instant,
                            inflight ? "in flight" : "already completed",
                            stopMs,
                            completedDuringStop.size(),
                            firstTakeover < 0 ? "" : ", the first " + firstTakeover + " ms after the stop");
                } finally {
                    signal(victim, "CONT");
                }
                Map<TopicPartition, Long> atResume = BronzeSink.committedOffsets(stack.admin(), SINK);
                long resumed = System.nanoTime();
                awaitSettled(partitions, atResume);
                String fate = HudiTimelineFiles.completedCommits(timeline).contains(instant)
                        ? "completed"
                        : HudiTimelineFiles.inflightCommits(timeline).contains(instant)
                                ? "still in flight"
                                : "rolled back";
                return String.format(
                        "%s; settled %d ms after SIGCONT; instant %s %s",
                        seen, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - resumed), instant, fate);
            }
        }

        /** {@code kill -<signal> <pid>} of the worker's JVM. */
        private static void signal(ConnectWorker worker, String signal) throws Exception {
            long pid = worker.process().pid();
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid))
                    .redirectErrorStream(true)
                    .start();
            String output = new String(kill.getInputStream().readAllBytes());
            assertThat(kill.waitFor(30, TimeUnit.SECONDS) && kill.exitValue() == 0)
                    .as("kill -%s %d (%s): %s", signal, pid, worker, output)
                    .isTrue();
        }

        /**
         * The task running the coordinator: the one whose consumer holds {@code partition0} in the sink's stable
         * consumer group (docs/hudi-sink.md: the coordinator lives in the task that owns partition 0 of the first
         * topic).
         */
        private static int awaitCoordinatorTask(TopicPartition partition0, Duration timeout) throws Exception {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (true) {
                Optional<Integer> task = taskHolding(partition0);
                if (task.isPresent()) {
                    return task.get();
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("no stable consumer of " + SINK + " holds " + partition0 + " within "
                            + timeout.toSeconds() + " s; " + ConnectorStatusText.of(stack, SINK));
                }
                Thread.sleep(250);
            }
        }

        /** The task whose consumer holds {@code partition} while the sink's consumer group is stable. */
        private static Optional<Integer> taskHolding(TopicPartition partition) throws Exception {
            ConsumerGroupDescription group = BronzeSink.consumerGroup(stack.admin(), SINK);
            if (group.groupState() != GroupState.STABLE) {
                return Optional.empty();
            }
            String prefix = "connector-consumer-" + SINK + "-";
            return group.members().stream()
                    .filter(m -> m.assignment().topicPartitions().contains(partition))
                    .map(m -> Integer.parseInt(m.clientId().substring(prefix.length())))
                    .findFirst();
        }

        /**
         * Waits until both connectors run every task, the sink's consumer group is stable with every partition assigned
         * and the sink committed records of every partition past {@code atResume}. A FAILED task fails the test at
         * once.
         */
        private static void awaitSettled(List<TopicPartition> partitions, Map<TopicPartition, Long> atResume)
                throws Exception {
            long deadline = System.nanoTime() + SETTLE_TIMEOUT.toNanos();
            String last = "";
            while (System.nanoTime() < deadline) {
                boolean running = running(SINK) && running(SIMULATOR);
                ConsumerGroupDescription group = BronzeSink.consumerGroup(stack.admin(), SINK);
                boolean assigned = group.groupState() == GroupState.STABLE
                        && group.members().stream()
                                .flatMap(m -> m.assignment().topicPartitions().stream())
                                .collect(Collectors.toSet())
                                .containsAll(partitions);
                Map<TopicPartition, Long> now = BronzeSink.committedOffsets(stack.admin(), SINK);
                if (running && assigned && BronzeSink.movedPast(now, partitions, atResume)) {
                    return;
                }
                last = "running " + running + ", group " + group.groupState() + ", committed " + now;
                Thread.sleep(500);
            }
            throw new AssertionError("the pipeline did not settle within " + SETTLE_TIMEOUT.toSeconds()
                    + " s of SIGCONT: " + last + ", committed at SIGCONT " + atResume + "; "
                    + ConnectorStatusText.of(stack, SINK) + "; " + ConnectorStatusText.of(stack, SIMULATOR));
        }

        /** True when every task of {@code connector} is RUNNING; fails on a FAILED task; false while REST is busy. */
        private static boolean running(String connector) {
            ConnectorStatus status;
            try {
                status = stack.connect().status(connector);
            } catch (ConnectRestException e) {
                return false;
            }
            assertThat(status.tasks())
                    .as("tasks of %s: %s", connector, ConnectorStatusText.of(stack, connector))
                    .noneMatch(ConnectorStatus.TaskStatus::isFailed);
            return status.isRunning();
        }

        private static void awaitTasksPaused(String connector, Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!stack.connect().status(connector).tasks().stream().allMatch(t -> "PAUSED".equals(t.state()))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError(connector + " not PAUSED within " + timeout.toSeconds() + " s; "
                            + ConnectorStatusText.of(stack, connector));
                }
                Thread.sleep(250);
            }
        }

        /**
         * What the workers logged about the fence and the lock: refused (stale) instants, broken locks, failed commits.
         */
        private static Map<String, Object> workerLogFindings() throws IOException {
            Set<String> staleInstants = new TreeSet<>();
            Map<String, Object> findings = new LinkedHashMap<>();
            int brokenLocks = 0;
            int failedCommits = 0;
            int otherCoordinator = 0;
            for (ConnectWorker worker : stack.workers()) {
                for (String line : Files.readAllLines(worker.process().logFile())) {
                    Matcher stale = STALE.matcher(line);
                    if (stale.find()) {
                        staleInstants.add(stale.group(1));
                    }
                    brokenLocks += line.contains("Breaking commit lock") ? 1 : 0;
                    failedCommits += line.contains("failed; staged chunks are kept") ? 1 : 0;
                    otherCoordinator += line.contains("was committed by another coordinator") ? 1 : 0;
                }
            }
            findings.put("stale-offsets instants", staleInstants);
            findings.put("broken locks", brokenLocks);
            findings.put("failed commits", failedCommits);
            findings.put("tables committed by another coordinator", otherCoordinator);
            return findings;
        }
    }

    /**
     * The simulator in a real Connect cluster (two worker processes, exactly-once source support) created through the
     * REST API from the plugin bundle, read back by a read_committed consumer.
     */
    @Nested
    class SimulatorSource {

        static final List<String> REQUIRED_FIELDS = List.of(
                "event_id",
                "event_type",
                "user_id",
                "session_id",
                "timestamp",
                "page_url",
                "referrer",
                "ip_address",
                "user_agent",
                "device");
        private static final ObjectMapper JSON = new ObjectMapper();

        @Test
        void theWorkerLoadsTheSimulatorFromTheBundleOnly() {
            List<ConnectRestClient.ConnectorPlugin> plugins = stack.connect().connectorPlugins();

            assertThat(plugins).anySatisfy(p -> {
                assertThat(p.className()).isEqualTo(SimulatorConfigs.CONNECTOR_CLASS);
                assertThat(p.type()).isEqualTo("source");
            });
            // Not on the classpath the workers share with this JVM: the worker found it through plugin.path.
            assertThatThrownBy(() -> Class.forName(SimulatorConfigs.CONNECTOR_CLASS))
                    .isInstanceOf(ClassNotFoundException.class);
        }

        @Test
        void producesExactlyMaxEventsValidEventsKeyedBySession() throws Exception {
            String topic = "sim_exact";
            int n = 20_000;
            stack.createTopic(topic, 6);
            ConnectRestClient rest = stack.connect();
            rest.putConnectorConfig("sim-source-exact", SimulatorConfigs.bounded(topic, n, 0));
            rest.awaitRunning("sim-source-exact", Duration.ofSeconds(60));

            List<ConsumerRecord<String, String>> records;
            try (TopicReader reader = new TopicReader(stack.bootstrapServers(), topic)) {
                reader.readAtLeast(n, Duration.ofSeconds(90), () -> statusOf("sim-source-exact"));
                awaitNoMoreThan(reader, n);
                records = reader.records();
            }

            assertThat(records).hasSize(n);
            Set<String> eventIds = new HashSet<>();
            for (ConsumerRecord<String, String> record : records) {
                JsonNode event = JSON.readTree(record.value());
                assertThat(REQUIRED_FIELDS)
                        .allSatisfy(f -> assertThat(event.hasNonNull(f))
                                .as("%s in %s", f, event)
                                .isTrue());
                assertThat(record.key()).isEqualTo(event.get("session_id").asText());
                eventIds.add(event.get("event_id").asText());
            }
            assertThat(eventIds).hasSize(n);
            rest.delete("sim-source-exact");
        }

        /**
         * A worker that runs a simulator task is SIGKILLed mid-run and started again. The simulator is deterministic
         * (same seed, simulated clock) and resumes from its committed offset, so the crashed run must hold exactly the
         * events of an uninterrupted run: nothing lost (aborted transactions are replayed), nothing twice
         * (read_committed).
         */
        @Test
        void aWorkerKilledMidRunLosesAndDuplicatesNothing() throws Exception {
            int n = 8_000;
            stack.createTopic("sim_reference", 6);
            stack.createTopic("sim_crash", 6);
            ConnectRestClient rest = stack.connect();
            rest.putConnectorConfig("sim-source-reference", SimulatorConfigs.bounded("sim_reference", n, 0));
            List<String> reference;
            try (TopicReader reader = new TopicReader(stack.bootstrapServers(), "sim_reference")) {
                reader.readAtLeast(n, Duration.ofSeconds(90), () -> statusOf("sim-source-reference"));
                awaitNoMoreThan(reader, n);
                reference = eventIds(reader.records());
            }
            rest.delete("sim-source-reference");

            rest.putConnectorConfig("sim-source-crash", SimulatorConfigs.bounded("sim_crash", n, 1_500));
            ConnectorStatus running = rest.awaitRunning("sim-source-crash", Duration.ofSeconds(60));
            List<String> crashed;
            try (TopicReader reader = new TopicReader(stack.bootstrapServers(), "sim_crash")) {
                reader.readAtLeast(n / 5, Duration.ofSeconds(60), () -> statusOf("sim-source-crash"));
                var victim = workerRunning(running.tasks().get(0).workerId());
                victim.kill();
                assertThat(victim.isAlive()).isFalse();
                victim.start(Duration.ofSeconds(90));
                stack.connect().awaitRunning("sim-source-crash", Duration.ofSeconds(90));

                reader.readAtLeast(n, Duration.ofSeconds(120), () -> statusOf("sim-source-crash"));
                awaitNoMoreThan(reader, n);
                crashed = eventIds(reader.records());
            }

            assertThat(crashed).hasSize(n).doesNotHaveDuplicates();
            assertThat(crashed).containsExactlyInAnyOrderElementsOf(reference);
            stack.connect().delete("sim-source-crash");
        }

        private static io.clickstream.local.connect.ConnectWorker workerRunning(String workerId) {
            return stack.workers().stream()
                    .filter(w -> workerId.equals(
                            w.restUri().getHost() + ":" + w.restUri().getPort()))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("No worker with id " + workerId));
        }

        private static List<String> eventIds(List<ConsumerRecord<String, String>> records) throws Exception {
            List<String> ids = new java.util.ArrayList<>(records.size());
            for (ConsumerRecord<String, String> record : records) {
                ids.add(JSON.readTree(record.value()).get("event_id").asText());
            }
            return ids;
        }

        /** The source stops at max.events: after reaching it, a few more polls must bring nothing. */
        private static void awaitNoMoreThan(TopicReader reader, int n) {
            long until = System.nanoTime() + Duration.ofSeconds(6).toNanos();
            while (System.nanoTime() < until) {
                reader.readToEnd();
                assertThat(reader.records())
                        .as("records after max.events was reached")
                        .hasSize(n);
                sleep(500);
            }
        }

        private static String statusOf(String connector) {
            return ConnectorStatusText.of(stack, connector);
        }

        static void sleep(long millis) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    /**
     * Bronze and Silver side by side on one topic, end to end: the simulator with duplicate (5 %), late (2 %) and
     * malformed (1 %) events, the bad-input corpus produced straight to the topic, and a Connect worker SIGKILLed twice
     * mid-write. Afterwards, independently of the sinks' code: every record on the topic is one Bronze row; Silver
     * holds one row per distinct valid event id, with the {@code SilverFields} columns as Spark reads them; the Silver
     * sink's dead letters come from exactly the malformed events and the corpus cases, each with its reason (a corpus
     * case's reason names its field; copies re-sent after a kill counted once); no task failed; the launcher's progress
     * line shows Silver's position, its lag and the dead letters. Beside the traffic and the kills, the replay job
     * rebuilds Silver from Bronze's first commit with a changed rule (IP anonymisation on) into Silver v2, whose
     * connector then continues from the replay's cut ({@link SilverReplay}: v2 equals v1 but for the rule, the seam
     * neither loses nor repeats a record, the dead letters agree).
     */
    @Nested
    class SilverReconciliation {

        private static final String TOPIC = "silver_events";
        private static final String DEAD_LETTERS = TOPIC + ".dlq";
        private static final String SIMULATOR = "sim-silver";
        private static final String BRONZE = "bronze-silver";
        private static final int EVENTS = 20_000;
        private static final int PARTITIONS = 4;
        private static final String CORPUS_KEY = "bad-event:";
        private static final String CONNECTOR_HEADER = "__connect.errors.connector.name";
        private static final String REASON_HEADER = "__connect.errors.exception.message";
        private static final String TOPIC_HEADER = "__connect.errors.topic";
        private static final String PARTITION_HEADER = "__connect.errors.partition";
        private static final String OFFSET_HEADER = "__connect.errors.offset";
        /** Seconds between kills, so they land in staging and in commits. */
        private static final int[] KILL_AFTER_SECONDS = {5, 6};

        @Test
        void bronzeAndSilverReconcileThroughFaultyTrafficBadInputAndKilledWorkers() throws Exception {
            Path bronzeTable = stack.dataDir().resolve(LakeTable.BRONZE_EVENTS.path());
            Path silverTable = stack.dataDir().resolve(LakeTable.SILVER_EVENTS.path());
            stack.createTopic(TOPIC, PARTITIONS);
            ConnectorDefinition silver = SilverSink.definition(stack, TOPIC, silverTable, DEAD_LETTERS);
            Map<String, String> bronzeConfig = BronzeSink.config(stack, TOPIC, bronzeTable, 2);
            // As shipped: Bronze holds the record's bytes, which the replay below reads back
            for (String converter : List.of("key.converter", "value.converter", "header.converter")) {
                bronzeConfig.put(converter, "org.apache.kafka.connect.converters.ByteArrayConverter");
            }
            stack.connect().putConnectorConfig(BRONZE, bronzeConfig);
            stack.connect().putConnectorConfig(silver.name(), silver.config());
            stack.connect().awaitRunning(BRONZE, Duration.ofSeconds(120));
            stack.connect().awaitRunning(silver.name(), Duration.ofSeconds(120));

            Map<String, String> simulator = SimulatorConfigs.bounded(TOPIC, EVENTS, 1_000);
            // Wall clock: event times near the records' Kafka timestamps, inside the parse transform's window.
            simulator.put("clock", "wall");
            simulator.put("duplicate.share", "0.05");
            simulator.put("late.event.share", "0.02");
            simulator.put("malformed.share", "0.01");
            stack.connect().putConnectorConfig(SIMULATOR, simulator);

            // Silver v2 replayed from Bronze's first commit with a changed rule while the traffic goes on
            SilverReplay replay = new SilverReplay(
                    stack,
                    TOPIC,
                    stack.dataDir().resolve("silver/enriched_events_v2"),
                    stack.dataDir().resolve("bronze/dead_letters_v2"),
                    DEAD_LETTERS + "-v2");
            List<BadEvent> corpus = BadEventCorpus.load();
            for (int i = 0; i < KILL_AFTER_SECONDS.length; i++) {
                Thread.sleep(KILL_AFTER_SECONDS[i] * 1000L);
                if (i == 0) {
                    produce(corpus); // mid-traffic: a partition ending in rejected records is never committed past
                    startReplay(replay, bronzeTable);
                }
                stack.worker(1).kill();
                Thread.sleep(1_000);
                stack.worker(1).start(Duration.ofSeconds(120));
            }

            int produced = EVENTS + corpus.size();
            List<ConsumerRecord<String, String>> records;
            try (TopicReader reader = new TopicReader(stack.bootstrapServers(), TOPIC)) {
                reader.readAtLeast(produced, Duration.ofSeconds(300), () -> ConnectorStatusText.of(stack, SIMULATOR));
                reader.readToEnd();
                records = List.copyOf(reader.records());
            }
            assertThat(records).as("records on the topic (read_committed)").hasSize(produced);
            BronzeSink.awaitCommittedThrough(
                    stack.admin(),
                    BRONZE,
                    records,
                    Duration.ofSeconds(300),
                    () -> ConnectorStatusText.of(stack, BRONZE));
            BronzeSink.awaitCommittedThrough(
                    stack.admin(),
                    silver.name(),
                    records,
                    Duration.ofSeconds(300),
                    () -> ConnectorStatusText.of(stack, silver.name()));
            // The replay ran beside the traffic and the kills; its connectors continue from its cut
            replay.await(Duration.ofSeconds(300));
            replay.deploy(stack);

            Set<String> validIds = new HashSet<>();
            // "partition/offset" of each record Silver must reject -> its corpus case id, or "" for a simulator record
            Map<String, String> rejectedOrigins = new HashMap<>();
            int malformed = 0;
            for (ConsumerRecord<String, String> r : records) {
                String origin = r.partition() + "/" + r.offset();
                if (r.key() != null && r.key().startsWith(CORPUS_KEY)) {
                    rejectedOrigins.put(origin, r.key().substring(CORPUS_KEY.length()));
                    continue;
                }
                String id = WellFormedEvents.eventId(r.value());
                if (id == null) {
                    malformed++;
                    rejectedOrigins.put(origin, "");
                } else {
                    validIds.add(id);
                }
            }
            assertThat(malformed).as("malformed simulator records").isBetween(EVENTS / 200, EVENTS / 50);
            assertThat(records.size() - corpus.size() - malformed - validIds.size())
                    .as("duplicate deliveries")
                    .isGreaterThan(EVENTS / 50);

            Map<String, String> reasonOfOrigin = new HashMap<>();
            int deadLetters = assertDeadLetters(silver.name(), rejectedOrigins, corpus, reasonOfOrigin);

            Map<String, Long> bronze = SparkTableReader.statsWithColumns(
                    bronzeTable, stack.dataDir().resolve("logs/spark-bronze.log"), "kafka_partition", "kafka_offset");
            assertThat(bronze)
                    .as("Bronze: every record once, raw")
                    .containsEntry("rows", (long) produced)
                    .containsEntry("distinct", (long) produced)
                    .containsEntry("nonnull_value", (long) produced);

            Map<String, Long> table = SparkTableReader.statsWithColumns(
                    silverTable, stack.dataDir().resolve("logs/spark-silver.log"), BundleFields.silver("EVENT_ID"));
            assertThat(table)
                    .as("Silver: one row per distinct valid event id")
                    .containsEntry("rows", (long) validIds.size())
                    .containsEntry("distinct", (long) validIds.size());
            for (String column : BundleFields.silverColumns()) {
                assertThat(table)
                        .as("Silver column %s as Spark reads it", column)
                        .containsKey("nonnull_" + column);
            }
            assertThat(table)
                    .as("required Silver columns are filled")
                    .containsEntry("nonnull_" + BundleFields.silver("EVENT_TIME"), (long) validIds.size())
                    .containsEntry("nonnull_" + BundleFields.silver("EVENT_DATE"), (long) validIds.size())
                    .containsEntry("nonnull_" + BundleFields.silver("KAFKA_OFFSET"), (long) validIds.size());
            assertThat(table.get("nonnull_" + BundleFields.silver("COUNTRY_ISO")))
                    .as("rows located by GeoIP")
                    .isGreaterThan(validIds.size() / 2L);
            assertThat(table.get("nonnull_" + BundleFields.silver("BROWSER_FAMILY")))
                    .as("rows with a parsed browser")
                    .isGreaterThan(validIds.size() / 2L);

            assertReplay(replay, records, silverTable, reasonOfOrigin);

            for (String connector :
                    List.of(SIMULATOR, BRONZE, silver.name(), SilverReplay.SILVER, SilverReplay.LETTERS)) {
                ConnectorStatus status = stack.connect().status(connector);
                assertThat(status.isFailed() || status.tasks().stream().anyMatch(ConnectorStatus.TaskStatus::isFailed))
                        .as("a failed task of %s: %s", connector, ConnectorStatusText.of(stack, connector))
                        .isFalse();
            }

            // The sink commits offsets just past each partition's last record; an exactly-once source leaves one
            // transaction marker after it, so the end offsets (and the lag) count up to one marker per partition.
            long committedThroughLastRecords = records.stream()
                    .collect(Collectors.toMap(ConsumerRecord::partition, r -> r.offset() + 1, Math::max))
                    .values()
                    .stream()
                    .mapToLong(Long::longValue)
                    .sum();
            String line = progressLine(silver);
            Matcher sink = Pattern.compile(
                            Pattern.quote(silver.name()) + " RUNNING [^|]* committed ([0-9,]+) lag ([0-9,]+)")
                    .matcher(line);
            assertThat(sink.find())
                    .as("Silver's position in the progress line %s", line)
                    .isTrue();
            assertThat(Long.parseLong(sink.group(1).replace(",", "")))
                    .as("Silver's committed offsets in %s", line)
                    .isEqualTo(committedThroughLastRecords);
            assertThat(Long.parseLong(sink.group(2).replace(",", "")))
                    .as("Silver's lag in %s", line)
                    .isBetween(0L, (long) PARTITIONS);
            assertThat(line)
                    .as("dead letters in the progress line")
                    .contains("dead letters " + DEAD_LETTERS + "=" + String.format(Locale.ROOT, "%,d", deadLetters));
        }

        /** Starts the replay of Bronze's first commit, once there is one. */
        private static void startReplay(SilverReplay replay, Path bronzeTable) throws Exception {
            Path bronzeTimeline = bronzeTable.resolve(".hoodie/timeline");
            long firstCommitDeadline =
                    System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (HudiTimelineFiles.completedCommits(bronzeTimeline).isEmpty()) {
                assertThat(System.nanoTime()).as("Bronze's first commit").isLessThan(firstCommitDeadline);
                Thread.sleep(200);
            }
            String firstCommit = new TreeSet<>(HudiTimelineFiles.completedCommits(bronzeTimeline)).first();
            replay.start(bronzeTable, firstCommit, stack.dataDir().resolve("logs"));
        }

        /**
         * Silver v2 (replayed up to Bronze's first commit, then continued by its connector) against Silver v1, and its
         * dead letters against v1's, once the new connectors have committed through the end of their topics.
         */
        private static void assertReplay(
                SilverReplay replay,
                List<ConsumerRecord<String, String>> records,
                Path silverTable,
                Map<String, String> reasonOfOrigin)
                throws Exception {
            BronzeSink.awaitCommittedThrough(
                    stack.admin(),
                    SilverReplay.SILVER,
                    records,
                    Duration.ofSeconds(300),
                    () -> ConnectorStatusText.of(stack, SilverReplay.SILVER));
            List<ConsumerRecord<String, String>> letters;
            try (TopicReader reader = new TopicReader(stack.bootstrapServers(), replay.letterTopic)) {
                reader.readToEnd();
                letters = List.copyOf(reader.records());
            }
            if (!letters.isEmpty()) {
                BronzeSink.awaitCommittedThrough(
                        stack.admin(),
                        SilverReplay.LETTERS,
                        letters,
                        Duration.ofSeconds(300),
                        () -> ConnectorStatusText.of(stack, SilverReplay.LETTERS));
            }
            List<String> columns = new ArrayList<>(BundleFields.silverColumns());
            List<String> v1 = SparkTableReader.rows(
                    SparkTableReader.module(),
                    silverTable.toUri().toString(),
                    Map.of(),
                    stack.dataDir().resolve("logs/spark-silver-v1-rows.log"),
                    Duration.ofSeconds(300),
                    columns.toArray(String[]::new));
            columns.add("_hoodie_commit_time");
            List<String> v2 = SparkTableReader.rows(
                    SparkTableReader.module(),
                    replay.silver.config().get("table.path"),
                    Map.of(),
                    stack.dataDir().resolve("logs/spark-silver-v2-rows.log"),
                    Duration.ofSeconds(300),
                    columns.toArray(String[]::new));
            replay.assertSilver(v1, v2);
            List<String> letterRows = SparkTableReader.rows(
                    SparkTableReader.module(),
                    replay.letters.config().get("table.path"),
                    Map.of(),
                    stack.dataDir().resolve("logs/spark-letters-v2-rows.log"),
                    Duration.ofSeconds(300),
                    "original_partition",
                    "original_offset",
                    "reason");
            List<String> topicOrigins = letters.stream()
                    .map(l -> header(l, PARTITION_HEADER) + "/" + header(l, OFFSET_HEADER))
                    .toList();
            replay.assertDeadLetters(reasonOfOrigin, letterRows, topicOrigins);
        }

        /**
         * The Silver dead letters come from exactly the rejected records (by their origin headers, the Bronze key),
         * each with a reason; a corpus case's reason names its field. Connect's dead-letter reporter is at-least-once:
         * a record a killed worker had dead-lettered but not yet committed past is dead-lettered again after the
         * restart, so copies are counted once. Returns the records in the dead-letter topic.
         */
        private static int assertDeadLetters(
                String silverConnector,
                Map<String, String> rejectedOrigins,
                List<BadEvent> corpus,
                Map<String, String> reasonOfOrigin) {
            List<ConsumerRecord<String, String>> letters;
            try (TopicReader reader = new TopicReader(stack.bootstrapServers(), DEAD_LETTERS)) {
                reader.readAtLeast(
                        rejectedOrigins.size(),
                        Duration.ofSeconds(120),
                        () -> ConnectorStatusText.of(stack, silverConnector));
                reader.readToEnd();
                letters = List.copyOf(reader.records());
            }
            for (ConsumerRecord<String, String> letter : letters) {
                assertThat(header(letter, CONNECTOR_HEADER))
                        .as("dead letter's connector")
                        .isEqualTo(silverConnector);
                assertThat(header(letter, TOPIC_HEADER))
                        .as("dead letter's topic")
                        .isEqualTo(TOPIC);
                String origin = header(letter, PARTITION_HEADER) + "/" + header(letter, OFFSET_HEADER);
                String reason = header(letter, REASON_HEADER);
                assertThat(reason).as("reason of the dead letter of %s", origin).isNotBlank();
                String earlier = reasonOfOrigin.putIfAbsent(origin, reason);
                assertThat(earlier == null || earlier.equals(reason))
                        .as("copies of %s agree on the reason: '%s' then '%s'", origin, earlier, reason)
                        .isTrue();
            }
            assertThat(reasonOfOrigin.keySet())
                    .as("origins of the dead letters")
                    .containsExactlyInAnyOrderElementsOf(rejectedOrigins.keySet());
            Map<String, BadEvent> cases = new HashMap<>();
            corpus.forEach(c -> cases.put(c.id(), c));
            rejectedOrigins.forEach((origin, caseId) -> {
                if (!caseId.isEmpty()) {
                    BadEvent c = cases.get(caseId);
                    assertThat(reasonOfOrigin.get(origin)).as("reason of %s", c).contains("'" + c.field() + "'");
                }
            });
            return letters.size();
        }

        private static String header(ConsumerRecord<?, ?> record, String name) {
            Header h = record.headers().lastHeader(name);
            return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
        }

        /** The corpus, straight to the topic: keyed by case id, stamped now so only the time cases fail on time. */
        private static void produce(List<BadEvent> corpus) throws Exception {
            Properties p = new Properties();
            p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
            p.put(ProducerConfig.ACKS_CONFIG, "all");
            try (KafkaProducer<String, byte[]> producer =
                    new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
                for (BadEvent c : corpus) {
                    Instant now = Instant.now();
                    producer.send(new ProducerRecord<>(
                                    TOPIC, null, now.toEpochMilli(), CORPUS_KEY + c.id(), c.value(now)))
                            .get(60, TimeUnit.SECONDS);
                }
            }
        }

        private static String progressLine(ConnectorDefinition silver) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
                    ProgressReporter progress =
                            new ProgressReporter(stack, Set.of(TOPIC), DeadLetterProgress.of(List.of(silver)), out)) {
                progress.report();
            }
            return bytes.toString(StandardCharsets.UTF_8);
        }
    }
}
