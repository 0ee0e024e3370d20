package io.clickstream.local.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Gold freshness from the batches the harness saw commit. Definition: an event with event time {@code τ} is fresh in
 * Gold from the first moment {@code V} at which a committed Gold batch has loaded an event at least as new
 * ({@code gold.batches.newest_event_time >= τ}); its freshness is {@code V − τ}. The batch row commits in the same
 * PostgreSQL transaction as the batch's Gold rows, so at {@code V} the rows are visible; {@code V} is the harness's
 * clock when its poll first returned the batch, later than the commit by at most one poll interval.
 *
 * <p>The distribution is taken over event time at a fine step (not over batches): with the simulator at a constant
 * rate, equal event time is equal events, so its percentiles are the events' percentiles. A batch that raises the
 * newest event time from {@code N₀} to {@code N₁} at {@code V} gives every {@code τ} in {@code (N₀, N₁]} the freshness
 * {@code V − τ}: from {@code V − N₁} (its newest event) to {@code V − N₀} (the oldest it made visible).
 */
final class GoldFreshness {

    /** One Gold batch as the harness saw it. */
    record Batch(long batchId, long rowsIn, long lateRows, long newestEventMs, long batchMs, long seenMs) {}

    private static final long STEP_MS = 10;

    private final double[] sortedSeconds;
    private final long firstEventMs;
    private final long lastEventMs;

    private GoldFreshness(double[] sortedSeconds, long firstEventMs, long lastEventMs) {
        this.sortedSeconds = sortedSeconds;
        this.firstEventMs = firstEventMs;
        this.lastEventMs = lastEventMs;
    }

    /** The freshness of every event time in {@code [fromMs, toMs]} that a batch in {@code batches} made visible. */
    static GoldFreshness of(List<Batch> batches, long fromMs, long toMs) {
        List<Double> values = new ArrayList<>();
        long newest = Long.MIN_VALUE;
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        for (Batch b : batches) { // in the order seen
            if (b.newestEventMs() <= newest) {
                continue; // made nothing newer visible
            }
            long lower = Math.max(newest == Long.MIN_VALUE ? b.newestEventMs() : newest + STEP_MS, fromMs);
            long upper = Math.min(b.newestEventMs(), toMs);
            for (long tau = lower; tau <= upper; tau += STEP_MS) {
                values.add((b.seenMs() - tau) / 1000.0);
                first = Math.min(first, tau);
                last = Math.max(last, tau);
            }
            newest = b.newestEventMs();
        }
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(sorted);
        return new GoldFreshness(sorted, first, last);
    }

    boolean isEmpty() {
        return sortedSeconds.length == 0;
    }

    /** The p-th percentile (0–100) in seconds, nearest rank. */
    double percentile(double p) {
        if (sortedSeconds.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p / 100.0 * sortedSeconds.length);
        return sortedSeconds[Math.max(0, Math.min(sortedSeconds.length - 1, rank - 1))];
    }

    double max() {
        return sortedSeconds.length == 0 ? Double.NaN : sortedSeconds[sortedSeconds.length - 1];
    }

    /** Seconds of event time the figures cover. */
    double coveredSeconds() {
        return sortedSeconds.length == 0 ? 0 : (lastEventMs - firstEventMs) / 1000.0;
    }
}
