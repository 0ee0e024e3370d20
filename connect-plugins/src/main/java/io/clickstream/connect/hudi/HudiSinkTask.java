package io.clickstream.connect.hudi;

import io.clickstream.connect.hudi.config.HudiSinkConfig;
import io.clickstream.connect.hudi.convert.BronzeRecordBuilder;
import io.clickstream.connect.hudi.convert.Reasons;
import io.clickstream.connect.hudi.convert.RowMaker;
import io.clickstream.connect.hudi.deadletter.DeadLetters;
import io.clickstream.connect.hudi.deadletter.WorkerDeadLetterFailures;
import io.clickstream.connect.hudi.lock.TableCommitLock;
import io.clickstream.connect.hudi.protocol.CommitCoordinator;
import io.clickstream.connect.hudi.protocol.ControlChannel;
import io.clickstream.connect.hudi.protocol.ControlEndpoint;
import io.clickstream.connect.hudi.protocol.ControlEndpoint.Envelope;
import io.clickstream.connect.hudi.protocol.Participant;
import io.clickstream.connect.hudi.stage.ChunkStore;
import io.clickstream.connect.hudi.table.HudiTableWriter;
import io.clickstream.connect.hudi.table.KeyedRow;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every task is a participant: it converts records to rows, stages them as chunks and answers the coordinator. The
 * task that owns partition 0 of the first topic also runs the commit coordinator. Where reading starts is decided by
 * the table's last commit, never by the consumer group's offsets.
 */
public class HudiSinkTask extends SinkTask {

    private static final Logger LOG = LoggerFactory.getLogger(HudiSinkTask.class);

    /** Longest time put() blocks waiting for commits before it pauses the partitions instead. */
    static final long MAX_BLOCK_MS = 30_000L;
    /** Metadata of the consumer group offsets the task reports: they copy the Hudi table's committed offsets. */
    static final String OFFSET_METADATA = "hudi-committed";

    private static final String COORDINATOR_CLIENT = "coordinator";
    static final String FIELDS_DROPPED = "schema-fields-dropped";

    private HudiSinkConfig config;
    private RowMaker rowMaker;
    private ChunkStore store;
    private HudiTableWriter tableReader;
    private ControlEndpoint participantControl;
    private Participant participant;
    private Thread controlThread;
    private volatile boolean running;
    private DeadLetters deadLetters;
    private TopicPartition coordinatorPartition;
    private CommitCoordinator coordinator;
    private ControlEndpoint coordinatorControl;
    private HudiTableWriter coordinatorWriter;
    private TableCommitLock coordinatorLock;
    private final Set<TopicPartition> paused = new HashSet<>();
    private long coordinatorStartedAt;
    private CommitCoordinator.Handover handover = CommitCoordinator.Handover.NONE;
    private LogOffsets logOffsets;
    private RetentionLossMetric retentionLoss;
    private TaskCounter fieldsDropped;
    private StartOffsets startOffsets;

    @Override
    public String version() {
        return HudiSinkConnector.VERSION;
    }

    @Override
    public void start(Map<String, String> props) {
        config = new HudiSinkConfig(props);
        tableReader = new HudiTableWriter(config);
        if (config.recordMode() == HudiSinkConfig.RecordMode.BRONZE) {
            BronzeRecordBuilder.layoutProblem(
                            tableReader.tableSchema().orElse(null), config.bronzeSchemaVersion(), config.tablePath())
                    .ifPresent(problem -> {
                        throw new ConnectException(problem);
                    });
        }
        store = new ChunkStore(config.tablePath(), tableReader.hadoopConf());
        String participantId = UUID.randomUUID().toString();
        participantControl = newControl("participant-" + participantId.substring(0, 8));
        participantControl.seekToEnd();
        PluginMetrics pluginMetrics = pluginMetrics();
        deadLetters = new DeadLetters(
                errantRecordReporter(),
                new WorkerDeadLetterFailures(config.connectorName(), TaskIds.of(pluginMetrics)));
        participant = new Participant(
                config,
                participantId,
                participantControl,
                store,
                () -> tableReader.tableSchema().orElse(null),
                deadLetters);
        coordinatorPartition = config.topics().isEmpty()
                ? null
                : new TopicPartition(config.topics().get(0), 0);
        logOffsets = newLogOffsets();
        retentionLoss = new RetentionLossMetric(pluginMetrics);
        if (config.recordMode() == HudiSinkConfig.RecordMode.STRUCTURED) {
            fieldsDropped = new TaskCounter(
                    pluginMetrics,
                    FIELDS_DROPPED,
                    "New fields left out of rows because the "
                            + "table may not take them as columns (schema.overflow=drop-field), since the task started");
        }
        rowMaker = new RowMaker(config, participant::tableSchema, n -> fieldsDropped.add(n));
        startOffsets = new StartOffsets(config, tableReader, logOffsets, retentionLoss);
        running = true;
        controlThread = new Thread(this::listen, "hudi-participant-" + config.connectorName());
        controlThread.setDaemon(true);
        controlThread.start();
        LOG.info(
                "Hudi sink task of {} started as participant {} writing {}",
                config.connectorName(),
                participantId,
                config.tablePath());
    }

