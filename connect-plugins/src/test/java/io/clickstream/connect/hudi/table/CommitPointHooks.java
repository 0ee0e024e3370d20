package io.clickstream.connect.hudi.table;

/** Reaches the writer's test seams from tests outside this package (the protocol tests). */
public final class CommitPointHooks {

    private CommitPointHooks() {}

    /** Runs {@code hook} after the rows are written, before the commit point. */
    public static void beforeCommitPoint(HudiTableWriter writer, Runnable hook) {
        writer.beforeComplete(hook);
    }

    /** Runs {@code hook} at the commit point, inside the transaction lock, once the fence let the commit pass. */
    public static void afterFence(HudiTableWriter writer, Runnable hook) {
        writer.afterFence(hook);
    }
}
