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
 * set on the committed offsets: the commit may complete only if no sink commit (one carrying {@link
 * HudiTableWriter#KAFKA_OFFSETS}) completed after the one its rows were planned from, its own instant is still
 * pending (not rolled back by a successor's cleaner) and its owner still holds its commit lock. Otherwise it throws
 * {@link StaleOffsetsException}, which aborts the commit before anything becomes visible.
 */
final class CommitPoint {

  private final String table;
  private final String instant;
  private final String plannedFrom;
  private final BooleanSupplier ownerEntitled;
  private final Runnable afterCheck;
  private long checkNanos;

  CommitPoint(String table, String instant, String plannedFrom, BooleanSupplier ownerEntitled, Runnable afterCheck) {
    this.afterCheck = afterCheck;
    this.table = table;
    this.instant = instant;
    this.plannedFrom = plannedFrom;
    this.ownerEntitled = ownerEntitled;
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
      String plannedCompletion = null;
      if (plannedFrom != null) {
        HoodieInstant planned = completed.getInstantsAsStream().filter(i -> i.requestedTime().equals(plannedFrom))
            .findFirst().orElseThrow(() -> stale("sink commit " + plannedFrom + " left the active timeline"));
        plannedCompletion = completionOf(planned);
      }
      for (HoodieInstant other : completed.getInstants()) {
        if (other.requestedTime().equals(plannedFrom)
            || plannedCompletion != null && completionOf(other).compareTo(plannedCompletion) <= 0) {
          continue;
        }
        if (completed.readCommitMetadata(other).getMetadata(HudiTableWriter.KAFKA_OFFSETS) != null) {
          throw stale("sink commit " + other.requestedTime() + " completed after " + plannedFrom);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the timeline of " + table + " at the commit point", e);
    } finally {
      checkNanos = System.nanoTime() - started;
    }
    afterCheck.run();
  }

  /** Table versions before 8 record no completion time: requested order is the best they know. */
  private static String completionOf(HoodieInstant instant) {
    return instant.getCompletionTime() != null ? instant.getCompletionTime() : instant.requestedTime();
  }

  private StaleOffsetsException stale(String why) {
    return new StaleOffsetsException("stale offsets: instant " + instant + " of " + table + " was planned from sink "
        + "commit " + plannedFrom + " but " + why + "; rolled back, its ranges are planned again");
  }

  /** How long the last check took, in nanoseconds. */
  long checkNanos() {
    return checkNanos;
  }
}
