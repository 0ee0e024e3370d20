package io.clickstream.connect.hudi.harness;

import io.clickstream.connect.hudi.HudiSinkTask;
import io.clickstream.connect.hudi.LogOffsets;
import io.clickstream.connect.hudi.config.HudiSinkConfig;
import io.clickstream.connect.hudi.protocol.ControlEndpoint;
import io.clickstream.connect.hudi.table.HudiTableWriter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.common.metrics.internals.PluginMetricsImpl;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTaskContext;

/**
 * Drives a real {@link HudiSinkTask} the way Connect's WorkerSinkTask does — open, rewind, poll, put, pause,
 * preCommit — over in-memory topic partitions, so the protocol can be tested with crashes and zombies at chosen
 * moments without a broker.
 */
public final class TaskDriver implements SinkTaskContext {

    private final Map<TopicPartition, List<SinkRecord>> topic;
    private final InMemoryControlLog control;
    private final Map<TopicPartition, Long> positions = new LinkedHashMap<>();
    private final Map<TopicPartition, Long> rewinds = new HashMap<>();
    private final Set<TopicPartition> pausedPartitions = new HashSet<>();
    private final List<SinkRecord> deadLettered = new ArrayList<>();
    private final List<Throwable> deadLetterReasons = new ArrayList<>();
    private final HudiSinkTask task;
    private final Map<String, String> props;
    private final Map<TopicPartition, Long> logStarts = new HashMap<>();
    private final Metrics metrics = new Metrics();
    private final PluginMetrics pluginMetrics = new PluginMetricsImpl(metrics, Map.of("task", "test"));
    private volatile RuntimeException deadLetterFailure;
    private volatile java.time.Duration commitDeadline;

    public TaskDriver(
            Map<TopicPartition, List<SinkRecord>> topic, InMemoryControlLog control, Map<String, String> props) {
        this(topic, control, props, writer -> {});
    }

    /** A driver whose coordinator's table writers are first handed to {@code coordinatorWriters} (to add hooks). */
    public TaskDriver(
            Map<TopicPartition, List<SinkRecord>> topic,
            InMemoryControlLog control,
            Map<String, String> props,
            java.util.function.Consumer<HudiTableWriter> coordinatorWriters) {
        this.topic = topic;
        this.control = control;
        this.props = props;
        this.task = new HudiSinkTask() {
            @Override
            protected ControlEndpoint newControl(String clientId) {
                return control.endpoint(props.get("name"));
            }

            @Override
            protected HudiTableWriter newTableWriter(HudiSinkConfig config) {
                HudiTableWriter writer = super.newTableWriter(config);
                coordinatorWriters.accept(writer);
                return writer;
            }

            @Override
            protected java.time.Duration commitDeadline(HudiSinkConfig config) {
                java.time.Duration deadline = commitDeadline;
                return deadline != null ? deadline : super.commitDeadline(config);
            }

            @Override
            protected LogOffsets newLogOffsets() {
                return new LogOffsets() {
                    @Override
                    public Map<TopicPartition, Range> of(Collection<TopicPartition> partitions) {
                        Map<TopicPartition, Range> ranges = new HashMap<>();
                        partitions.forEach(tp -> ranges.put(
                                tp, new Range(logStart(tp), topic.get(tp).size())));
                        return ranges;
                    }

                    @Override
                    public void close() {}
                };
            }
        };
        task.initialize(this);
        task.start(props);
    }

    public void assign(Collection<TopicPartition> partitions) {
        List<TopicPartition> revoked = new ArrayList<>(positions.keySet());
        revoked.removeAll(partitions);
        if (!revoked.isEmpty()) {
            task.close(revoked);
            revoked.forEach(positions::remove);
        }
        List<TopicPartition> added = new ArrayList<>(partitions);
        added.removeAll(positions.keySet());
        added.forEach(tp -> positions.put(tp, 0L));
        if (!added.isEmpty()) {
            task.open(added);
            rewind();
        }
    }

    /** Assigns partitions without revoking any: the task keeps working on partitions another task now owns. */
    public void assignAsZombie(Collection<TopicPartition> partitions) {
        List<TopicPartition> added = new ArrayList<>(partitions);
        added.removeAll(positions.keySet());
        added.forEach(tp -> positions.put(tp, 0L));
        task.open(added);
        rewind();
    }

