package io.clickstream.simulator.model;

import java.time.Instant;

/**
 * Turns the model's time into event time.
 *
 * <p>The traffic model always runs on its own time line (milliseconds since the model started, advanced by think
 * times), so the order of events and every random draw are the same whatever the clock: that is what makes resuming
 * from an offset exact. Only the timestamps differ:
 * <ul>
 *   <li>{@link #wall()}: the time the event is emitted ({@code System.currentTimeMillis()});</li>
 *   <li>{@link #simulated(Instant)}: the start instant plus model time, so hours of traffic can be produced in
 *       seconds, and the output is reproducible byte for byte.</li>
 * </ul>
 */
public interface EventClock {

    /** Event time (epoch millis) of an event happening at {@code modelMillis} on the model's time line. */
    long eventTime(long modelMillis);

    /** Whether timestamps depend only on the model (true for the simulated clock). */
    boolean deterministic();

    static EventClock wall() {
        return new EventClock() {
            @Override
            public long eventTime(long modelMillis) {
                return System.currentTimeMillis();
            }

            @Override
            public boolean deterministic() {
                return false;
            }

            @Override
            public String toString() {
                return "wall";
            }
        };
    }

    static EventClock simulated(Instant start) {
        long startMillis = start.toEpochMilli();
        return new EventClock() {
            @Override
            public long eventTime(long modelMillis) {
                return startMillis + modelMillis;
            }

            @Override
            public boolean deterministic() {
                return true;
            }

            @Override
            public String toString() {
                return "simulated from " + start;
            }
        };
    }
}
