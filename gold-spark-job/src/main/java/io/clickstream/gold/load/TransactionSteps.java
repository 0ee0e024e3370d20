package io.clickstream.gold.load;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Where one Gold transaction's time went: the wall time of each step (claim, staging, session delta, upserts,
 * counters, commit), in the order they ran. Each {@link #mark} ends the step running since the previous mark (or
 * since construction). The loader logs it with each batch; the load benchmark sums it over rounds. Not thread-safe:
 * one per transaction attempt.
 */
public final class TransactionSteps {

    private final Map<String, Long> nanos = new LinkedHashMap<>();
    private long last = System.nanoTime();

    /** Ends the current step, named {@code step}; a step marked twice adds up. */
    void mark(String step) {
        long now = System.nanoTime();
        nanos.merge(step, now - last, Long::sum);
        last = now;
    }

    /** Step name to nanoseconds, in the order the steps first ran. */
    public Map<String, Long> nanos() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(nanos));
    }

    /** The steps in order, e.g. {@code claim 2 ms, stage 120 ms, commit 4 ms}. */
    @Override
    public String toString() {
        return nanos.entrySet().stream()
                .map(e -> e.getKey() + " " + e.getValue() / 1_000_000L + " ms")
                .collect(Collectors.joining(", "));
    }
}
