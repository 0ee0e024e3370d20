package io.clickstream.simulator.model;

/**
 * A small, fast, seeded random generator (SplitMix64) whose output is fixed by this code alone.
 *
 * <p>{@link java.util.Random} and {@link java.util.SplittableRandom} would do, but the reproducibility promise
 * (same seed and config, same bytes) should not depend on a JDK's implementation; SplitMix64 is a few lines.
 * The static {@link #mix(long)} is the same finalizer, used to derive stable attributes from ids without
 * consuming the stream.
 */
public final class Rng {
    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;
    private static final double DOUBLE_UNIT = 0x1.0p-53;

    private long state;

    public Rng(long seed) {
        this.state = seed;
    }

    public long nextLong() {
        state += GOLDEN_GAMMA;
        return mix(state);
    }

    /** Uniform in [0, 1). */
    public double nextDouble() {
        return (nextLong() >>> 11) * DOUBLE_UNIT;
    }

    /** Uniform in [0, bound); bound must be positive. */
    public int nextInt(int bound) {
        return (int) ((nextLong() >>> 33) * bound >>> 31);
    }

    /** Uniform in [0, bound); bound must be positive. */
    public long nextLong(long bound) {
        return Math.floorMod(nextLong(), bound);
    }

    public boolean chance(double probability) {
        return nextDouble() < probability;
    }

    /** Exponentially distributed with the given mean. */
    public double exponential(double mean) {
        return -mean * Math.log1p(-nextDouble());
    }

    /** Geometric (number of failures before a success) with the given mean; 0 when the mean is 0. */
    public int geometric(double mean) {
        if (mean <= 0) {
            return 0;
        }
        double p = 1.0 / (1.0 + mean);
        double k = Math.floor(Math.log1p(-nextDouble()) / Math.log1p(-p));
        return k > Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) k;
    }

    /** SplitMix64's finalizer: a bijection that scrambles all bits. */
    public static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** A well-spread hash of a pair. */
    public static long mix(long a, long b) {
        return mix(mix(a + GOLDEN_GAMMA) ^ (b * GOLDEN_GAMMA + 0x632BE59BD9B4E019L));
    }

    /** Uniform in [0, 1) from a hash. */
    public static double unit(long hash) {
        return (hash >>> 11) * DOUBLE_UNIT;
    }

    /** Uniform in [0, bound) from a hash. */
    public static int index(long hash, int bound) {
        return (int) ((hash >>> 33) * bound >>> 31);
    }
}
