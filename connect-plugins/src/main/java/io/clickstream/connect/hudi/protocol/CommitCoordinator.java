package io.clickstream.connect.hudi.protocol;

import java.io.FileNotFoundException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

import io.clickstream.connect.hudi.HudiSinkConfig;
import io.clickstream.connect.hudi.convert.SchemaMerger;
import io.clickstream.connect.hudi.protocol.ChunkChainPlanner.Plan;
import io.clickstream.connect.hudi.protocol.ChunkChainPlanner.Rejection;
import io.clickstream.connect.hudi.protocol.ControlEndpoint.Envelope;
import io.clickstream.connect.hudi.stage.ChunkPrefetcher;
import io.clickstream.connect.hudi.stage.ChunkStore;
import io.clickstream.connect.hudi.table.CommittedState;
import io.clickstream.connect.hudi.table.HudiTableWriter;
import io.clickstream.connect.hudi.table.KeyedRow;
import io.clickstream.connect.hudi.table.OffsetsCodec;
import org.apache.avro.Schema;
import org.apache.hadoop.fs.FileStatus;
import org.apache.kafka.connect.errors.DataException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one committer of a table. Every {@code commit.interval.ms} it sends START, collects CHUNK_READY answers until
 * every partition answered or {@code commit.timeout.ms} passed, then, holding the table's commit lock, re-reads the
 * committed offsets, plans chains of staged chunks ({@link ChunkChainPlanner}) and writes them as ONE Hudi commit whose
 * metadata holds the new offsets. Runs on its own thread inside the task that owns partition 0 of the first topic.
 *
 * <p>Once the staged chunks hold {@code commit.max.records} rows, or a commit had to leave some for lack of room,
 * the next commit starts at once, without a START round: a sink under load or catching up writes full commits back
 * to back instead of one per interval.
 *
 * <p>Failure handling: a failed commit keeps every chunk and is retried next interval (Hudi rolls the failed instant
 * back). A new coordinator re-reads the control topic from the offset stored in the last commit, so it sees every
 * chunk that was staged but not committed.
 */
