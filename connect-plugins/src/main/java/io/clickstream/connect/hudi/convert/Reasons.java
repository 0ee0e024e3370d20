package io.clickstream.connect.hudi.convert;

import io.clickstream.connect.text.Quoted;

/**
 * Bounds on text that quotes data. A dead letter carries its reason in Connect's headers (message and stack trace);
 * a letter over the producer's {@code max.request.size} cannot be produced, which fails the task.
 */
public final class Reasons {

    /** Longest reason a dead letter carries. */
    public static final int MAX_REASON = 1_000;

    private Reasons() {}

    /** {@code text} cut to {@link #MAX_REASON} characters and escaped where it is not printable ({@link Quoted}). */
    public static String bounded(String text) {
        return text == null ? null : Quoted.prefix(text, MAX_REASON);
    }
}
