package io.clickstream.connect.hudi.table;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.hudi.common.model.HoodieCommitMetadata;
import org.apache.hudi.common.table.HoodieTableMetaClient;
import org.apache.hudi.common.table.timeline.HoodieArchivedTimeline;
import org.apache.hudi.common.table.timeline.HoodieInstant;
import org.apache.hudi.common.table.timeline.HoodieTimeline;

/**
 * Finds the table's newest sink commit (one whose extra metadata carries {@link HudiTableWriter#KAFKA_OFFSETS}):
 * first on the active timeline, then, only when no active commit carries offsets, on the archived (LSM) timeline,
 * which Hudi fills once more than {@code hoodie.keep.max.commits} instants are active (another writer, clustering or
 * compactions while the sink was stopped). The archive is read newest first, in windows that double, so the cost
 * grows with how far back the sink's commit lies. Unreadable metadata throws: a table whose state cannot be read must
 * never look empty.
 *
 * <p>"Newest" is by requested time: where two sink commits completed out of that order (a late commit, {@link
 * LateCommit}) and wrote the same file group, the version of the later-requested one is what readers see, so its
 * offsets are the ones the table is known to hold.
 */
final class SinkCommits {

    /** Archived instants whose metadata is loaded first; each further step loads twice as many. */
    private static final int FIRST_ARCHIVE_WINDOW = 50;

    private static final Set<String> WRITE_ACTIONS = Set.of(
            HoodieTimeline.COMMIT_ACTION, HoodieTimeline.DELTA_COMMIT_ACTION, HoodieTimeline.REPLACE_COMMIT_ACTION);

    private SinkCommits() {}

    /** The newest completed commit of {@code commits} that carries sink offsets. */
    static Optional<CommittedState> newestActive(HoodieTimeline commits, String basePath) {
        for (HoodieInstant instant :
                commits.filterCompletedInstants().getReverseOrderedInstants().toList()) {
            Optional<CommittedState> state = stateOf(commits, instant, basePath);
            if (state.isPresent()) {
                return state;
            }
        }
        return Optional.empty();
    }

    /**
     * The newest archived commit that carries sink offsets. Instants are listed first (no metadata), then their
     * metadata is loaded from a start time that moves back, doubling the window each time.
     */
    static Optional<CommittedState> newestArchived(HoodieTableMetaClient metaClient, String basePath) {
        List<HoodieInstant> newestFirst = archivedCommits(metaClient.getArchivedTimeline())
                .getReverseOrderedInstants()
                .toList();
        int checked = 0;
        for (int window = FIRST_ARCHIVE_WINDOW; checked < newestFirst.size(); window *= 2) {
            int upTo = Math.min(newestFirst.size(), checked + window);
            // loads the metadata of every archived instant from this start time on (a range filter would miss its
            // bound)
            HoodieArchivedTimeline loaded =
                    metaClient.getArchivedTimeline(newestFirst.get(upTo - 1).requestedTime(), false);
            for (HoodieInstant instant : newestFirst.subList(checked, upTo)) {
                if (loaded.getInstantDetails(instant).isPresent()) {
                    Optional<CommittedState> state = stateOf(loaded, instant, basePath);
                    if (state.isPresent()) {
                        return state;
                    }
                }
            }
            checked = upTo;
        }
        return Optional.empty();
    }

    /**
     * Late commits on the active timeline: sink commits that completed after a sink commit requested later than they
     * were. Found from the instants' times alone; metadata is read only for instants completed out of order and not in
     * {@code seen}, which caches the answers (a completed instant never changes).
     */
    static List<LateCommit> late(HoodieTimeline commits, Map<String, Optional<LateCommit>> seen, String basePath) {
        List<HoodieInstant> newestFirst =
                commits.filterCompletedInstants().getReverseOrderedInstants().toList();
        List<LateCommit> late = new ArrayList<>();
        String earliestLaterCompletion = null;
        for (int i = 0; i < newestFirst.size(); i++) {
            HoodieInstant instant = newestFirst.get(i);
            String completion = completionOf(instant);
            if (earliestLaterCompletion != null && completion.compareTo(earliestLaterCompletion) > 0) {
                List<HoodieInstant> requestedLater = newestFirst.subList(0, i);
                seen.computeIfAbsent(
                                instant.requestedTime(), k -> lateCommit(commits, instant, requestedLater, basePath))
                        .ifPresent(late::add);
            }
            if (earliestLaterCompletion == null || completion.compareTo(earliestLaterCompletion) < 0) {
                earliestLaterCompletion = completion;
            }
        }
        return late;
    }

