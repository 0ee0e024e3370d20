package io.clickstream.connect.transforms;

/**
 * A transform cannot go on for a reason that is not the record's: its configuration names a field the records do
 * not have, or its database cannot answer. Every record would fail the same way, so the task must fail, saying
 * why, rather than send each record to the dead-letter queue while it shows RUNNING.
 *
 * <p>An {@link Error}, not an exception: with {@code errors.tolerance=all} Connect tolerates every {@code Exception}
 * a transform throws, a {@code ConnectException} included (the record becomes a dead letter), and only what is not
 * an {@code Exception} passes its error handling and fails the task, with this message in its trace.
 */
public final class TransformHalt extends Error {
    private static final long serialVersionUID = 1L;

    public TransformHalt(String message) {
        super(message);
    }

    public TransformHalt(String message, Throwable cause) {
        super(message, cause);
    }
}
