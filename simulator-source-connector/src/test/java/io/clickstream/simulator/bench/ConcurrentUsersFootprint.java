package io.clickstream.simulator.bench;

import io.clickstream.simulator.event.ClickEventJson;
import io.clickstream.simulator.model.EventClock;
import io.clickstream.simulator.model.ModelSettings;
import io.clickstream.simulator.model.TrafficModel;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Instant;

/**
 * Measures one task's model with many concurrent users: heap used after GC, and events per second including the
 * JSON rendering. Not a test; run it by hand (see docs/simulator.md):
 *
 * <pre>
 * java -Xmx512m -cp simulator-source-connector/target/classes:simulator-source-connector/target/test-classes \
 *   io.clickstream.simulator.bench.ConcurrentUsersFootprint [users=1000000] [events=5000000] [population=4000000]
 * </pre>
 */
public final class ConcurrentUsersFootprint {
    private ConcurrentUsersFootprint() {}

    public static void main(String[] args) {
        int users = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        long events = args.length > 1 ? Long.parseLong(args[1]) : 5_000_000L;
        int population = args.length > 2 ? Integer.parseInt(args[2]) : 4 * users;
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long baseline = usedAfterGc(memory);

        long t0 = System.nanoTime();
        ModelSettings settings = new ModelSettings(
                42,
                ModelSettings.streamSeed(42, 0, 1),
                users,
                0,
                population,
                8,
                1_800_000,
                20_000,
                0.35,
                0.03,
                0.02,
                0,
                120_000,
                0,
                0,
                0.01,
                0.1,
                5000);
        TrafficModel model = new TrafficModel(settings, EventClock.simulated(Instant.parse("2026-01-01T00:00:00Z")));
        long built = System.nanoTime();
        long modelBytes = usedAfterGc(memory) - baseline;
        System.out.printf(
                "model: %,d concurrent users, %,d population, built in %d ms, %.1f MiB after GC%n",
                users, population, (built - t0) / 1_000_000, modelBytes / 1048576.0);

        long bytes = 0;
        long start = System.nanoTime();
        for (long i = 0; i < events; i++) {
            bytes += ClickEventJson.toJson(model.next()).length();
        }
        long elapsed = System.nanoTime() - start;
        System.out.printf(
                "generated %,d events (%,d sessions started, avg %d chars) in %.1f s: %,.0f events/s%n",
                events, model.sessionsStarted(), bytes / events, elapsed / 1e9, events / (elapsed / 1e9));

        long skipStart = System.nanoTime();
        TrafficModel replay = new TrafficModel(settings, EventClock.simulated(Instant.parse("2026-01-01T00:00:00Z")));
        replay.skip(events);
        long skipElapsed = System.nanoTime() - skipStart;
        System.out.printf(
                "resume replay (skip) of %,d events: %.1f s, %,.0f events/s%n",
                events, skipElapsed / 1e9, events / (skipElapsed / 1e9));
        replay = null;

        long after = usedAfterGc(memory) - baseline;
        System.out.printf(
                "heap used after GC with the model live: %.1f MiB (max heap %.0f MiB)%n",
                after / 1048576.0, Runtime.getRuntime().maxMemory() / 1048576.0);
        // Keep the model reachable until after the measurement.
        if (model.position() != events) {
            throw new IllegalStateException("position " + model.position());
        }
    }

    private static long usedAfterGc(MemoryMXBean memory) {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return memory.getHeapMemoryUsage().getUsed();
    }
}
