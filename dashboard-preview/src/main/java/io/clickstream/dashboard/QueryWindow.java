package io.clickstream.dashboard;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a dashboard query is expanded for: the time range, {@code $__interval}, and the selected values of the
 * template variables (a variable not in {@code selections}, or selected as {@link #ALL}, means "All").
 */
public record QueryWindow(Instant from, Instant to, Duration interval, Map<String, List<String>> selections) {

    /** The value Grafana stores for an "All" selection. */
    public static final String ALL = "$__all";

    public QueryWindow {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(interval, "interval");
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("time range ends before it starts: " + from + " .. " + to);
        }
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("interval must be positive: " + interval);
        }
        selections = Map.copyOf(selections);
    }

    /** The range {@code from .. to} with every variable on "All". */
    public static QueryWindow of(Instant from, Instant to, Duration interval) {
        return new QueryWindow(from, to, interval, Map.of());
    }

    /** The last {@code length} up to {@code now}, every variable on "All". */
    public static QueryWindow last(Duration length, Instant now, Duration interval) {
        return of(now.minus(length), now, interval);
    }

    /** This window with {@code variable} set to {@code values} (a single value for a single-valued variable). */
    public QueryWindow with(String variable, List<String> values) {
        Map<String, List<String>> copy = new java.util.HashMap<>(selections);
        copy.put(variable, List.copyOf(values));
        return new QueryWindow(from, to, interval, copy);
    }
}