    private static Optional<LateCommit> lateCommit(
            HoodieTimeline commits, HoodieInstant instant, List<HoodieInstant> requestedLater, String basePath) {
        HoodieCommitMetadata metadata = metadataOf(commits, instant, basePath);
        String offsets = metadata.getMetadata(HudiTableWriter.KAFKA_OFFSETS);
        if (offsets == null) {
            return Optional.empty();
        }
        List<String> overtakenBy = new ArrayList<>();
        for (HoodieInstant other : requestedLater) {
            if (completionOf(other).compareTo(completionOf(instant)) < 0
                    && metadataOf(commits, other, basePath).getMetadata(HudiTableWriter.KAFKA_OFFSETS) != null) {
                overtakenBy.add(other.requestedTime());
            }
        }
        if (overtakenBy.isEmpty()) {
            return Optional.empty(); // only other writers' commits overtook it
        }
        String plannedFrom = metadata.getMetadata(HudiTableWriter.PLANNED_FROM);
        Map<String, Long> start = startOffsets(commits, plannedFrom, basePath);
        Map<String, long[]> ranges = new LinkedHashMap<>();
        OffsetsCodec.decode(offsets).forEach((partition, end) -> {
            long from = start == null ? -1L : start.getOrDefault(partition, 0L);
            if (end > from) {
                ranges.put(partition, new long[] {from, end});
            }
        });
        return Optional.of(new LateCommit(instant.requestedTime(), plannedFrom, overtakenBy, ranges));
    }

    /** The offsets a commit started from: its base's; empty for an empty table; null when unknown. */
    private static Map<String, Long> startOffsets(HoodieTimeline commits, String plannedFrom, String basePath) {
        if (plannedFrom == null) {
            return null;
        }
        if (plannedFrom.isEmpty()) {
            return Map.of();
        }
        return commits.filterCompletedInstants()
                .getInstantsAsStream()
                .filter(i -> i.requestedTime().equals(plannedFrom))
                .findFirst()
                .map(i -> metadataOf(commits, i, basePath).getMetadata(HudiTableWriter.KAFKA_OFFSETS))
                .map(OffsetsCodec::decode)
                .orElse(null);
    }

    /** Table versions before 8 record no completion time: requested order is the best they know. */
    static String completionOf(HoodieInstant instant) {
        return instant.getCompletionTime() != null ? instant.getCompletionTime() : instant.requestedTime();
    }

    /** Completed write commits (commit, delta commit, replace commit) on the active and the archived timeline. */
    static long count(HoodieTableMetaClient metaClient) {
        long active = metaClient.getCommitsTimeline().filterCompletedInstants().countInstants();
        return active + archivedCommits(metaClient.getArchivedTimeline()).countInstants();
    }

    private static HoodieTimeline archivedCommits(HoodieArchivedTimeline archive) {
        return archive.getTimelineOfActions(WRITE_ACTIONS).filterCompletedInstants();
    }

    private static HoodieCommitMetadata metadataOf(HoodieTimeline timeline, HoodieInstant instant, String basePath) {
        try {
            return timeline.readCommitMetadata(instant);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read commit " + instant + " of " + basePath, e);
        }
    }

    private static Optional<CommittedState> stateOf(HoodieTimeline timeline, HoodieInstant instant, String basePath) {
        HoodieCommitMetadata metadata = metadataOf(timeline, instant, basePath);
        String offsets = metadata.getMetadata(HudiTableWriter.KAFKA_OFFSETS);
        if (offsets == null) {
            return Optional.empty();
        }
        String control = metadata.getMetadata(HudiTableWriter.CONTROL_OFFSET);
        return Optional.of(new CommittedState(
                instant.requestedTime(),
                OffsetsCodec.decode(offsets),
                control == null ? -1L : Long.parseLong(control),
                metadata.getMetadata(HudiTableWriter.COMMIT_ID),
                metadata.getMetadata(HudiTableWriter.COORDINATOR_ID),
                List.of()));
    }
}
