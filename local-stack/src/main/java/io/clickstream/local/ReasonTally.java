package io.clickstream.local;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Counts of dead-letter reason kinds in bounded memory: at most {@code capacity} kinds are kept, however many distinct
 * ones a hostile stream makes. A kind seen when the tally is full takes the place of the least frequent one and
 * inherits its count (the Space-Saving algorithm), so a kind that is frequent overall is among those kept and its
 * count is exact until the tally first fills; after that a count may be too high by at most what it inherited, which
 * {@link Count#exact()} says. Not thread-safe.
 */
final class ReasonTally {

    /** A kind's count; {@code overcount} is the most it may exceed the true count by (0: exact). */
    record Count(String kind, long count, long overcount) {
        boolean exact() {
            return overcount == 0;
        }
    }

    static final int DEFAULT_CAPACITY = 200;

    private final int capacity;
    private final Map<String, long[]> counts = new HashMap<>(); // kind -> {count, overcount}
    private long total;

    ReasonTally() {
        this(DEFAULT_CAPACITY);
    }

    ReasonTally(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
        }
        this.capacity = capacity;
    }

    void add(String kind) {
        total++;
        long[] entry = counts.get(kind);
        if (entry != null) {
            entry[0]++;
            return;
        }
        if (counts.size() < capacity) {
            counts.put(kind, new long[] {1, 0});
            return;
        }
        Map.Entry<String, long[]> least = counts.entrySet().stream()
                .min(Comparator.comparingLong(e -> e.getValue()[0]))
                .orElseThrow();
        long inherited = least.getValue()[0];
        counts.remove(least.getKey());
        counts.put(kind, new long[] {inherited + 1, inherited});
    }

    /** Every letter counted, whatever its kind. */
    long total() {
        return total;
    }

    /** The kinds kept. */
    int kinds() {
        return counts.size();
    }

    /** The {@code n} most frequent kinds, most frequent first (ties by kind, for a stable line). */
    List<Count> top(int n) {
        List<Count> all = new ArrayList<>();
        counts.forEach((kind, c) -> all.add(new Count(kind, c[0], c[1])));
        all.sort(Comparator.comparingLong(Count::count).reversed().thenComparing(Count::kind));
        return all.subList(0, Math.min(n, all.size()));
    }
}
