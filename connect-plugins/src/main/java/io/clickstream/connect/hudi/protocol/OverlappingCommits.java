package io.clickstream.connect.hudi.protocol;

import io.clickstream.connect.hudi.table.CommittedState;
import io.clickstream.connect.hudi.table.LateCommit;
import java.util.HashSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reports late sink commits ({@link LateCommit}): a coordinator frozen inside the commit point past the transaction
 * lock's lease completed its commit after a successor's, so the table may hold the rows of those offsets twice. Each
 * late commit on the table's active timeline is logged as an ERROR naming the instants and the offset ranges, and
 * counted, once per coordinator. Nothing else changes: the sink goes on from the offsets of the newest sink commit
 * by requested time. Counters are read by JMX.
 */
final class OverlappingCommits {

    private static final Logger LOG = LoggerFactory.getLogger(OverlappingCommits.class);

    private final String connector;
    private final String table;
    private final Set<String> reported = new HashSet<>();
    private volatile long commits;
    private volatile long offsets;

    OverlappingCommits(String connector, String table) {
        this.connector = connector;
        this.table = table;
    }

    /** Logs and counts the late commits of {@code state} this coordinator has not reported yet. */
    void notice(CommittedState state) {
        for (LateCommit late : state.lateCommits()) {
            if (!reported.add(late.instant())) {
                continue;
            }
            commits++;
            offsets += late.offsetsPossiblyDuplicated();
            LOG.error(
                    "Sink commit {} of {} ({}) completed after sink commit(s) {} that were requested after it: its "
                            + "coordinator stalled inside the commit point past the transaction lock's lease. It was planned from "
                            + "{} and committed the offsets {}; rows of these ranges are in the table twice unless a later version "
                            + "of their file replaced them (at most {} rows). The sink goes on from instant {}'s offsets {}",
                    late.instant(),
                    table,
                    connector,
                    late.overtakenBy(),
                    late.plannedFrom() == null
                            ? "an unrecorded commit"
                            : late.plannedFrom().isEmpty() ? "an empty table" : "instant " + late.plannedFrom(),
                    late.describeRanges(),
                    late.offsetsPossiblyDuplicated(),
                    state.instant(),
                    state.offsets());
        }
    }

    /** Late commits reported by this coordinator. */
    long commits() {
        return commits;
    }

    /** Offsets those late commits covered: at most this many rows are in the table twice. */
    long offsets() {
        return offsets;
    }
}
