package io.clickstream.connect.hudi.table;

import java.util.List;
import java.util.Map;

/**
 * What the table's last sink commit recorded: the next Kafka offset to read per "topic-partition", the control-topic
 * offset from which a new coordinator must re-read staged-chunk messages, and who committed it.
 *
 * @param instant     the Hudi instant (requested time) of that commit; null for a table without sink commits
 * @param lateCommits sink commits on the active timeline that completed after a sink commit requested later than
 *                    they were (a coordinator frozen inside its commit point past its transaction lock's lease): their
 *                    rows may be in the table twice
 */
public record CommittedState(
        String instant,
        Map<String, Long> offsets,
        long controlOffset,
        String commitId,
        String coordinatorId,
        List<LateCommit> lateCommits) {

    public static final CommittedState EMPTY = new CommittedState(null, Map.of(), -1L, null, null, List.of());

    public long offsetOf(String topic, int partition) {
        return offsets.getOrDefault(OffsetsCodec.key(topic, partition), 0L);
    }

    public boolean isEmpty() {
        return instant == null;
    }

    CommittedState withLateCommits(List<LateCommit> late) {
        return new CommittedState(instant, offsets, controlOffset, commitId, coordinatorId, List.copyOf(late));
    }
}
