package io.clickstream.connect.hudi.protocol;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.hadoop.fs.Path;

/**
 * The coordinator's bookkeeping between commits: the staged chunks it has seen and not yet settled, the positions
 * reported since the last plan, and the round in progress (its commit id, who answered, when the next is due).
 *
 * <p>Holds no I/O and decides nothing about the table: {@link CommitCoordinator} reads and updates it from its one
 * thread, so nothing here is synchronized.
 */
final class CommitState {

    private final Map<String, StagedChunk> pending = new LinkedHashMap<>(); // by path, chunks with data
    private final List<StagedChunk> positions = new ArrayList<>(); // position reports since the last plan
    private final Map<String, Integer> waitingRounds = new HashMap<>();
    private final Set<String> answered = new HashSet<>();

    private String currentCommitId;
    private long roundStartedAt;
    private long nextRoundAt;
    private int rounds;
    private int expected;
    private boolean backlog; // the last commit left chunks it had no room for (commit.max.records)
    private boolean sizeTriggerArmed = true; // off after a size-triggered round that committed nothing

    // ---- staged chunks ----

    /**
     * Records a CHUNK_READY. True if it announces a staged file not seen before (worth reading ahead).
     */
    boolean add(StagedChunk chunk) {
        boolean newFile = false;
        if (chunk.hasData()) {
            String key = chunk.path() != null ? chunk.path() : "advance:" + chunk.controlOffset();
            newFile = pending.putIfAbsent(key, chunk) == null && chunk.path() != null;
        } else {
            positions.add(chunk);
        }
        if (currentCommitId != null && currentCommitId.equals(chunk.commitId())) {
            answered.add(chunk.partitionKey());
        }
        return newFile;
    }

    boolean nothingPending() {
        return pending.isEmpty();
    }

    boolean nothingSeen() {
        return pending.isEmpty() && positions.isEmpty();
    }

    /** Pending chunks with data, then the positions reported since the last plan: the planner's input. */
    List<StagedChunk> seen() {
        List<StagedChunk> seen = new ArrayList<>(pending.values());
        seen.addAll(positions);
        return seen;
    }

    /** A full commit's worth is staged: {@code maxRecords} rows or {@code maxBytes} estimated bytes. */
    boolean fullCommitStaged(long maxRecords, long maxBytes) {
        long rows = 0;
        long bytes = 0;
        for (StagedChunk chunk : pending.values()) {
            rows += chunk.recordCount();
            bytes += chunk.bytes();
        }
        return rows >= maxRecords || bytes >= maxBytes;
    }

    /** The chunk is settled (committed, obsolete, rejected or gone): forget it. */
    void remove(StagedChunk chunk) {
        String key = keyOf(chunk);
        pending.remove(key);
        waitingRounds.remove(key);
    }

    /** One more round the chunk waited behind a gap; the number of rounds it has waited. */
    int waitedAnotherRound(StagedChunk chunk) {
        return waitingRounds.merge(keyOf(chunk), 1, Integer::sum);
    }

    void clearPositions() {
        positions.clear();
    }

    /** True if a pending chunk names this staged file (by full path or, whatever the file system's scheme, by name). */
    boolean references(Path file) {
        String path = file.toString();
        return pending.values().stream()
                .anyMatch(c -> path.equals(c.path())
                        || (c.path() != null && file.getName().equals(new Path(c.path()).getName())));
    }

    private String keyOf(StagedChunk chunk) {
        if (chunk.path() != null) {
            return chunk.path();
        }
        return pending.entrySet().stream()
                .filter(e -> e.getValue().equals(chunk))
                .map(Map.Entry::getKey)
                .findFirst()
                .orElse("advance:" + chunk.controlOffset());
    }

    // ---- rounds ----

    /** Opens a round: a fresh commit id, nobody has answered yet. */
    String openRound(long now, int expectedPartitions) {
        currentCommitId = UUID.randomUUID().toString();
        roundStartedAt = now;
        expected = expectedPartitions;
        answered.clear();
        return currentCommitId;
    }

    void closeRound(long nextAt) {
        currentCommitId = null;
        nextRoundAt = nextAt;
    }

    boolean roundOpen() {
        return currentCommitId != null;
    }

    String commitId() {
        return currentCommitId;
    }

    boolean allAnswered() {
        return expected > 0 && answered.size() >= expected;
    }

    int answeredCount() {
        return answered.size();
    }

    int expected() {
        return expected;
    }

    boolean roundTimedOut(long now, long timeoutMs) {
        return now - roundStartedAt >= timeoutMs;
    }

    boolean roundDue(long now) {
        return now >= nextRoundAt;
    }

    void nextRoundAt(long at) {
        nextRoundAt = at;
    }

    /** Counts a commit attempt; the number of attempts so far. */
    int countRound() {
        return ++rounds;
    }

    int rounds() {
        return rounds;
    }

    boolean backlog() {
        return backlog;
    }

    void backlog(boolean value) {
        backlog = value;
    }

    boolean sizeTriggerArmed() {
        return sizeTriggerArmed;
    }

    void sizeTriggerArmed(boolean value) {
        sizeTriggerArmed = value;
    }
}
