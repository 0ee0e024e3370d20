package io.clickstream.gold;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;

import io.clickstream.gold.testing.GoldAssertions;
import io.clickstream.gold.testing.GoldOracle;
import io.clickstream.gold.testing.GoldTables;
import io.clickstream.gold.testing.SilverRow;
import io.clickstream.gold.testing.SilverTable;
import io.clickstream.gold.testing.SimulatedTraffic;
import io.clickstream.gold.testing.Waits;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Crashes while the stream runs: the job's JVM killed with SIGKILL and restarted from its checkpoint, and
 * PostgreSQL stopped like a crash and restarted. Either way Gold must still equal the oracle: nothing lost, nothing
 * counted twice.
 */
class GoldRecoveryIT {

    private static final long GAP_MS = Duration.ofMinutes(5).toMillis();
    private static final Duration WAIT = Duration.ofMinutes(5);

    private static GoldTestStack stack;

    @BeforeAll
    static void start() throws Exception {
        stack = GoldTestStack.start("gold-recovery");
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void aJobKilledMidStreamAndRestartedFromItsCheckpointLeavesGoldEqualToTheOracle() throws Exception {
        Path run = Files.createDirectories(stack.data.resolve("runs").resolve("kill"));
        String url = GoldTestDatabases.create(stack.postgres, "kill_" + Long.toHexString(System.nanoTime()));
        SilverTable silver = new SilverTable(stack.spark, run.resolve("silver").toUri().toString());
        List<List<SilverRow>> commits = commits(11);
        GoldTables gold = new GoldTables(url, stack.postgres.user());
        List<String> args = GoldTestDatabases.arguments(url, silver.path(), run.resolve("checkpoint").toString());

        silver.append(commits.get(0));
        Process job = startJob(args, run.resolve("job-1.log"));
        try {
            Waits.until("a first batch loaded", WAIT, () -> running(job) && gold.number(
                    "SELECT count(*) FROM gold.batches") > 0);
            silver.append(commits.get(1));
            // Killed while it reads or loads the second commit, or just before.
            Waits.until("the second commit seen", WAIT, () -> running(job) && Files.exists(run.resolve(
                    "checkpoint/offsets/1")));
        } finally {
            job.destroyForcibly().waitFor();
        }
        silver.append(commits.get(2));
        Process restarted = startJob(args, run.resolve("job-2.log"));
        try {
            finishAndCompare(silver, commits, gold, () -> running(restarted));
        } finally {
            restarted.destroyForcibly().waitFor();
        }
    }

    @Test
    void postgresCrashingMidRunMakesTheJobRetryTheBatchAndGoldStillEqualsTheOracle() throws Exception {
        Path run = Files.createDirectories(stack.data.resolve("runs").resolve("postgres"));
        String url = GoldTestDatabases.create(stack.postgres, "pgkill_" + Long.toHexString(System.nanoTime()));
        SilverTable silver = new SilverTable(stack.spark, run.resolve("silver").toUri().toString());
        List<List<SilverRow>> commits = commits(13);
        GoldTables gold = new GoldTables(url, stack.postgres.user());

        silver.append(commits.get(0));
        GoldJob.Running job = GoldJob.start(stack.spark, GoldTestDatabases.config(url, silver.path(),
                run.resolve("checkpoint").toString()));
        try {
            long first = distinct(commits.get(0));
            Waits.until("the first commit loaded", WAIT, () -> GoldTestDatabases.alive(job)
                    && gold.number("SELECT sum(rows_in) FROM gold.batches") == first);
            stack.postgres.kill();
            silver.append(commits.get(1));
            Waits.until("a failed load attempt", WAIT, () -> GoldTestDatabases.alive(job)
                    && job.loader().failedAttempts() > 0);
            stack.postgres.restart();
            silver.append(commits.get(2));
            finishAndCompare(silver, commits, gold, () -> GoldTestDatabases.alive(job));
            assertThat(job.loader().failedAttempts()).as("attempts failed while PostgreSQL was down").isPositive();
        } finally {
            job.query().stop();
        }
    }

    /** Appends the rest, a too-late commit and a flush row; waits until everything is loaded; compares. */
    private static void finishAndCompare(SilverTable silver, List<List<SilverRow>> commits, GoldTables gold,
                                         java.util.function.BooleanSupplier alive) throws Exception {
        List<SilverRow> all = new ArrayList<>();
        commits.forEach(all::addAll);
        for (List<SilverRow> commit : commits.subList(3, commits.size())) {
            silver.append(commit);
        }
        long loaded = commits.stream().mapToLong(GoldRecoveryIT::distinct).sum();
        Waits.until("every simulated row loaded", WAIT, () -> alive.getAsBoolean()
                && gold.number("SELECT sum(rows_in) FROM gold.batches") == loaded);
        List<SilverRow> tooLate = new ArrayList<>();
        for (SilverRow row : all.subList(10, 13)) {
            tooLate.add(row.at(row.eventTimeMillis() - Duration.ofDays(1).toMillis(), UUID.randomUUID().toString()));
        }
        silver.append(tooLate);
        long maxTime = all.stream().mapToLong(SilverRow::eventTimeMillis).max().orElseThrow();
        SilverRow flush = all.stream().filter(SilverRow::bot).findFirst().orElseThrow()
                .at(maxTime + Duration.ofDays(1).toMillis(), UUID.randomUUID().toString());
        silver.append(List.of(flush));
        long total = loaded + tooLate.size() + 1;
        Waits.until("late and flush rows loaded, every session closed", WAIT, () -> alive.getAsBoolean()
                && gold.number("SELECT sum(rows_in) FROM gold.batches") == total
                && gold.number("SELECT count(*) FROM gold.sessions WHERE is_open") == 0);
        all.addAll(tooLate);
        all.add(flush);
        HashSet<String> lateIds = new HashSet<>();
        tooLate.forEach(r -> lateIds.add(r.eventId()));
        GoldAssertions.assertGoldEquals(gold, GoldOracle.compute(all, lateIds, GAP_MS));
        assertThat(gold.number("SELECT sum(late_rows) FROM gold.batches")).as("late rows").isEqualTo(tooLate.size());
    }

    private static List<List<SilverRow>> commits(long seed) {
        List<SilverRow> traffic = SimulatedTraffic.generate(seed, 8_000, 120, 2_000, GAP_MS, 0.05, 0.05,
                Instant.parse("2026-02-01T00:00:00Z"));
        List<List<SilverRow>> commits = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            commits.add(traffic.subList(i * 2_000, (i + 1) * 2_000));
        }
        return commits;
    }

    private static long distinct(List<SilverRow> commit) {
        return commit.stream().map(SilverRow::eventId).distinct().count();
    }

    private static Process startJob(List<String> args, Path log) throws Exception {
        String classpath = Files.readString(Path.of(System.getProperty("clickstream.gold.classpath",
                "target/classpath.txt"))).trim();
        Path jar = Path.of(System.getProperty("clickstream.gold.jar"));
        List<String> command = GoldJobCommand.command(classpath + File.pathSeparator + Path.of("src/test/resources")
                .toAbsolutePath(), jar, GoldJobCommand.DEFAULT_MASTER, "1g", args);
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private static boolean running(Process job) {
        if (!job.isAlive()) {
            throw new AssertionError("the Gold job exited " + job.exitValue());
        }
        return true;
    }
}