    /** The coordinator's table writer (a seam for tests that stall a coordinator inside its commit). */
    protected HudiTableWriter newTableWriter(HudiSinkConfig sinkConfig) {
        return new HudiTableWriter(sinkConfig);
    }

    /** The longest a commit may run (a seam for tests that need less than {@code commit.deadline.ms}'s minimum). */
    protected Duration commitDeadline(HudiSinkConfig sinkConfig) {
        return Duration.ofMillis(sinkConfig.commitDeadlineMs());
    }

    /** Overridable so tests can run the protocol on an in-memory control log. */
    protected ControlEndpoint newControl(String clientId) {
        String checkpointGroup = COORDINATOR_CLIENT.equals(clientId) ? checkpointGroup(config) : null;
        return new ControlChannel(config, config.connectorName() + "-" + clientId, checkpointGroup);
    }

    /** The consumer group in which the coordinator stores its control topic checkpoints. */
    static String checkpointGroup(HudiSinkConfig config) {
        return "connect-" + config.connectorName() + "-hudi-control";
    }

    /** Overridable so tests can give the logs' offsets without a broker. */
    protected LogOffsets newLogOffsets() {
        return new AdminLogOffsets(config);
    }

    private ErrantRecordReporter errantRecordReporter() {
        try {
            return context.errantRecordReporter();
        } catch (NoSuchMethodError | NoClassDefFoundError e) {
            return null; // a worker older than Kafka 2.6
        }
    }

    private PluginMetrics pluginMetrics() {
        try {
            return context.pluginMetrics();
        } catch (NoSuchMethodError | NoClassDefFoundError e) {
            return null; // a worker older than Kafka 4.1
        }
    }

    private void listen() {
        while (running) {
            try {
                for (Envelope envelope : participantControl.poll(Duration.ofMillis(500))) {
                    participant.onControl(envelope.message());
                }
            } catch (RuntimeException e) {
                if (running) {
                    LOG.error(
                            "Participant {} of {} failed handling a control message; retrying",
                            participant.id(),
                            config.connectorName(),
                            e);
                    sleepQuietly(1000);
                }
            }
        }
    }

    @Override
    public void open(Collection<TopicPartition> partitions) {
        Map<TopicPartition, Long> seekTo = startOffsets.resolve(partitions);
        seekTo.forEach(participant::open);
        // Reading resumes where the table's last commit ends; no entry yet: from the partition's start (offset 0,
        // which the consumer's reset policy maps to the earliest retained record).
        context.offset(seekTo);
        LOG.info("Opened {} at the table's committed offsets {}", partitions, seekTo);
        if (coordinatorPartition != null && partitions.contains(coordinatorPartition)) {
            startCoordinator();
        }
    }

    private void startCoordinator() {
        if (coordinator != null && coordinator.isRunning()) {
            return;
        }
        stopCoordinator();
        coordinatorControl = newControl(COORDINATOR_CLIENT);
        coordinatorWriter = newTableWriter(config);
        coordinatorLock = new TableCommitLock(config, coordinatorWriter.storageConf());
        coordinator = new CommitCoordinator(
                config,
                coordinatorControl,
                coordinatorWriter,
                new ChunkStore(config.tablePath(), coordinatorWriter.hadoopConf()),
                coordinatorLock,
                commitDeadline(config),
                handover);
        coordinator.start();
        coordinatorStartedAt = System.currentTimeMillis();
    }

    private void stopCoordinator() {
        if (coordinator != null) {
            coordinator.close();
            handover = coordinator.handover(); // failures in a row and aborts go on with the next coordinator
            coordinator = null;
        }
        closeQuietly(coordinatorControl);
        closeQuietly(coordinatorLock); // before the writer, whose file systems it uses
        closeQuietly(coordinatorWriter);
        coordinatorControl = null;
        coordinatorWriter = null;
        coordinatorLock = null;
    }

    @Override
    public void close(Collection<TopicPartition> partitions) {
        for (TopicPartition tp : partitions) {
            participant.close(tp);
            deadLetters.forget(tp);
            paused.remove(tp);
        }
        if (coordinatorPartition != null && partitions.contains(coordinatorPartition)) {
            stopCoordinator();
        }
    }