    private void rewind() {
        rewinds.forEach((tp, offset) -> {
            if (positions.containsKey(tp)) {
                positions.put(tp, offset);
            }
        });
        rewinds.clear();
    }

    /** One WorkerSinkTask iteration: apply seeks, fetch up to {@code max} records per partition, put them. */
    public int poll(int max) {
        rewind();
        List<SinkRecord> batch = new ArrayList<>();
        positions.forEach((tp, position) -> {
            if (pausedPartitions.contains(tp)) {
                return;
            }
            List<SinkRecord> log = topic.get(tp);
            // outside the log (deleted by retention, or beyond its end): the consumer's reset policy, earliest
            int from = (int) (position < logStart(tp) || position > log.size() ? logStart(tp) : position);
            int to = Math.min(log.size(), from + max);
            batch.addAll(log.subList(from, to));
            positions.put(tp, (long) to);
        });
        task.put(batch);
        return batch.size();
    }

    private long logStart(TopicPartition tp) {
        synchronized (logStarts) {
            return logStarts.getOrDefault(tp, 0L);
        }
    }

    /** Retention: records of {@code tp} below {@code offset} are gone. */
    public void deleteRecordsBefore(TopicPartition tp, long offset) {
        synchronized (logStarts) {
            logStarts.put(tp, offset);
        }
    }

    /** The value of one of the task's plugin metrics. */
    public Object metric(String name) {
        return metrics.metrics().entrySet().stream()
                .filter(e -> e.getKey().name().equals(name))
                .map(e -> e.getValue().metricValue())
                .findFirst()
                .orElse(null);
    }

    public void preCommit() {
        task.preCommit(new HashMap<>());
    }

    public void stop() {
        task.stop();
        metrics.close();
    }

    public Set<TopicPartition> paused() {
        return new HashSet<>(pausedPartitions);
    }

    /** Coordinators started from now on abort commits running longer than {@code deadline} (below the key's minimum). */
    public TaskDriver commitDeadline(java.time.Duration deadline) {
        commitDeadline = deadline;
        return this;
    }

    /** From now on every dead letter the task reports fails to be produced with {@code failure} (null: none). */
    public void failDeadLetters(RuntimeException failure) {
        deadLetterFailure = failure;
    }

    /** The offset of {@code tp} the next poll fetches from. */
    public long position(TopicPartition tp) {
        rewind();
        return positions.get(tp);
    }

    /** The errors the dead letters were reported with, in the order of {@link #deadLettered()}. */
    public List<Throwable> deadLetterReasons() {
        synchronized (deadLettered) {
            return new ArrayList<>(deadLetterReasons);
        }
    }

    public List<SinkRecord> deadLettered() {
        synchronized (deadLettered) {
            return new ArrayList<>(deadLettered);
        }
    }

    // ---- SinkTaskContext ----

    @Override
    public Map<String, String> configs() {
        return props;
    }

    @Override
    public void offset(Map<TopicPartition, Long> offsets) {
        rewinds.putAll(offsets);
    }

    @Override
    public void offset(TopicPartition tp, long offset) {
        rewinds.put(tp, offset);
    }

    @Override
    public void timeout(long timeoutMs) {}

    @Override
    public Set<TopicPartition> assignment() {
        return new HashSet<>(positions.keySet());
    }

    @Override
    public void pause(TopicPartition... partitions) {
        pausedPartitions.addAll(List.of(partitions));
    }

    @Override
    public void resume(TopicPartition... partitions) {
        pausedPartitions.removeAll(List.of(partitions));
    }

    @Override
    public void requestCommit() {}

    @Override
    public PluginMetrics pluginMetrics() {
        return pluginMetrics;
    }

    @Override
    public ErrantRecordReporter errantRecordReporter() {
        return (record, error) -> {
            RuntimeException failure = deadLetterFailure;
            if (failure != null) {
                return CompletableFuture.failedFuture(failure);
            }
            synchronized (deadLettered) {
                deadLettered.add(record);
                deadLetterReasons.add(error);
            }
            Future<Void> done = CompletableFuture.completedFuture(null);
            return done;
        };
    }
}
