package io.clickstream.connect.hudi.protocol;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Decides, from the table's committed offsets and the staged chunks seen on the control topic, which chunks the next
 * commit takes. The whole exactly-once argument lives here, as a pure function:
 * <ul>
 *   <li>Per partition, a chain starts at the committed offset and takes a chunk whose startOffset equals the chain's
 *       end, then the next, and so on. Records of a Kafka partition at given offsets are the same whoever read them,
 *       so any chunk starting at the right offset is correct; among duplicates the one from the partition's current
 *       reader (the sender of its newest message) is preferred, then the longest.</li>
 *   <li>A chunk starting before the new committed offset can never be taken again: obsolete (its file is deleted).</li>
 *   <li>A chunk starting after the chain's end waits for the gap to be filled.</li>
 *   <li>A participant whose newest position is behind the committed offset, or whose chunk straddles it, has a chain
 *       that can never connect: it is rejected and restarts reading at the committed offset.</li>
 * </ul>
 */
public final class ChunkChainPlanner {

    private ChunkChainPlanner() {}

    /** @param epoch the participant's chain the rejection is about */
    public record Rejection(String participantId, String topic, int partition, long committedOffset, long epoch) {}

    /**
     * @param accepted    chunks the commit takes, chain order per partition
     * @param nextOffsets committed offsets after the commit, for every partition known before or now
     * @param obsolete    chunks with data that no chain can take any more
     * @param deferred    chunks that continue a chain but did not fit into this commit's row or byte budget
     * @param waiting     chunks behind a gap: they may be taken once the gap is filled
     * @param rejections  participants that must restart reading at the committed offset
     */
    public record Plan(
            List<StagedChunk> accepted,
            Map<String, Long> nextOffsets,
            List<StagedChunk> obsolete,
            List<StagedChunk> deferred,
            List<StagedChunk> waiting,
            List<Rejection> rejections) {

        public boolean hasData() {
            return !accepted.isEmpty();
        }
    }

    public static Plan plan(Map<String, Long> committed, List<StagedChunk> seen) {
        return plan(committed, seen, Long.MAX_VALUE);
    }

    public static Plan plan(Map<String, Long> committed, List<StagedChunk> seen, long maxRecords) {
        return plan(committed, seen, maxRecords, Long.MAX_VALUE);
    }