public final class CommitCoordinator implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(CommitCoordinator.class);

  /** Rounds a chunk may wait behind a gap before its sender is told to restart from the committed offset. */
  static final int MAX_WAITING_ROUNDS = 5;
  /** Staged files nobody references are removed once this many commit intervals old (and at least 10 minutes). */
  static final int ORPHAN_AGE_INTERVALS = 20;
  static final long MIN_ORPHAN_AGE_MS = 10 * 60_000L;

  private final HudiSinkConfig config;
  private final ControlEndpoint control;
  private final HudiTableWriter writer;
  private final ChunkStore store;
  private final ChunkPrefetcher prefetcher;
  private final TableCommitLock lock;
  private final String coordinatorId = UUID.randomUUID().toString();
  private final String connector;

  private final Map<String, StagedChunk> pending = new LinkedHashMap<>(); // by path, chunks with data
  private final List<StagedChunk> positions = new ArrayList<>();          // position reports since the last plan
  private final Map<String, Integer> waitingRounds = new HashMap<>();
  private final Set<String> answered = new HashSet<>();
  private final Set<String> otherCoordinators = new HashSet<>();
  private boolean caughtUp;

  private volatile boolean running;
  private volatile boolean fenced; // stopped while still inside a commit: that commit must not complete
  private Thread thread;
  private String currentCommitId;
  private long roundStartedAt;
  private long nextRoundAt;
  private int rounds;
  private int expected;
  private boolean backlog; // the last commit left chunks it had no room for (commit.max.records)
  private boolean sizeTriggerArmed = true; // off after a size-triggered round that committed nothing
  private String lastSeenInstant;

  public CommitCoordinator(HudiSinkConfig config, ControlEndpoint control, HudiTableWriter writer, ChunkStore store,
                           TableCommitLock lock) {
    this.config = config;
    this.control = control;
    this.writer = writer;
    this.store = store;
    this.lock = lock;
    this.connector = config.connectorName();
    // At most one commit's rows read ahead: the next commit's chunks are decoded while Hudi writes this one.
    this.prefetcher = new ChunkPrefetcher(store, config.commitMaxRecords(), connector);
    // Checked at the commit point under the table's transaction lock: a coordinator that lost its commit lock
    // (stalled past its expiry) or was stopped never completes a commit.
    writer.fenceWith(() -> !fenced && lock.stillHeld());
  }

  public String id() {
    return coordinatorId;
  }

  public synchronized void start() {
    if (running) {
      return;
    }
    running = true;
    thread = new Thread(this::run, "hudi-commit-coordinator-" + connector);
    thread.setDaemon(true);
    thread.start();
  }

  private void run() {
    try {
      recover();
      while (running) {
        // With a backlog the next commit is due at once: take what the control topic has, do not wait for more.
        step(backlog ? Duration.ZERO : Duration.ofMillis(200));
      }
    } catch (RuntimeException e) {
      if (running) {
        LOG.error("Commit coordinator of {} stopped on an unexpected error; the task restarts it", connector, e);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      running = false;
      prefetcher.close();
    }
  }

  public boolean isRunning() {
    return running;
  }

  /** Positions the control consumer where the last commit left it: every chunk not yet committed is re-read. */
  void recover() {
    CommittedState state = writer.committedState();
    lastSeenInstant = state.instant();
    if (state.controlOffset() >= 0) {
      control.seek(state.controlOffset());
    } else {
      control.seekToBeginning();
    }
    // A successor may find chunks its predecessor never committed: its first round comes early.
    nextRoundAt = System.currentTimeMillis() + Math.min(config.commitIntervalMs(), 2_000L);
    LOG.info("Commit coordinator {} of {} started: table at {}, re-reading control topic from {}", coordinatorId,
        connector, state.offsets(), state.controlOffset() >= 0 ? state.controlOffset() : "the beginning");
  }

  /** One turn of the loop: read control messages, start or finish a round when due. */
  void step(Duration pollTimeout) throws InterruptedException {
    for (Envelope envelope : control.poll(pollTimeout)) {
      handle(envelope);
    }
    long now = System.currentTimeMillis();
    if (currentCommitId == null && (backlog || (sizeTriggerArmed && fullCommitStaged()))) {
      // A full commit's worth is staged (the last commit left chunks for lack of room, or the tasks staged that
      // much since): commit it at once, without asking the tasks (a START round would only add their partial
      // buffers and a round trip, and commits of fewer rows).
      currentCommitId = UUID.randomUUID().toString();
      roundStartedAt = now;
      answered.clear();
      boolean committed = false;
      try {
        committed = commitRound();
      } finally {
        currentCommitId = null;
        sizeTriggerArmed = committed; // e.g. staged chunks behind a gap: wait for a regular round
        nextRoundAt = System.currentTimeMillis() + (backlog ? 0 : config.commitIntervalMs());
      }
    } else if (currentCommitId == null && now >= nextRoundAt) {
      startRound(now);
    } else if (currentCommitId != null
        && (allAnswered() || now - roundStartedAt >= config.commitTimeoutMs())) {
      if (!allAnswered()) {
        LOG.info("Commit {} of {}: {} of {} partitions answered within {} ms; committing what is staged",
            currentCommitId, connector, answered.size(), expected, config.commitTimeoutMs());
      }
      try {
        commitRound();
      } finally {
        currentCommitId = null;
        nextRoundAt = System.currentTimeMillis() + config.commitIntervalMs();
      }
    }
  }

  private void handle(Envelope envelope) {
    ControlMessage message = envelope.message();
    switch (message.type()) {
      case CHUNK_READY -> {
        if (message.table() != null && !message.table().equals(config.tablePath())) {
          return; // staged by an earlier incarnation of this connector for another table
        }
        StagedChunk chunk = StagedChunk.of(message, envelope.offset());
        if (chunk.hasData()) {
          if (pending.putIfAbsent(chunk.path() != null ? chunk.path() : "advance:" + envelope.offset(), chunk) == null
              && chunk.path() != null) {
            prefetcher.offer(chunk.path(), chunk.recordCount());
          }
        } else {
          positions.add(chunk);
        }
        if (currentCommitId != null && currentCommitId.equals(message.commitId())) {
          answered.add(chunk.partitionKey());
        }
      }
      case START -> {
        if (coordinatorId.equals(message.coordinatorId())) {
          caughtUp = true; // everything after our own START was sent while we are coordinator
        } else if (caughtUp && otherCoordinators.add(message.coordinatorId())) {
          LOG.warn("Another commit coordinator ({}) of {} is sending START: the commit lock keeps its commits and "
              + "ours apart; one of us is a zombie and will find nothing to commit", message.coordinatorId(), connector);
        }
      }
      default -> {
        // COMMITTED and REJECTED are for participants
      }
    }
  }

  private void startRound(long now) {
    sizeTriggerArmed = true;
    currentCommitId = UUID.randomUUID().toString();
    roundStartedAt = now;
    answered.clear();
    expected = expectedPartitions(); // a metadata request: once per round, not per poll
    control.send(ControlMessage.start(connector, coordinatorId, currentCommitId));
    control.flush();
    LOG.debug("Commit {} of {} started", currentCommitId, connector);
  }

  private boolean fullCommitStaged() {
    long rows = 0;
    for (StagedChunk chunk : pending.values()) {
      rows += chunk.recordCount();
    }
    return rows >= config.commitMaxRecords();
  }

  private boolean allAnswered() {
    return expected > 0 && answered.size() >= expected;
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
    rounds++;
    backlog = false;
    if (pending.isEmpty() && positions.isEmpty()) {
      collectOrphans();
      return false;
    }
    long started = System.nanoTime();
    if (!lock.tryLock(config.commitTimeoutMs())) {
      return false;
    }
    long locked = System.nanoTime();
    long read = locked;
    Plan plan;
    List<Rejection> rejections = new ArrayList<>();
    Map<String, Long> offsets;
    boolean committed = false;
    try {
      CommittedState state = writer.committedState();
      noticeOtherCoordinators(state);
      List<StagedChunk> seen = new ArrayList<>(pending.values());
      seen.addAll(positions);
      plan = ChunkChainPlanner.plan(state.offsets(), seen, config.commitMaxRecords());
      List<StagedChunk> conflicting = schemaConflicts(plan);
      while (!conflicting.isEmpty()) {
        // Such a chunk can never be written: its sender re-reads its range knowing the table's schema and sends
        // the rows that do not fit to its dead-letter queue. The chain stops before it.
        seen.removeAll(conflicting);
        for (StagedChunk chunk : conflicting) {
          pending.remove(pendingKey(chunk));
          deleteQuietly(chunk);
        }
        plan = ChunkChainPlanner.plan(state.offsets(), seen, config.commitMaxRecords());
        for (StagedChunk chunk : conflicting) {
          rejections.add(new Rejection(chunk.participantId(), chunk.topic(), chunk.partition(),
              plan.nextOffsets().getOrDefault(chunk.partitionKey(), 0L), chunk.epoch()));
        }
        conflicting = schemaConflicts(plan);
      }
      rejections.addAll(plan.rejections());
      offsets = new TreeMap<>(plan.nextOffsets());
      if (plan.hasData()) {
        long planned = System.nanoTime();
        List<KeyedRow> rows = readAccepted(plan, state, rejections);
        read = System.nanoTime();
        if (rows == null) {
          sendRejections(rejections);
          return false; // a chunk vanished: its sender restarts; plan again next round
        }
        if (rows.isEmpty() && !writer.tableExists()) {
          // Only dead-lettered records so far and no table to commit their offsets to: they ride along with the
          // first rows. The plan assumed they commit now, so none of its other conclusions hold either.
          LOG.debug("Commit {} of {}: staged ranges hold no rows and the table does not exist yet",
              currentCommitId, connector);
          positions.clear();
          return false;
        } else {
          // (A commit without rows still moves the offsets past records that all went to the dead-letter queue.)
          Map<String, String> metadata = new LinkedHashMap<>();
          metadata.put(HudiTableWriter.KAFKA_OFFSETS, OffsetsCodec.encode(offsets));
          metadata.put(HudiTableWriter.CONTROL_OFFSET, String.valueOf(controlOffsetAfter(plan)));
          metadata.put(HudiTableWriter.COMMIT_ID, String.valueOf(currentCommitId));
          metadata.put(HudiTableWriter.COORDINATOR_ID, coordinatorId);
          if (!lock.stillHeld()) {
            throw new IllegalStateException("the commit lock was broken while this coordinator planned");
          }
          prefetch(plan.deferred()); // the next commit's chunks, read while Hudi writes this one
          lastSeenInstant = writer.commit(rows, metadata, state.instant());
          committed = true;
          LOG.info("Commit {} of {}: {} rows from {} chunks as instant {} in {} ms (lock {} ms, plan {} ms, read "
                  + "chunks {} ms, Hudi write {} ms), offsets now {}", currentCommitId, connector, rows.size(),
              plan.accepted().size(), lastSeenInstant, millisSince(started), millis(locked - started),
              millis(planned - locked), millis(read - planned), millisSince(read), offsets);
        }
      }
    } catch (RuntimeException e) {
      LOG.error("Commit {} of {} failed; staged chunks are kept and retried next interval", currentCommitId,
          connector, e);
      return false;
    } finally {
      lock.unlock();
    }
    afterPlan(plan, committed, rejections, offsets);
    return committed;
  }

  private void afterPlan(Plan plan, boolean committed, List<Rejection> rejections, Map<String, Long> offsets) {
    positions.clear();
    backlog = committed && !plan.deferred().isEmpty();
    List<StagedChunk> done = new ArrayList<>(plan.obsolete());
    if (committed) {
      done.addAll(plan.accepted());
    }
    for (StagedChunk chunk : plan.waiting()) {
      int waited = waitingRounds.merge(pendingKey(chunk), 1, Integer::sum);
      if (waited > MAX_WAITING_ROUNDS) {
        long at = offsets.getOrDefault(chunk.partitionKey(), 0L);
        LOG.warn("Chunk {} of {} waited {} rounds for offset {}: its sender restarts from there", chunk, connector,
            waited, at);
        rejections.add(new Rejection(chunk.participantId(), chunk.topic(), chunk.partition(), at, chunk.epoch()));
        done.add(chunk);
      }
    }
    for (StagedChunk chunk : done) {
      pending.remove(pendingKey(chunk));
      waitingRounds.remove(pendingKey(chunk));
      deleteQuietly(chunk);
    }
    sendRejections(rejections);
    if (committed) {
      control.send(ControlMessage.committed(connector, coordinatorId, currentCommitId, offsets));
    }
    control.flush();
    collectOrphans();
  }

  private static long millis(long nanos) {
    return nanos / 1_000_000;
  }

  private static long millisSince(long nanoTime) {
    return millis(System.nanoTime() - nanoTime);
  }

  private String pendingKey(StagedChunk chunk) {
    if (chunk.path() != null) {
      return chunk.path();
    }
    return pending.entrySet().stream().filter(e -> e.getValue().equals(chunk)).map(Map.Entry::getKey)
        .findFirst().orElse("advance:" + chunk.controlOffset());
  }

  private void sendRejections(List<Rejection> rejections) {
    for (Rejection r : rejections) {
      LOG.info("Rejecting {}-{} of participant {}: restart at committed offset {}", r.topic(), r.partition(),
          r.participantId(), r.committedOffset());
      control.send(ControlMessage.rejected(connector, coordinatorId, r.participantId(), r.topic(), r.partition(),
          r.committedOffset(), r.epoch()));
    }
    control.flush();
  }

  /** Accepted chunks whose rows' schema cannot join the table's (a field changing type), in chain order. */
  private List<StagedChunk> schemaConflicts(Plan plan) {
    Schema union = writer.tableSchema().orElse(null);
    List<StagedChunk> conflicting = new ArrayList<>();
    for (StagedChunk chunk : plan.accepted()) {
      if (chunk.avroSchema() == null) {
        continue;
      }
      try {
        union = SchemaMerger.union(union, new Schema.Parser().parse(chunk.avroSchema()));
      } catch (DataException | org.apache.avro.SchemaParseException e) {
        LOG.warn("Chunk {} of {} does not fit the table's schema ({}); its sender re-reads it", chunk, connector,
            e.getMessage());
        conflicting.add(chunk);
      }
    }
    return conflicting;
  }

  /** Rows of the accepted chunks in chain order; null when a staged file is missing (its sender is rejected). */
  private List<KeyedRow> readAccepted(Plan plan, CommittedState state, List<Rejection> rejections) {
    List<KeyedRow> rows = new ArrayList<>();
    for (StagedChunk chunk : plan.accepted()) {
      if (chunk.path() == null) {
        continue; // a range of skipped records (dead-lettered or tombstones): offsets only
      }
      try {
        rows.addAll(prefetcher.take(chunk.path()));
      } catch (UncheckedIOException e) {
        if (!(e.getCause() instanceof FileNotFoundException)) {
          throw e;
        }
        LOG.warn("Staged chunk {} of {} is gone; its sender restarts from the committed offset", chunk, connector);
        pending.remove(chunk.path());
        rejections.add(new Rejection(chunk.participantId(), chunk.topic(), chunk.partition(),
            state.offsets().getOrDefault(chunk.partitionKey(), 0L), chunk.epoch()));
        return null;
      }
    }
    return rows;
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

  private void noticeOtherCoordinators(CommittedState state) {
    if (state.instant() != null && !state.instant().equals(lastSeenInstant) && state.coordinatorId() != null
        && !coordinatorId.equals(state.coordinatorId())) {
      LOG.warn("Table {} was committed by another coordinator ({}) since our last look; planning against its "
          + "offsets", config.tablePath(), state.coordinatorId());
      writer.reset();
    }
    lastSeenInstant = state.instant();
  }

  private void prefetch(List<StagedChunk> chunks) {
    for (StagedChunk chunk : chunks) {
      if (chunk.path() != null && !prefetcher.offer(chunk.path(), chunk.recordCount())) {
        return; // the budget is full: the rest is read when its commit needs it
      }
    }
  }

  private void deleteQuietly(StagedChunk chunk) {
    if (chunk.path() == null) {
      return;
    }
    prefetcher.forget(chunk.path());
    try {
      store.delete(chunk.path());
    } catch (RuntimeException e) {
      LOG.warn("Could not delete staged chunk {}: {}", chunk.path(), e.toString());
    }
  }

  /** Staged files that no pending message references and that are old enough are leftovers of crashed tasks. */
  private void collectOrphans() {
    if (rounds % 10 != 0) {
      return;
    }
    long maxAge = Math.max(MIN_ORPHAN_AGE_MS, ORPHAN_AGE_INTERVALS * config.commitIntervalMs());
    long now = System.currentTimeMillis();
    try {
      for (FileStatus file : store.list()) {
        String path = file.getPath().toString();
        boolean referenced = pending.values().stream().anyMatch(c -> path.equals(c.path())
            || (c.path() != null && file.getPath().getName().equals(new org.apache.hadoop.fs.Path(c.path()).getName())));
        if (!referenced && now - file.getModificationTime() > maxAge) {
          LOG.info("Removing orphaned staged chunk {}", path);
          store.delete(path);
        }
      }
    } catch (RuntimeException e) {
      LOG.warn("Could not clean the staging directory of {}: {}", config.tablePath(), e.toString());
    }
  }

  @Override
  public void close() {
    running = false;
    control.wakeup();
    Thread t = thread;
    if (t != null && t != Thread.currentThread()) {
      try {
        t.join(60_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (t == null || !t.isAlive()) {
      prefetcher.close(); // else the coordinator's thread closes it on its way out
    } else {
      fenced = true; // its commit in progress fails at the commit point; the lock may now go to a successor
      LOG.warn("Commit coordinator {} of {} is still inside a commit after 60 s; fenced, that commit cannot "
          + "complete", coordinatorId, connector);
    }
    LOG.info("Commit coordinator {} of {} stopped", coordinatorId, connector);
  }
}
