package io.clickstream.connect.hudi.protocol;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
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

  private ChunkChainPlanner() {
  }

  public record Rejection(String participantId, String topic, int partition, long committedOffset) {
  }

  /**
   * @param accepted    chunks the commit takes, chain order per partition
   * @param nextOffsets committed offsets after the commit, for every partition known before or now
   * @param obsolete    chunks with data that no chain can take any more
   * @param waiting     chunks with data that may be taken by a later commit
   * @param rejections  participants that must restart reading at the committed offset
   */
  public record Plan(List<StagedChunk> accepted, Map<String, Long> nextOffsets, List<StagedChunk> obsolete,
                     List<StagedChunk> waiting, List<Rejection> rejections) {

    public boolean hasData() {
      return !accepted.isEmpty();
    }
  }

  public static Plan plan(Map<String, Long> committed, List<StagedChunk> seen) {
    Map<String, List<StagedChunk>> byPartition = new TreeMap<>();
    for (StagedChunk chunk : seen) {
      byPartition.computeIfAbsent(chunk.partitionKey(), k -> new ArrayList<>()).add(chunk);
    }
    Map<String, Long> next = new TreeMap<>(committed);
    List<StagedChunk> accepted = new ArrayList<>();
    List<StagedChunk> obsolete = new ArrayList<>();
    List<StagedChunk> waiting = new ArrayList<>();
    List<Rejection> rejections = new ArrayList<>();

    for (Map.Entry<String, List<StagedChunk>> entry : byPartition.entrySet()) {
      List<StagedChunk> chunks = entry.getValue();
      String preferred = chunks.stream().max(Comparator.comparingLong(StagedChunk::controlOffset))
          .map(StagedChunk::participantId).orElse(null);
      long cursor = committed.getOrDefault(entry.getKey(), 0L);
      Set<StagedChunk> taken = new LinkedHashSet<>();
      while (true) {
        final long at = cursor;
        StagedChunk best = chunks.stream()
            .filter(c -> c.hasData() && c.startOffset() == at && !taken.contains(c))
            .max(Comparator.<StagedChunk>comparingInt(c -> c.participantId().equals(preferred) ? 1 : 0)
                .thenComparingLong(StagedChunk::endOffset)
                .thenComparingLong(StagedChunk::controlOffset))
            .orElse(null);
        if (best == null) {
          break;
        }
        taken.add(best);
        cursor = best.endOffset();
      }
      accepted.addAll(taken);
      if (!taken.isEmpty() || committed.containsKey(entry.getKey())) {
        next.put(entry.getKey(), cursor);
      }
      final long newCommitted = cursor;
      for (StagedChunk chunk : chunks) {
        if (!chunk.hasData() || taken.contains(chunk)) {
          continue;
        }
        (chunk.startOffset() < newCommitted ? obsolete : waiting).add(chunk);
      }
      rejections.addAll(rejections(chunks, taken, newCommitted));
    }
    return new Plan(accepted, next, obsolete, waiting, rejections);
  }

  private static List<Rejection> rejections(List<StagedChunk> chunks, Set<StagedChunk> taken, long committed) {
    Map<String, StagedChunk> newestByParticipant = new LinkedHashMap<>();
    Map<String, Boolean> straddles = new HashMap<>();
    for (StagedChunk chunk : chunks) {
      newestByParticipant.merge(chunk.participantId(), chunk,
          (a, b) -> a.controlOffset() >= b.controlOffset() ? a : b);
      if (!taken.contains(chunk) && chunk.hasData() && chunk.startOffset() < committed
          && chunk.endOffset() > committed) {
        straddles.put(chunk.participantId(), Boolean.TRUE);
      }
    }
    List<Rejection> result = new ArrayList<>();
    newestByParticipant.forEach((participant, newest) -> {
      if (newest.endOffset() < committed || straddles.containsKey(participant)) {
        result.add(new Rejection(participant, newest.topic(), newest.partition(), committed));
      }
    });
    return result;
  }
}
