package io.clickstream.connect.hudi.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.clickstream.connect.hudi.protocol.ChunkChainPlanner.Plan;
import io.clickstream.connect.hudi.protocol.ChunkChainPlanner.Rejection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChunkChainPlannerTest {

    private long controlOffset;
    private final List<StagedChunk> seen = new ArrayList<>();

    private StagedChunk chunk(String participant, int partition, long start, long end) {
        StagedChunk c = new StagedChunk(
                participant,
                "t",
                partition,
                start,
                end,
                end - start,
                "/staging/" + participant + "-" + partition + "-" + start + "-" + end + ".avro",
                "{}",
                null,
                controlOffset++,
                1,
                (end - start) * 100);
        seen.add(c);
        return c;
    }

    private StagedChunk position(String participant, int partition, long at) {
        StagedChunk c =
                new StagedChunk(participant, "t", partition, at, at, 0, null, null, "c1", controlOffset++, 1, 0);
        seen.add(c);
        return c;
    }

    @Test
    void takesContiguousChainsFromTheCommittedOffset() {
        StagedChunk a = chunk("A", 0, 10, 20);
        StagedChunk b = chunk("A", 0, 20, 25);
        StagedChunk c = chunk("B", 1, 0, 7);
        position("A", 0, 25);

        Plan plan = ChunkChainPlanner.plan(Map.of("t-0", 10L), seen);

        assertThat(plan.accepted()).containsExactly(a, b, c);
        assertThat(plan.nextOffsets()).containsExactlyInAnyOrderEntriesOf(Map.of("t-0", 25L, "t-1", 7L));
        assertThat(plan.obsolete()).isEmpty();
        assertThat(plan.waiting()).isEmpty();
        assertThat(plan.rejections()).isEmpty();
    }

    @Test
    void aChunkAfterAGapWaitsAndCommitsNothingForItsPartition() {
        chunk("A", 0, 30, 40);
        Plan plan = ChunkChainPlanner.plan(Map.of("t-0", 10L), seen);

        assertThat(plan.hasData()).isFalse();
        assertThat(plan.waiting()).extracting(StagedChunk::startOffset).containsExactly(30L);
        assertThat(plan.nextOffsets()).containsEntry("t-0", 10L);
        assertThat(plan.rejections()).isEmpty();
    }

    @Test
    void staleChunksBeforeTheCommittedOffsetAreObsoleteAndTheirSenderRejected() {
        // a zombie's chunk [5,15) while the table already holds everything before 10
        StagedChunk zombie = chunk("Z", 0, 5, 15);
        StagedChunk live = chunk("A", 0, 10, 18);

        Plan plan = ChunkChainPlanner.plan(Map.of("t-0", 10L), seen);

        assertThat(plan.accepted()).containsExactly(live);
        assertThat(plan.obsolete()).containsExactly(zombie);
        assertThat(plan.rejections()).containsExactly(new Rejection("Z", "t", 0, 18L, 1));
    }

    @Test
    void duplicateRangesFromTwoReadersCommitOnceAndTheCurrentReaderWins() {
        // after a rebalance B re-read what A had staged; B is the partition's current reader (newest message)
        StagedChunk fromA = chunk("A", 0, 0, 50);
        StagedChunk fromB = chunk("B", 0, 0, 40);
        StagedChunk nextFromB = chunk("B", 0, 40, 60);

        Plan plan = ChunkChainPlanner.plan(Map.of(), seen);

        assertThat(plan.accepted()).containsExactly(fromB, nextFromB);
        assertThat(plan.nextOffsets()).containsEntry("t-0", 60L);
        assertThat(plan.obsolete()).containsExactly(fromA);
        // A is behind (50 < 60): told to restart, harmless if it no longer owns the partition
        assertThat(plan.rejections()).containsExactly(new Rejection("A", "t", 0, 60L, 1));
    }

    @Test
    void aChunkStraddlingTheCommittedOffsetGetsItsSenderRejected() {
        StagedChunk a = chunk("A", 0, 0, 30);
        chunk("B", 0, 0, 20);
        StagedChunk bWaiting = chunk("B", 0, 20, 45);
        position("A", 0, 30);

        Plan plan = ChunkChainPlanner.plan(Map.of(), seen);

        // A is preferred (newest message), so [0,30) is taken; B's [20,45) starts before 30: obsolete, B rejected
        assertThat(plan.accepted()).containsExactly(a);
        assertThat(plan.obsolete()).extracting(StagedChunk::participantId).containsExactly("B", "B");
        assertThat(plan.obsolete()).contains(bWaiting);
        assertThat(plan.rejections()).containsExactly(new Rejection("B", "t", 0, 30L, 1));
    }

    @Test
    void aParticipantWhosePositionIsBehindTheTableIsRejected() {
        position("B", 0, 5);
        Plan plan = ChunkChainPlanner.plan(Map.of("t-0", 12L), seen);

        assertThat(plan.hasData()).isFalse();
        assertThat(plan.rejections()).containsExactly(new Rejection("B", "t", 0, 12L, 1));
    }

    @Test
    void positionsAtTheCommittedOffsetAreInSync() {
        position("B", 0, 12);
        chunk("C", 1, 3, 9);
        Plan plan = ChunkChainPlanner.plan(Map.of("t-0", 12L, "t-1", 3L), seen);

        assertThat(plan.rejections()).isEmpty();
        assertThat(plan.nextOffsets()).containsExactlyInAnyOrderEntriesOf(Map.of("t-0", 12L, "t-1", 9L));
    }

    @Test
    void aPartitionWithoutCommittedOffsetStartsAtZero() {
        chunk("A", 3, 4, 9);
        Plan plan = ChunkChainPlanner.plan(Map.of(), seen);
        assertThat(plan.hasData()).isFalse();
        assertThat(plan.waiting()).hasSize(1);
        assertThat(plan.nextOffsets()).doesNotContainKey("t-3");
    }

    @Test
    void theRowBudgetCutsChainsAtChunkBoundariesRoundRobinAndDefersTheRest() {
        StagedChunk a1 = chunk("A", 0, 0, 50);
        StagedChunk a2 = chunk("A", 0, 50, 100);
        StagedChunk a3 = chunk("A", 0, 100, 150);
        StagedChunk b1 = chunk("B", 1, 0, 50);
        StagedChunk b2 = chunk("B", 1, 50, 100);

        Plan plan = ChunkChainPlanner.plan(Map.of(), seen, 120);

        // round robin: a1, b1 (100 rows), then a2 does not fit (50 > 20): both chains are cut there
        assertThat(plan.accepted()).containsExactlyInAnyOrder(a1, b1);
        assertThat(plan.nextOffsets()).containsExactlyInAnyOrderEntriesOf(Map.of("t-0", 50L, "t-1", 50L));
        assertThat(plan.deferred()).containsExactlyInAnyOrder(a2, a3, b2);
        assertThat(plan.waiting()).isEmpty();
        assertThat(plan.obsolete()).isEmpty();
        assertThat(plan.rejections()).isEmpty();
    }

    @Test
    void theByteBudgetCutsChainsLikeTheRowBudgetWhenRowsAreLarge() {
        StagedChunk a1 = chunk("A", 0, 0, 50); // 100 bytes a row in these chunks
        StagedChunk a2 = chunk("A", 0, 50, 100);
        StagedChunk b1 = chunk("B", 1, 0, 50);

        Plan plan = ChunkChainPlanner.plan(Map.of(), seen, Long.MAX_VALUE, 12_000);

        assertThat(plan.accepted())
                .as("5,000 + 5,000 bytes fit, a2's 5,000 more do not")
                .containsExactlyInAnyOrder(a1, b1);
        assertThat(plan.deferred()).containsExactly(a2);
        assertThat(plan.accepted().stream().mapToLong(StagedChunk::bytes).sum()).isLessThanOrEqualTo(12_000);
    }

    @Test
    void oneChunkIsAlwaysTakenEvenWhenItExceedsTheBudget() {
        StagedChunk big = chunk("A", 0, 0, 500);
        Plan plan = ChunkChainPlanner.plan(Map.of(), seen, 10);
        assertThat(plan.accepted()).containsExactly(big);
    }

    @Test
    void aRejectionNamesTheEpochOfTheChainItIsAbout() {
        // A's first chain (epoch 1) straddles the committed offset 20; A already restarted there (epoch 2)
        StagedChunk old = new StagedChunk("A", "t", 0, 0, 30, 30, "/a1", "{}", null, controlOffset++, 1, 3_000);
        seen.add(old);
        seen.add(new StagedChunk("A", "t", 0, 20, 20, 0, null, null, "c2", controlOffset++, 2, 0));

        Plan plan = ChunkChainPlanner.plan(Map.of("t-0", 20L), seen);

        assertThat(plan.obsolete()).containsExactly(old);
        assertThat(plan.rejections()).containsExactly(new Rejection("A", "t", 0, 20L, 1));
    }
}
