package io.clickstream.simulator.model;

/**
 * What one task's traffic model needs: its share of users and the behaviour knobs (see the connector's config for
 * the meaning of each).
 *
 * @param baseSeed        the connector's seed: user attributes and the catalog depend only on it
 * @param streamSeed      the task's seed, derived from (seed, task index, task count): the random stream
 * @param concurrentUsers sessions this task keeps alive at once
 * @param firstUser       number of this task's first user (tasks own disjoint ranges of the population)
 * @param userCount       users in this task's range
 */
public record ModelSettings(
        long baseSeed,
        long streamSeed,
        int concurrentUsers,
        long firstUser,
        int userCount,
        double meanPageViews,
        long inactivityTimeoutMs,
        double thinkTimeMeanMs,
        double bounceProbability,
        double conversionRate,
        double botShare,
        double lateShare,
        long lateMaxDelayMs,
        double duplicateShare,
        double malformedShare,
        double ipUnknownShare,
        double ipv6Share,
        int productCount) {

    /** The task seed for (seed, index, count): changing the number of tasks starts different streams. */
    public static long streamSeed(long seed, int taskIndex, int taskCount) {
        return Rng.mix(Rng.mix(seed, taskIndex), taskCount);
    }
}
