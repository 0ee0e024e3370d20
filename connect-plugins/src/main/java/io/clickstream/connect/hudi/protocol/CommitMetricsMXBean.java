package io.clickstream.connect.hudi.protocol;

/**
 * The commit coordinator's figures over JMX, as {@code io.clickstream.connect:type=hudi-sink,connector=<name>} on
 * the worker hosting the coordinator of that connector.
 */
public interface CommitMetricsMXBean {

    /** Commits failed since the last successful one; the task fails when it reaches {@code commit.max.failures}. */
    int getConsecutiveCommitFailures();

    /** Commits failed since this coordinator started. */
    long getCommitFailures();

    /**
     * Late sink commits this coordinator found on the table's active timeline: a coordinator frozen inside the commit
     * point past the transaction lock's lease completed after its successor, so some rows may be in the table twice.
     */
    long getOverlappingCommits();

    /** Offsets those late commits covered: at most this many rows are in the table twice. */
    long getOffsetsPossiblyDuplicated();

    /**
     * Commits aborted at {@code commit.deadline.ms} since the task started, its earlier coordinators' included (an abort
     * ends its coordinator). Each was logged as a WARN with what the commit waited on.
     */
    long getAbortedCommits();

    /**
     * Input streams the coordinator's table file systems hold open now (read-ahead of staged chunks included). On S3A
     * each holds a connection of the pool ({@code fs.s3a.connection.maximum}): a number that grows with the commits is
     * a leak.
     */
    long getOpenInputStreams();

    /** Input streams the coordinator's table file systems have opened since it started. */
    long getInputStreamsOpened();

    /** The coordinator these figures are of (a new one after a restart or rebalance). */
    String getCoordinatorId();
}
