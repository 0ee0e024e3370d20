package io.clickstream.connect.hudi.protocol;

import io.clickstream.connect.hudi.config.HudiSinkConfig;
import io.clickstream.connect.hudi.lock.TableCommitLock;
import io.clickstream.connect.hudi.protocol.ChunkChainPlanner.Plan;
import io.clickstream.connect.hudi.protocol.ChunkChainPlanner.Rejection;
import io.clickstream.connect.hudi.protocol.ControlEndpoint.Envelope;
import io.clickstream.connect.hudi.stage.ChunkStore;
import io.clickstream.connect.hudi.table.CommittedState;
import io.clickstream.connect.hudi.table.HudiTableWriter;
import io.clickstream.connect.hudi.table.KeyedRow;
import io.clickstream.connect.hudi.table.OffsetsCodec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one committer of a table. Every {@code commit.interval.ms} it sends START, collects CHUNK_READY answers until
 * every partition answered or {@code commit.timeout.ms} passed, then, holding the table's commit lock, re-reads the
 * committed offsets, plans chains of staged chunks ({@link CommitPlanner}) and writes them as ONE Hudi commit whose
 * metadata holds the new offsets. Runs on its own thread ({@link CoordinatorThread}) inside the task that owns
 * partition 0 of the first topic; its bookkeeping is {@link CommitState}, its reads {@link ChunkReader}, its file
 * clean-up {@link StagingCleaner}.
 *
 * <p>Memory: one commit's rows (at most {@code commit.max.records} rows and {@code commit.max.bytes} estimated bytes,
 * or one chunk if a single chunk is larger) plus as much again read ahead for the next commit.
 *
 * <p>Once the staged chunks hold {@code commit.max.records} rows or {@code commit.max.bytes}, or a commit had to leave
 * some for lack of room,
 * the next commit starts at once, without a START round: a sink under load or catching up writes full commits back
 * to back instead of one per interval.
 *
 * <p>Failure handling: a failed commit keeps every chunk and is retried next interval (Hudi rolls the failed instant
 * back); after {@code commit.max.failures} failures in a row, or at once on an error retrying cannot heal
 * ({@link CommitFailures}), the coordinator stops and {@link #failure()} tells the task to fail. A new coordinator re-reads the control topic from the offset stored in the last commit, so it sees every
 * chunk that was staged but not committed. A commit running past {@code commit.deadline.ms} is aborted
 * ({@link CommitDeadline}) and ends the coordinator: the task starts a new one with new file systems, handing over
 * the failures in a row ({@link Handover}).
 *
 * <p>Idle rounds: a round that commits nothing while no chunk is pending stores a {@link ControlCheckpoint}, so an
 * idle connector's successor reads a round's messages, not every round since the last data commit.
 */
public final class CommitCoordinator implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CommitCoordinator.class);

    /** Rounds a chunk may wait behind a gap before its sender is told to restart from the committed offset. */
    static final int MAX_WAITING_ROUNDS = 5;

    private final HudiSinkConfig config;
    private final ControlEndpoint control;
    private final HudiTableWriter writer;
    private final TableCommitLock lock;
    private final String coordinatorId = UUID.randomUUID().toString();
    private final String connector;
    private final CommitState state = new CommitState();
    private final CommitPlanner planner;
    private final ChunkReader reader;
    private final StagingCleaner cleaner;
    private final CoordinatorThread thread;
    private final CommitFailures failures;
    private final CommitMetrics metrics;
    private final OverlappingCommits overlapping;
    private final ControlCheckpoint checkpoint;
    private final CommitDeadline deadline;

    private final Set<String> otherCoordinators = new HashSet<>();
    private boolean caughtUp;
    private volatile boolean fenced; // stopped while still inside a commit: that commit must not complete
    private String lastSeenInstant;

    /**
     * What a task's next coordinator takes over from its last one. Failures in a row go on across coordinators: an
     * aborted commit ends its coordinator, and a deadline hit by every commit must fail the task after
     * {@code commit.max.failures} aborts rather than restart coordinators forever.
     */
    public record Handover(int consecutiveFailures, long abortedCommits) {
        public static final Handover NONE = new Handover(0, 0);
    }

    public CommitCoordinator(
            HudiSinkConfig config,
            ControlEndpoint control,
            HudiTableWriter writer,
            ChunkStore store,
            TableCommitLock lock) {
        this(config, control, writer, store, lock, Duration.ofMillis(config.commitDeadlineMs()), Handover.NONE);
    }

    /** @param deadline longest a commit may run ({@code commit.deadline.ms}; tests may pass less than its minimum) */
    public CommitCoordinator(
            HudiSinkConfig config,
            ControlEndpoint control,
            HudiTableWriter writer,
            ChunkStore store,
            TableCommitLock lock,
            Duration deadline,
            Handover handover) {
        this.config = config;
        this.control = control;
        this.writer = writer;
        this.lock = lock;
        this.connector = config.connectorName();
        int maxColumns = config.recordMode() == HudiSinkConfig.RecordMode.STRUCTURED
                ? config.schemaMaxColumns()
                : Integer.MAX_VALUE; // bronze: a fixed schema the configuration decides
        this.planner = new CommitPlanner(
                () -> writer.tableSchema().orElse(null),
                maxColumns,
                config.commitMaxRecords(),
                config.commitMaxBytes(),
                connector);
        // At most one commit's rows read ahead: the next commit's chunks are decoded while Hudi writes this one.
        this.reader = new ChunkReader(store, config.commitMaxRecords(), config.commitMaxBytes(), connector);
        this.cleaner = new StagingCleaner(config, store, reader);
        this.thread = new CoordinatorThread(this, "hudi-commit-coordinator-" + connector);
        this.failures = new CommitFailures(config.commitMaxFailures(), connector, handover.consecutiveFailures());
        this.overlapping = new OverlappingCommits(connector, config.tablePath());
        this.deadline = new CommitDeadline(
                connector,
                deadline.toMillis(),
                CommitDeadline.DEFAULT_GRACE,
                () -> fenced = true,
                () -> writer.fileSystems().close(),
                handover.abortedCommits());
        this.metrics =
                new CommitMetrics(connector, coordinatorId, failures, overlapping, this.deadline, writer.fileSystems());
        this.checkpoint = new ControlCheckpoint(control, config.tablePath());
        // Checked at the commit point under the table's transaction lock: a coordinator that lost its commit lock
        // (stalled past its expiry) or was stopped never completes a commit.
        writer.fenceWith(() -> !fenced && lock.stillHeld());
    }

    public String id() {
        return coordinatorId;
    }

    public void start() {
        metrics.register();
        thread.start();
    }

    public boolean isRunning() {
        return thread.isRunning();
    }

    /** What the task's next coordinator takes over; read once this one stopped. */
    public Handover handover() {
        return new Handover(failures.consecutive(), deadline.abortedCommits());
    }

    /** Why the coordinator stopped for good (the task must fail with it), or null. */
    public RuntimeException failure() {
        return thread.failure();
    }

    /** Positions the control consumer where the last commit left it: every chunk not yet committed is re-read. */
    void recover() {
        CommittedState committed = writer.committedState();
        overlapping.notice(committed);
        lastSeenInstant = committed.instant();
        long from = checkpoint.startOffset(committed);
        if (from >= 0) {
            control.seek(from);
        } else {
            control.seekToBeginning();
        }
        // A successor may find chunks its predecessor never committed: its first round comes early.
        state.nextRoundAt(System.currentTimeMillis() + Math.min(config.commitIntervalMs(), 2_000L));
        LOG.info(
                "Commit coordinator {} of {} started: table at {}, re-reading control topic from {}{}",
                coordinatorId,
                connector,
                committed.offsets(),
                from >= 0 ? from : "the beginning",
                from > committed.controlOffset() ? " (checkpoint of an idle round)" : "");
    }

    /** True while the last commit left chunks it had no room for: the next commit is due at once. */
    boolean backlog() {
        return state.backlog();
    }

    /** One turn of the loop: read control messages, start or finish a round when due. */
    void step(Duration pollTimeout) throws InterruptedException {
        for (Envelope envelope : control.poll(pollTimeout)) {
            handle(envelope);
        }
        long now = System.currentTimeMillis();
        if (!state.roundOpen() && (state.backlog() || state.sizeTriggerArmed()) && fullCommitStaged()) {
            // A full commit's worth is staged (the last commit left chunks for lack of room, or the tasks staged that
            // much since): commit it at once, without asking the tasks (a START round would only add their partial
            // buffers and a round trip). A backlog smaller than that is not committed alone: while Hudi wrote, the
            // tasks staged more than this thread has read yet, so a regular round (due at once) collects it with their
            // answers.
            state.openRound(now, state.expected());
            boolean committed = false;
            try {
                committed = commitRound();
            } finally {
                state.sizeTriggerArmed(committed); // e.g. staged chunks behind a gap: wait for a regular round
                state.closeRound(nextRoundAt());
            }
        } else if (!state.roundOpen() && state.roundDue(now)) {
            startRound(now);
        } else if (state.roundOpen() && (state.allAnswered() || state.roundTimedOut(now, config.commitTimeoutMs()))) {
            if (!state.allAnswered()) {
                LOG.info(
                        "Commit {} of {}: {} of {} partitions answered within {} ms; committing what is staged",
                        state.commitId(),
                        connector,
                        state.answeredCount(),
                        state.expected(),
                        config.commitTimeoutMs());
            }
            try {
                commitRound();
            } finally {
                state.closeRound(nextRoundAt());
            }
        }
    }

    /** A backlog (chunks the last commit had no room for) makes the next round due at once, else after the interval. */
    private long nextRoundAt() {
        return System.currentTimeMillis() + (state.backlog() ? 0 : config.commitIntervalMs());
    }

    private boolean fullCommitStaged() {
        return state.fullCommitStaged(config.commitMaxRecords(), config.commitMaxBytes());
    }

    private void handle(Envelope envelope) {
        ControlMessage message = envelope.message();
        switch (message.type()) {
            case CHUNK_READY -> {
                if (message.table() != null && !message.table().equals(config.tablePath())) {
                    return; // staged by an earlier incarnation of this connector for another table
                }
                StagedChunk chunk = StagedChunk.of(message, envelope.offset());
                if (state.add(chunk)) {
                    reader.announced(chunk);
                }
            }
            case START -> {
                if (coordinatorId.equals(message.coordinatorId())) {
                    caughtUp = true; // everything after our own START was sent while we are coordinator
                } else if (caughtUp && otherCoordinators.add(message.coordinatorId())) {
                    LOG.warn(
                            "Another commit coordinator ({}) of {} is sending START: the commit lock keeps its commits and "
                                    + "ours apart; one of us is a zombie and will find nothing to commit",
                            message.coordinatorId(),
                            connector);
                }
            }
            default -> {
                // COMMITTED and REJECTED are for participants
            }
        }
    }

    private void startRound(long now) {
        state.sizeTriggerArmed(true);
        String commitId =
                state.openRound(now, expectedPartitions()); // a metadata request: once per round, not per poll
        control.send(ControlMessage.start(connector, coordinatorId, commitId));
        control.flush();
        LOG.debug("Commit {} of {} started", commitId, connector);
    }

    private int expectedPartitions() {
        int total = 0;
        for (String topic : config.topics()) {
            int count = control.partitionCount(topic);
            if (count < 0) {
                return -1;
            }
            total += count;
        }
        return total;
    }

    /** Plans and commits under the table's commit lock; true if it made a Hudi commit. */
    boolean commitRound() throws InterruptedException {
        int round = state.countRound();
        state.backlog(false);
        String currentCommitId = state.commitId();
        if (state.nothingSeen()) {
            cleaner.collectOrphans(round, state::references);
            return false;
        }
        deadline.begin(currentCommitId);
        Locked done;
        try {
            done = commitLocked(currentCommitId);
        } catch (RuntimeException | InterruptedException e) {
            if (deadline.end()) {
                throw aborted(currentCommitId, e);
            }
            throw e;
        }
        if (deadline.end()) {
            // Aborted as it finished: it may even have completed (the successor then finds its chunks committed).
            throw aborted(currentCommitId, null);
        }
        if (done == null) {
            return false;
        }
        afterPlan(done.plan(), done.committed(), done.rejections(), done.offsets(), round);
        return done.committed();
    }

    /** What a commit under the lock leaves for {@link #afterPlan}. */
    private record Locked(Plan plan, List<Rejection> rejections, Map<String, Long> offsets, boolean committed) {}

    /** The part {@code commit.deadline.ms} bounds; null when there is nothing to do after it (see its returns). */
    private Locked commitLocked(String currentCommitId) throws InterruptedException {
        long started = System.nanoTime();
        if (!lock.tryLock(config.commitTimeoutMs())) {
            return null;
        }
        long locked = System.nanoTime();
        long read = locked;
        Plan plan;
        List<Rejection> rejections;
        Map<String, Long> offsets;
        boolean committed = false;
        try {
            CommittedState committedState = writer.committedState();
            overlapping.notice(committedState);
            noticeOtherCoordinators(committedState);
            CommitPlanner.Outcome outcome = planner.plan(committedState.offsets(), state.seen());
            for (StagedChunk chunk : outcome.conflicting()) {
                state.remove(chunk);
                cleaner.delete(chunk);
            }
            plan = outcome.plan();
            rejections = new ArrayList<>(outcome.rejections());
            offsets = new TreeMap<>(plan.nextOffsets());
            if (plan.hasData()) {
                long planned = System.nanoTime();
                List<KeyedRow> rows = readAccepted(plan, committedState, rejections);
                read = System.nanoTime();
                if (rows == null) {
                    sendRejections(rejections);
                    return null; // a chunk vanished: its sender restarts; plan again next round
                }
                if (rows.isEmpty() && !writer.tableExists()) {
                    // Only dead-lettered records so far and no table to commit their offsets to: they ride along with
                    // the first rows. The plan assumed they commit now, so none of its other conclusions hold either.
                    LOG.debug(
                            "Commit {} of {}: staged ranges hold no rows and the table does not exist yet",
                            currentCommitId,
                            connector);
                    state.clearPositions();
                    return null;
                } else {
                    // (A commit without rows still moves the offsets past records that all went to the dead-letter
                    // queue.)
                    Map<String, String> metadata = new LinkedHashMap<>();
                    metadata.put(HudiTableWriter.KAFKA_OFFSETS, OffsetsCodec.encode(offsets));
                    metadata.put(HudiTableWriter.CONTROL_OFFSET, String.valueOf(controlOffsetAfter(plan)));
                    metadata.put(HudiTableWriter.COMMIT_ID, String.valueOf(currentCommitId));
                    metadata.put(HudiTableWriter.COORDINATOR_ID, coordinatorId);
                    if (!lock.stillHeld()) {
                        throw new IllegalStateException("the commit lock was broken while this coordinator planned");
                    }
                    reader.readAhead(plan.deferred()); // the next commit's chunks, read while Hudi writes this one
                    lastSeenInstant = writer.commit(rows, metadata, committedState.instant());
                    committed = true;
                    // Open streams: what the table's file systems still hold after the commit (read-ahead included); on
                    // S3A each holds a pooled connection, so a count that grows commit after commit is a leak.
                    LOG.info(
                            "Commit {} of {}: {} rows from {} chunks as instant {} in {} ms (lock {} ms, plan {} ms, read "
                                    + "chunks {} ms, Hudi write {} ms), open streams {}, offsets now {}",
                            currentCommitId,
                            connector,
                            rows.size(),
                            plan.accepted().size(),
                            lastSeenInstant,
                            millisSince(started),
                            millis(locked - started),
                            millis(planned - locked),
                            millis(read - planned),
                            millisSince(read),
                            writer.fileSystems().openInputStreams(),
                            offsets);
                }
            }
        } catch (RuntimeException e) {
            if (deadline.aborted()) {
                throw e; // not a failure to retry: commitRound ends this coordinator
            }
            LOG.error(
                    "Commit {} of {} failed; staged chunks are kept and retried next interval",
                    currentCommitId,
                    connector,
                    e);
            failures.failed(e); // throws when the task must fail
            return null;
        } finally {
            unlock();
        }
        return new Locked(plan, rejections, offsets, committed);
    }

    private void unlock() {
        try {
            lock.unlock();
        } catch (RuntimeException e) {
            if (!deadline.aborted()) {
                throw e;
            }
            // e.g. the deadline closed the file systems the lock lives on
            LOG.warn(
                    "Commit lock of {} not released after the aborted commit; it expires by its lease: {}",
                    connector,
                    e.toString());
        }
    }

    /**
     * The error that ends this coordinator after an abort. The abort counts as a failed commit, so a deadline hit by
     * every commit fails the task after {@code commit.max.failures} of them (carried across coordinators by
     * {@link Handover}); then {@link CommitFailures} throws instead.
     */
    private RuntimeException aborted(String commitId, Throwable cause) {
        Thread.interrupted(); // the deadline's own interrupt has done its work
        RuntimeException abort = new CommitDeadline.CommitAbortedException(
                "Commit " + commitId + " of " + connector
                        + " was aborted past " + HudiSinkConfig.COMMIT_DEADLINE_MS
                        + (cause == null ? "" : " and ended with " + cause)
                        + "; a new coordinator commits its rows",
                cause);
        failures.failed(abort);
        return abort;
    }

    private void afterPlan(
            Plan plan, boolean committed, List<Rejection> rejections, Map<String, Long> offsets, int round) {
        state.clearPositions();
        state.backlog(committed && !plan.deferred().isEmpty());
        if (committed) {
            failures.succeeded();
        }
        List<StagedChunk> done = new ArrayList<>(plan.obsolete());
        if (committed) {
            done.addAll(plan.accepted());
        }
        for (StagedChunk chunk : plan.waiting()) {
            int waited = state.waitedAnotherRound(chunk);
            if (waited > MAX_WAITING_ROUNDS) {
                long at = offsets.getOrDefault(chunk.partitionKey(), 0L);
                LOG.warn(
                        "Chunk {} of {} waited {} rounds for offset {}: its sender restarts from there",
                        chunk,
                        connector,
                        waited,
                        at);
                rejections.add(
                        new Rejection(chunk.participantId(), chunk.topic(), chunk.partition(), at, chunk.epoch()));
                done.add(chunk);
            }
        }
        for (StagedChunk chunk : done) {
            state.remove(chunk);
            cleaner.delete(chunk);
        }
        sendRejections(rejections);
        if (committed) {
            control.send(ControlMessage.committed(connector, coordinatorId, state.commitId(), offsets));
        }
        control.flush();
        if (!committed && state.nothingPending()) {
            checkpoint.settled(lastSeenInstant); // nothing pending: every message read so far is settled
        }
        cleaner.collectOrphans(round, state::references);
    }

    private static long millis(long nanos) {
        return nanos / 1_000_000;
    }

    private static long millisSince(long nanoTime) {
        return millis(System.nanoTime() - nanoTime);
    }

    private void sendRejections(List<Rejection> rejections) {
        for (Rejection r : rejections) {
            LOG.info(
                    "Rejecting {}-{} of participant {}: restart at committed offset {}",
                    r.topic(),
                    r.partition(),
                    r.participantId(),
                    r.committedOffset());
            control.send(ControlMessage.rejected(
                    connector,
                    coordinatorId,
                    r.participantId(),
                    r.topic(),
                    r.partition(),
                    r.committedOffset(),
                    r.epoch()));
        }
        control.flush();
    }

    /** Rows of the accepted chunks in chain order; null when a staged file is missing (its sender is rejected). */
    private List<KeyedRow> readAccepted(Plan plan, CommittedState committed, List<Rejection> rejections) {
        ChunkReader.Read read = reader.read(plan.accepted());
        StagedChunk chunk = read.missing();
        if (chunk != null) {
            LOG.warn("Staged chunk {} of {} is gone; its sender restarts from the committed offset", chunk, connector);
            state.remove(chunk);
            rejections.add(new Rejection(
                    chunk.participantId(),
                    chunk.topic(),
                    chunk.partition(),
                    committed.offsets().getOrDefault(chunk.partitionKey(), 0L),
                    chunk.epoch()));
        }
        return read.rows();
    }

    /** The control offset a successor must re-read from: the oldest message of a chunk that stays pending. */
    private long controlOffsetAfter(Plan plan) {
        long offset = control.position();
        for (StagedChunk chunk : plan.waiting()) {
            offset = Math.min(offset, chunk.controlOffset());
        }
        for (StagedChunk chunk : plan.deferred()) {
            offset = Math.min(offset, chunk.controlOffset());
        }
        return offset;
    }

    private void noticeOtherCoordinators(CommittedState committed) {
        if (committed.instant() != null
                && !committed.instant().equals(lastSeenInstant)
                && committed.coordinatorId() != null
                && !coordinatorId.equals(committed.coordinatorId())) {
            LOG.warn(
                    "Table {} was committed by another coordinator ({}) since our last look; planning against its "
                            + "offsets",
                    config.tablePath(),
                    committed.coordinatorId());
            writer.reset();
        }
        lastSeenInstant = committed.instant();
    }

    /** Called by the coordinator's thread on its way out, or by {@link #close()} when the thread has ended. */
    void releaseResources() {
        deadline.close();
        reader.close();
    }

    @Override
    public void close() {
        if (thread.close(control::wakeup)) {
            releaseResources(); // else the coordinator's thread releases them on its way out
        } else {
            fenced = true; // its commit in progress fails at the commit point; the lock may now go to a successor
            LOG.warn(
                    "Commit coordinator {} of {} is still inside a commit after {} s; fenced, that commit cannot "
                            + "complete",
                    coordinatorId,
                    connector,
                    CoordinatorThread.JOIN_TIMEOUT.toSeconds());
        }
        metrics.close(); // kept until now: a coordinator that stopped for good still shows why
        LOG.info("Commit coordinator {} of {} stopped", coordinatorId, connector);
    }
}