    /**
     * @param maxRecords row budget of one commit: chains are cut at a chunk boundary once it, or {@code maxBytes}, is
     *                   spent (at least one chunk is always taken), the rest is {@code deferred} to the next commit
     * @param maxBytes   byte budget of one commit, in the chunks' estimated row bytes
     */
    public static Plan plan(Map<String, Long> committed, List<StagedChunk> seen, long maxRecords, long maxBytes) {
        Map<String, List<StagedChunk>> byPartition = new TreeMap<>();
        for (StagedChunk chunk : seen) {
            byPartition
                    .computeIfAbsent(chunk.partitionKey(), k -> new ArrayList<>())
                    .add(chunk);
        }
        // 1. Per partition, the chain of chunks that continues the committed offset.
        Map<String, List<StagedChunk>> chains = new LinkedHashMap<>();
        byPartition.forEach((partition, chunks) -> {
            String preferred = chunks.stream()
                    .max(Comparator.comparingLong(StagedChunk::controlOffset))
                    .map(StagedChunk::participantId)
                    .orElse(null);
            List<StagedChunk> chain = new ArrayList<>();
            long reach = committed.getOrDefault(partition, 0L);
            for (StagedChunk next = next(chunks, reach, preferred, chain);
                    next != null;
                    next = next(chunks, reach, preferred, chain)) {
                chain.add(next);
                reach = next.endOffset();
            }
            chains.put(partition, chain);
        });
        // 2. The budgets are spent round-robin over partitions, so a backlog on one cannot starve the others.
        Map<String, Integer> takenCount = new LinkedHashMap<>();
        chains.keySet().forEach(p -> takenCount.put(p, 0));
        long budget = maxRecords;
        long byteBudget = maxBytes;
        boolean anyTaken = false;
        Set<String> cut = new LinkedHashSet<>();
        boolean progress = true;
        while (progress) {
            progress = false;
            for (Map.Entry<String, List<StagedChunk>> entry : chains.entrySet()) {
                String partition = entry.getKey();
                int index = takenCount.get(partition);
                if (cut.contains(partition) || index >= entry.getValue().size()) {
                    continue;
                }
                StagedChunk chunk = entry.getValue().get(index);
                if ((chunk.recordCount() <= budget && chunk.bytes() <= byteBudget) || !anyTaken) {
                    anyTaken = true;
                    budget -= chunk.recordCount();
                    byteBudget -= chunk.bytes();
                    takenCount.put(partition, index + 1);
                    progress = true;
                } else {
                    cut.add(partition);
                }
            }
        }
        // 3. Everything else is obsolete (before the new committed offset), deferred (rest of a chain) or waiting.
        Map<String, Long> next = new TreeMap<>(committed);
        List<StagedChunk> accepted = new ArrayList<>();
        List<StagedChunk> obsolete = new ArrayList<>();
        List<StagedChunk> deferred = new ArrayList<>();
        List<StagedChunk> waiting = new ArrayList<>();
        List<Rejection> rejections = new ArrayList<>();
        for (Map.Entry<String, List<StagedChunk>> entry : byPartition.entrySet()) {
            String partition = entry.getKey();
            List<StagedChunk> chain = chains.get(partition);
            int taken = takenCount.get(partition);
            Set<StagedChunk> takenChunks = new LinkedHashSet<>(chain.subList(0, taken));
            Set<StagedChunk> rest = new LinkedHashSet<>(chain.subList(taken, chain.size()));
            long newCommitted = taken == 0
                    ? committed.getOrDefault(partition, 0L)
                    : chain.get(taken - 1).endOffset();
            if (taken > 0 || committed.containsKey(partition)) {
                next.put(partition, newCommitted);
            }
            accepted.addAll(takenChunks);
            for (StagedChunk chunk : entry.getValue()) {
                if (!chunk.hasData() || takenChunks.contains(chunk)) {
                    continue;
                }
                if (chunk.startOffset() < newCommitted) {
                    obsolete.add(chunk);
                } else {
                    (rest.contains(chunk) ? deferred : waiting).add(chunk);
                }
            }
            rejections.addAll(rejections(entry.getValue(), takenChunks, newCommitted));
        }
        return new Plan(accepted, next, obsolete, deferred, waiting, rejections);
    }

    /** The chunk that continues a chain at {@code at}: the current reader's, then the longest. */
    private static StagedChunk next(List<StagedChunk> chunks, long at, String preferred, List<StagedChunk> chain) {
        return chunks.stream()
                .filter(c -> c.hasData() && c.startOffset() == at && !chain.contains(c))
                .max(Comparator.<StagedChunk>comparingInt(c -> c.participantId().equals(preferred) ? 1 : 0)
                        .thenComparingLong(StagedChunk::endOffset)
                        .thenComparingLong(StagedChunk::controlOffset))
                .orElse(null);
    }

    /** Rejections carry the epoch of the chain they are about, so a participant that restarted since ignores them. */
    private static List<Rejection> rejections(List<StagedChunk> chunks, Set<StagedChunk> taken, long committed) {
        Map<String, StagedChunk> newestByParticipant = new LinkedHashMap<>();
        Map<String, Long> rejectedEpoch = new LinkedHashMap<>();
        for (StagedChunk chunk : chunks) {
            newestByParticipant.merge(
                    chunk.participantId(), chunk, (a, b) -> a.controlOffset() >= b.controlOffset() ? a : b);
            if (!taken.contains(chunk)
                    && chunk.hasData()
                    && chunk.startOffset() < committed
                    && chunk.endOffset() > committed) {
                rejectedEpoch.merge(chunk.participantId(), chunk.epoch(), Math::max); // straddles the committed offset
            }
        }
        newestByParticipant.forEach((participant, newest) -> {
            if (newest.endOffset() < committed) {
                rejectedEpoch.merge(participant, newest.epoch(), Math::max); // behind the committed offset
            }
        });
        List<Rejection> result = new ArrayList<>();
        rejectedEpoch.forEach((participant, epoch) -> {
            StagedChunk newest = newestByParticipant.get(participant);
            result.add(new Rejection(participant, newest.topic(), newest.partition(), committed, epoch));
        });
        return result;
    }
}
