package io.clickstream.local;

import io.clickstream.local.connect.ConnectWorker;
import io.clickstream.local.connect.ConnectorStatus;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * One progress line per call: the events the simulators have written and their rate (exact, from their committed
 * source offsets: see {@link SimulatorEvents}), each user topic's end offset (which with exactly-once sources also
 * counts one transaction marker per partition and commit), each connector's and task's state, for a sink the offsets
 * its table commits cover and its lag (Bronze and Silver alike), and the records in each dead-letter topic
 * ({@link DeadLetterProgress}). A connector or task that failed is said once, with its reason ({@link FailureWatch}).
 * A worker that died is said once, with its exit code, and the states it last reported
 * show as {@value ConnectorStatus#LOST}; so are the events of {@link #alsoWatch} (the Gold job's deaths and restarts).
 */
final class ProgressReporter implements AutoCloseable {

    /** How long a line may spend reading dead letters' reasons; a flood is read over several lines. */
    private static final Duration DEAD_LETTER_READ_BUDGET = Duration.ofMillis(500);

    private final LocalStack stack;
    private final SimulatorEvents simulatorEvents;
    private final DeadLetterProgress deadLetters;
    private final DeadLetterReasons deadLetterReasons;
    private final PrintStream out;
    private final WorkerWatch workers;
    private final FailureWatch failures = new FailureWatch();
    private final long startNanos = System.nanoTime();
    private long lastNanos = startNanos;
    private long lastEvents = -1;
    private volatile boolean closed;
    private volatile Supplier<String> stages = () -> null;
    private volatile Supplier<List<String>> watches = List::of;
    private volatile CommitStalls commitStalls;

    /** @param simulators the simulator connectors whose events the line counts */
    ProgressReporter(LocalStack stack, Set<String> simulators, DeadLetterProgress deadLetters, PrintStream out) {
        this.stack = stack;
        this.simulatorEvents = new SimulatorEvents(stack.bootstrapServers(), ConnectWorker.OFFSET_TOPIC, simulators);
        this.deadLetters = deadLetters;
        this.deadLetterReasons = deadLetters.topics().isEmpty()
                ? null
                : new DeadLetterReasons(stack.bootstrapServers(), deadLetters.topics());
        this.out = out;
        this.workers = WorkerWatch.of(stack.workers());
    }

    /** Appends what {@code more} returns (e.g. the Gold stage's last batch) to every line. */
    void alsoReport(Supplier<String> more) {
        this.stages = more;
    }

    /** Prints what {@code events} returns (e.g. that the Gold job died or was restarted) before each line. */
    void alsoWatch(Supplier<List<String>> events) {
        this.watches = events;
    }

    /** Says in a sink's segment when its last table commit is too old while it has records to commit. */
    void alsoWatchCommits(CommitStalls stalls) {
        this.commitStalls = stalls;
    }

    synchronized void report() {
        if (closed) {
            return;
        }
        long now = System.nanoTime();
        List<String> exits = new ArrayList<>(workers.newExits());
        try {
            exits.addAll(watches.get());
        } catch (RuntimeException e) {
            exits.add("Cannot check the stages: " + e.getMessage());
        }
        String line;
        try {
            Map<TopicPartition, Long> partitionEnds = partitionEndOffsets();
            Map<String, Long> ends = partitionEnds.entrySet().stream()
                    .collect(Collectors.groupingBy(
                            e -> e.getKey().topic(),
                            java.util.TreeMap::new,
                            Collectors.summingLong(Map.Entry::getValue)));
            long events = simulatorEvents.count(Duration.ofSeconds(10));
            double seconds = (now - lastNanos) / 1e9;
            long rate = lastEvents < 0 || seconds <= 0 ? 0 : Math.round((events - lastEvents) / seconds);
            lastEvents = events;
            lastNanos = now;
            StringJoiner topics = new StringJoiner(" ");
            ends.forEach((t, o) -> topics.add(t + "=" + String.format("%,d", o)));
            StringJoiner connectors = new StringJoiner(" | ");
            Set<String> liveWorkers = workers.liveWorkerIds();
            Map<String, ConnectorStatus> statuses = stack.connectorStatuses();
            exits.addAll(failures.newFailures(statuses));
            for (Map.Entry<String, ConnectorStatus> e : statuses.entrySet()) {
                connectors.add(e.getKey() + " "
                        + e.getValue().onLiveWorkers(liveWorkers).summary() + sinkProgress(e.getKey(), partitionEnds));
            }
            line = String.format(
                    "[%5ds] events %,d (%,d/s) | %s | %s%s",
                    elapsedSeconds(now),
                    events,
                    rate,
                    topics,
                    connectors.length() == 0 ? "no connectors" : connectors,
                    deadLetters.segment(partitionEnds, deadLetterReasons()));
            String more = stages.get();
            line = more == null ? line : line + " | " + more;
        } catch (Exception e) {
            line = String.format("[%5ds] progress unavailable: %s", elapsedSeconds(now), e.getMessage());
        }
        if (!closed) {
            exits.forEach(out::println);
            out.println(line);
            out.flush();
        }
    }

    /** The reasons read so far; none when the topics cannot be read now (the counts are shown all the same). */
    private Map<String, ReasonTally> deadLetterReasons() {
        if (deadLetterReasons == null) {
            return Map.of();
        }
        try {
            return deadLetterReasons.read(DEAD_LETTER_READ_BUDGET);
        } catch (RuntimeException e) {
            return Map.of();
        }
    }

    private long elapsedSeconds(long now) {
        return TimeUnit.NANOSECONDS.toSeconds(now - startNanos);
    }

    /**
     * A sink's committed position: Connect commits a sink's offsets to the group {@code connect-<name>}, and the Hudi
     * sink reports there the offsets of its last table commit, so this is what the table holds and how far behind it
     * is. Sources have no such group and show nothing. A sink whose commits have stalled says so
     * ({@link CommitStalls}); before its first commit (no offsets yet) all its topics hold is its lag.
     */
    private String sinkProgress(String connector, Map<TopicPartition, Long> ends) {
        try {
            Map<TopicPartition, OffsetAndMetadata> committed = stack.admin()
                    .listConsumerGroupOffsets("connect-" + connector)
                    .partitionsToOffsetAndMetadata()
                    .get(10, TimeUnit.SECONDS);
            CommitStalls stalls = commitStalls;
            if (committed.isEmpty()) {
                return stalls == null ? "" : stalls.segment(connector, stalls.uncommitted(connector, ends));
            }
            long position = 0;
            long lag = 0;
            for (Map.Entry<TopicPartition, OffsetAndMetadata> e : committed.entrySet()) {
                if (e.getValue() != null) {
                    position += e.getValue().offset();
                    lag += Math.max(
                            0, ends.getOrDefault(e.getKey(), 0L) - e.getValue().offset());
                }
            }
            return String.format(" committed %,d lag %,d", position, lag)
                    + (stalls == null ? "" : stalls.segment(connector, lag));
        } catch (Exception e) {
            return "";
        }
    }

    private Map<TopicPartition, Long> partitionEndOffsets() throws Exception {
        Set<String> topics = stack.userTopics();
        Map<String, TopicDescription> descriptions =
                stack.admin().describeTopics(topics).allTopicNames().get(10, TimeUnit.SECONDS);
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        descriptions
                .values()
                .forEach(d -> d.partitions()
                        .forEach(p -> request.put(new TopicPartition(d.name(), p.partition()), OffsetSpec.latest())));
        return stack.admin().listOffsets(request).all().get(10, TimeUnit.SECONDS).entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
    }

    /** Stops reporting; waits for a report under way, so that none is printed after this returns. */
    @Override
    public void close() {
        closed = true;
        synchronized (this) {
            simulatorEvents.close();
            if (deadLetterReasons != null) {
                deadLetterReasons.close();
            }
        }
    }

    @Override
    public String toString() {
        return "progress reporter";
    }
}