    @Override
    public void put(Collection<SinkRecord> records) {
        // A dead letter the worker could not produce: fail before the records after it are consumed.
        deadLetters.check();
        if (coordinator != null && coordinator.failure() != null) {
            throw new ConnectException(
                    coordinator.failure().getMessage(), coordinator.failure().getCause());
        }
        if (coordinator != null
                && !coordinator.isRunning()
                && System.currentTimeMillis() - coordinatorStartedAt >= Math.min(config.commitIntervalMs(), 10_000L)) {
            LOG.warn("Restarting the commit coordinator of {}", config.connectorName());
            startCoordinator();
        }
        synchronized (participant) {
            Map<TopicPartition, Long> seeks = participant.takeSeeks();
            if (!seeks.isEmpty()) {
                context.offset(seeks);
            }
            for (SinkRecord record : records) {
                // Where the record sits in Kafka, whatever a transformation made of its topic
                TopicPartition tp = new TopicPartition(record.originalTopic(), record.originalKafkaPartition());
                long offset = record.originalKafkaOffset();
                // Records fetched before a rejection's seek takes effect belong to the abandoned chain.
                if (seeks.containsKey(tp) || !participant.accepts(tp, offset)) {
                    continue;
                }
                try {
                    KeyedRow row = rowMaker.rowOf(record, tp.topic(), tp.partition(), offset);
                    if (row == null) {
                        participant.skip(tp, offset);
                        continue;
                    }
                    participant.append(tp, offset, row);
                } catch (DataException e) {
                    deadLetter(record, tp, offset, e);
                    participant.skip(tp, offset);
                    continue;
                }
                if (participant.bufferFull()) {
                    participant.stage(null);
                }
            }
        }
        applyBackPressure(true);
    }

    private void deadLetter(SinkRecord record, TopicPartition tp, long offset, DataException e) {
        LOG.debug("Dead-lettering {}-{}@{}", tp.topic(), tp.partition(), offset, e);
        // The letter carries the reason's message and stack trace as headers: a bounded message and no cause chain
        // (whose messages may quote the record) keep it small enough to be produced.
        deadLetters.report(record, tp, offset, new DataException(Reasons.bounded(e.getMessage())));
    }

    /** Too many staged chunks wait for a commit: block a while (mayBlock), then pause the partitions. */
    private void applyBackPressure(boolean mayBlock) {
        int limit = config.maxPendingChunks();
        if (participant.pendingChunks() <= limit) {
            if (!paused.isEmpty()) {
                context.resume(paused.toArray(new TopicPartition[0]));
                LOG.info("Resumed {}: staged chunks committed", paused);
                paused.clear();
            }
            return;
        }
        if (!mayBlock) {
            return;
        }
        try {
            if (participant.awaitPendingBelow(limit, Math.min(MAX_BLOCK_MS, config.commitIntervalMs() * 2))) {
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        Collection<TopicPartition> owned = participant.partitions();
        owned.removeAll(paused);
        if (!owned.isEmpty()) {
            context.pause(owned.toArray(new TopicPartition[0]));
            paused.addAll(owned);
            LOG.info(
                    "Paused {}: {} staged chunks wait for a commit (max.pending.chunks={})",
                    owned,
                    participant.pendingChunks(),
                    limit);
        }
    }

    @Override
    public Map<TopicPartition, OffsetAndMetadata> preCommit(Map<TopicPartition, OffsetAndMetadata> currentOffsets) {
        // Only what the table holds: the consumer group's offsets are advisory (monitoring), never used to resume.
        // The metadata marks them as such, and makes them differ from what Connect records for our own seek in open():
        // without it Connect would take the seek offset for already committed and never commit an idle partition.
        Map<TopicPartition, OffsetAndMetadata> result = new HashMap<>();
        participant.committedOffsets().forEach((tp, offset) -> {
            if (offset > 0) {
                result.put(tp, new OffsetAndMetadata(offset, OFFSET_METADATA));
            }
        });
        if (!paused.isEmpty()) {
            applyBackPressure(false);
        }
        return result;
    }

    @Override
    public void stop() {
        running = false;
        if (participantControl != null) {
            participantControl.wakeup();
        }
        if (controlThread != null) {
            try {
                controlThread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        stopCoordinator();
        closeQuietly(participantControl);
        closeQuietly(logOffsets);
        closeQuietly(retentionLoss);
        closeQuietly(fieldsDropped);
        closeQuietly(tableReader);
        LOG.info("Hudi sink task of {} stopped", config == null ? "?" : config.connectorName());
    }

    private static void closeQuietly(AutoCloseable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (Exception e) {
            LOG.warn("Closing {} failed: {}", closeable.getClass().getSimpleName(), e.toString());
        }
    }

    private static void sleepQuietly(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
