package io.clickstream.connect.hudi.table;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.BooleanSupplier;
import org.apache.hudi.common.model.HoodieCommitMetadata;
import org.apache.hudi.common.table.HoodieTableMetaClient;
import org.apache.hudi.common.table.timeline.HoodieInstant;
import org.apache.hudi.common.table.timeline.HoodieTimeline;

/**
 * The sink's fence, run by the write client at the commit point: under its transaction lock, after Hudi's own
 * conflict check and right before the metadata table and the timeline record the instant as complete. A compare-and-
 * set on the committed offsets: the commit may complete only if the sink commit its rows were planned from is still
 * the newest by requested time (no sink commit, one carrying {@link HudiTableWriter#KAFKA_OFFSETS}, requested after
 * it has completed), its own instant is still pending (not rolled back by a successor's cleaner), its owner still
 * holds its commit lock and the write client still holds its transaction lock's lease (checked last, closest to the
 * completion). Otherwise it throws {@link StaleOffsetsException}, which aborts the commit before anything becomes
 * visible.
 *
 * <p>A late commit ({@link LateCommit}: requested before the planned-from commit, completed after it) does not make
 * the commit stale: the table's offsets are the planned-from commit's, and refusing every commit after a late one
 * would stop the sink for good.
 */
final class CommitPoint {

    private final String table;
    private final String instant;
    private final String plannedFrom;
    private final BooleanSupplier ownerEntitled;
    private final BooleanSupplier transactionLeaseHeld;
    private final Runnable afterCheck;
    private long checkNanos;

    CommitPoint(
            String table,
            String instant,
            String plannedFrom,
            BooleanSupplier ownerEntitled,
            BooleanSupplier transactionLeaseHeld,
            Runnable afterCheck) {
        this.table = table;
        this.instant = instant;
        this.plannedFrom = plannedFrom;
        this.ownerEntitled = ownerEntitled;
        this.transactionLeaseHeld = transactionLeaseHeld;
        this.afterCheck = afterCheck;
    }

    void check(HoodieTableMetaClient metaClient, HoodieCommitMetadata metadata) {
        long started = System.nanoTime();
        try {
            if (!ownerEntitled.getAsBoolean()) {
                throw stale("its coordinator lost the commit lock or was stopped");
            }
            metaClient.reloadActiveTimeline();
            if (!metaClient.getActiveTimeline().filterInflightsAndRequested().containsInstant(instant)) {
                throw stale("the instant was rolled back meanwhile");
            }
            HoodieTimeline completed = metaClient.getCommitsTimeline().filterCompletedInstants();
            if (plannedFrom != null && !completed.containsOrBeforeTimelineStarts(plannedFrom)) {
                throw stale("sink commit " + plannedFrom + " is no longer on the timeline");
            }
            HoodieTimeline newer = plannedFrom == null ? completed : completed.findInstantsAfter(plannedFrom);
            for (HoodieInstant other : newer.getInstants()) {
                if (completed.readCommitMetadata(other).getMetadata(HudiTableWriter.KAFKA_OFFSETS) != null) {
                    throw stale("sink commit " + other.requestedTime() + " completed meanwhile");
                }
            }
            if (!transactionLeaseHeld.getAsBoolean()) {
                throw stale("its transaction lock's lease may have run out (the JVM stalled inside the commit point)");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the timeline of " + table + " at the commit point", e);
        } finally {
            checkNanos = System.nanoTime() - started;
        }
        afterCheck.run();
    }

    private StaleOffsetsException stale(String why) {
        return new StaleOffsetsException(
                "stale offsets: instant " + instant + " of " + table + " was planned from sink " + "commit "
                        + plannedFrom + " but " + why + "; rolled back, its ranges are planned again");
    }

    /** How long the last check took, in nanoseconds. */
    long checkNanos() {
        return checkNanos;
    }
}
