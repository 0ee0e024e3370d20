package io.clickstream.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.clickstream.local.connect.ConnectRestException;
import io.clickstream.local.connect.ConnectWorker;
import io.clickstream.local.connect.ConnectorStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A frozen commit coordinator. While the simulator writes steadily and the Bronze sink commits back to back, the
 * worker process hosting the sink's commit coordinator (the task that owns partition 0 of the topic) is stopped with
 * SIGSTOP in the middle of a Hudi commit, kept stopped past its sink consumers' session timeout and the commit lock's
 * expiry, so its partitions and the lock pass to the other worker, whose coordinator plans and commits, and then
 * continued with SIGCONT: it wakes inside its Hudi write with a plan the table may have left behind. Five times, at
 * moments and for durations drawn from a seeded random (the seed is printed; {@code -Dclickstream.stall.seed=N}
 * replays one). A stop may land anywhere in a commit, also between the sink's last check and the completion of the
 * instant. Afterwards the table holds every event the simulator produced exactly once (rows = events, every
 * (partition, offset) once, read by Spark) and no task ended FAILED.
 */
class BronzeStalledCoordinatorIT {

    private static final String TOPIC = "bronze_stall";
    private static final String SINK = "sink-stall";
    private static final String SIMULATOR = "sim-stall";
    private static final int PARTITIONS = 4;
    private static final int STOPS = 5;
    /** The commit lock's heartbeat; the lock expires when ten of them pass without a refresh: 10 s. */
    private static final int LOCK_HEARTBEAT_MS = 1_000;

    private static final Duration LOCK_EXPIRY = Duration.ofMillis(10L * LOCK_HEARTBEAT_MS);
    /** The shortest stop: past the sink consumers' session and the lock's expiry, with a margin for a slow broker. */
    private static final Duration MIN_STOP = Duration.ofMillis(
            Math.max(LOCK_EXPIRY.toMillis(), ConnectWorker.SINK_CONSUMER_SESSION_TIMEOUT_MS) + 3_000L);
    /**
     * The random part of a stop. Short stops wake the coordinator while its successor is still planning or writing,
     * long ones after the successor completed commits: both orders must stay exact.
     */
    private static final int STOP_SPREAD_MS = 10_000;
    /**
     * How long after a commit appeared in flight the stop comes: drawn at random up to this, so that it lands anywhere
     * in the Hudi write (seconds) or, now and then, just after it completed.
     */
    private static final int INTO_WRITE_SPREAD_MS = 2_000;

    private static final int EVENTS_PER_SECOND = 300;
    /** From SIGCONT until the sink runs on both workers and has committed new records of every partition. */
    private static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(180);

    private static final Pattern STALE = Pattern.compile("stale offsets: instant (\\d+)");

    private static LocalStack stack;

    @BeforeAll
    static void start() {
        stack = TestStacks.builder("BronzeStalledCoordinatorIT")
                .workers(2)
                .build()
                .start();
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void aCoordinatorFrozenMidCommitPastItsLockNeitherLosesNorDuplicatesRows() throws Exception {
        long seed = Long.getLong("clickstream.stall.seed", System.nanoTime());
        System.out.printf("BronzeStalledCoordinatorIT seed %d (-Dclickstream.stall.seed=%d replays it)%n", seed, seed);
        Random random = new Random(seed);
        Path table = stack.dataDir().resolve("bronze/stall");
        Path timeline = table.resolve(".hoodie/timeline");
        List<TopicPartition> partitions = BronzeSink.partitions(TOPIC, PARTITIONS);
        stack.createTopic(TOPIC, PARTITIONS);
        Map<String, String> sink = new HashMap<>(BronzeSink.config(stack, TOPIC, table, 2));
        sink.put("hoodie.write.lock.heartbeat_interval_ms", String.valueOf(LOCK_HEARTBEAT_MS));
        // Every commit writes new files. With small-file handling, commits planned from the same state rewrite the
        // same file: the later version hides the earlier, and a range committed twice would not show as duplicates.
        sink.put("hoodie.parquet.small.file.limit", "0");
        stack.connect().putConnectorConfig(SINK, sink);
        stack.connect().awaitRunning(SINK, Duration.ofSeconds(120));
        stack.connect().putConnectorConfig(SIMULATOR, SimulatorConfigs.bounded(TOPIC, 10_000_000, EVENTS_PER_SECOND));
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
        try (SimulatorEvents simulatorEvents =
                        new SimulatorEvents(stack.bootstrapServers(), ConnectWorker.OFFSET_TOPIC, Set.of(SIMULATOR));
                TopicReader reader = new TopicReader(stack.bootstrapServers(), TOPIC)) {
            events = simulatorEvents.count(Duration.ofSeconds(60));
            reader.readAtLeast((int) events, Duration.ofSeconds(240), () -> ConnectorStatusText.of(stack, SIMULATOR));
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
     * One stop: a random time into the next commit's write, SIGSTOPs the worker of the coordinator, keeps it stopped
     * {@link #MIN_STOP} plus a random part of {@link #STOP_SPREAD_MS} while watching the timeline, SIGCONTs it and
     * waits until the pipeline settled. Returns what it saw, for the log.
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
                boolean inflight = HudiTimelineFiles.inflightCommits(timeline).contains(instant);
                Optional<Integer> holder = taskHolding(partitions.get(0));
                if (holder.isEmpty() || holder.get() != task) {
                    if (attempt < 3) {
                        continue; // the coordinator moved just before the stop: stop its new worker instead
                    }
                    throw new AssertionError("the coordinator's task " + task + " on " + victim + " no longer holds "
                            + partitions.get(0) + " (now " + holder + ")");
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
                    : HudiTimelineFiles.inflightCommits(timeline).contains(instant) ? "still in flight" : "rolled back";
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
     * The task running the coordinator: the one whose consumer holds {@code partition0} in the sink's stable consumer
     * group (docs/hudi-sink.md: the coordinator lives in the task that owns partition 0 of the first topic).
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
     * and the sink committed records of every partition past {@code atResume}. A FAILED task fails the test at once.
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

    /** What the workers logged about the fence and the lock: refused (stale) instants, broken locks, failed commits. */
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
