package io.clickstream.gold;

import static org.assertj.core.api.Assertions.assertThat;

import io.clickstream.gold.testing.DeadLetterTable;
import io.clickstream.gold.testing.DeadLetterTable.Letter;
import io.clickstream.gold.testing.GoldAssertions;
import io.clickstream.gold.testing.GoldOracle;
import io.clickstream.gold.testing.GoldTables;
import io.clickstream.gold.testing.SilverRow;
import io.clickstream.gold.testing.SilverTable;
import io.clickstream.gold.testing.SimulatedTraffic;
import io.clickstream.gold.testing.Waits;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Crashes and odd records while the stream runs: the job's JVM killed with SIGKILL and restarted from its
 * checkpoint; PostgreSQL stopped like a crash and restarted; Silver and the dead-letter table gaining a column, an
 * event id sent again by another user, an event time centuries ahead, a reason holding U+0000. Gold must still equal the oracle: nothing lost,
 * nothing counted twice. And a dead-letter query that cannot start ends the job rather than leave it running
 * without one.
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
        SilverTable silver =
                new SilverTable(stack.spark, run.resolve("silver").toUri().toString());
        List<List<SilverRow>> commits = commits(11);
        GoldTables gold = new GoldTables(url, stack.postgres.user());
        List<String> args = GoldTestDatabases.arguments(
                url, silver.path(), run.resolve("checkpoint").toString());

        silver.append(commits.get(0));
        Process job = startJob(args, run.resolve("job-1.log"));
        try {
            Waits.until(
                    "a first batch loaded",
                    WAIT,
                    () -> running(job) && gold.number("SELECT count(*) FROM gold.batches") > 0);
            silver.append(commits.get(1));
            // Killed while it reads or loads the second commit, or just before.
            Waits.until(
                    "the second commit seen",
                    WAIT,
                    () -> running(job) && Files.exists(run.resolve("checkpoint/offsets/1")));
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
        SilverTable silver =
                new SilverTable(stack.spark, run.resolve("silver").toUri().toString());
        List<List<SilverRow>> commits = commits(13);
        GoldTables gold = new GoldTables(url, stack.postgres.user());

        silver.append(commits.get(0));
        GoldJob.Running job = GoldJob.start(
                stack.spark,
                GoldTestDatabases.config(
                        url, silver.path(), run.resolve("checkpoint").toString()));
        try {
            long first = distinct(commits.get(0));
            Waits.until(
                    "the first commit loaded",
                    WAIT,
                    () -> GoldTestDatabases.alive(job)
                            && gold.number("SELECT sum(rows_in) FROM gold.batches") == first);
            stack.postgres.kill();
            silver.append(commits.get(1));
            Waits.until(
                    "a failed load attempt",
                    WAIT,
                    () -> GoldTestDatabases.alive(job) && job.loader().failedAttempts() > 0);
            stack.postgres.restart();
            silver.append(commits.get(2));
            finishAndCompare(silver, commits, gold, () -> GoldTestDatabases.alive(job));
            assertThat(job.loader().failedAttempts())
                    .as("attempts failed while PostgreSQL was down")
                    .isPositive();
        } finally {
            job.stop();
        }
    }

    @Test
    void newColumnsAReusedEventIdAClockCenturiesAheadAndANulInAReasonLeaveTheJobRunningAndGoldEqualToTheOracle()
            throws Exception {
        Path run = Files.createDirectories(stack.data.resolve("runs").resolve("schema"));
        String url = GoldTestDatabases.create(stack.postgres, "schema_" + Long.toHexString(System.nanoTime()));
        SilverTable silver =
                new SilverTable(stack.spark, run.resolve("silver").toUri().toString());
        DeadLetterTable letters = new DeadLetterTable(
                stack.spark, run.resolve("dead_letters").toUri().toString());
        List<List<SilverRow>> commits = commits(17);
        commits.set(2, withAnIdReusedByAnotherUser(commits.get(2), commits.get(0)));
        // From a clock centuries ahead: were it placed, the watermark would follow it and every later event be late.
        SilverRow ahead = commits.get(1).stream()
                .filter(r -> !r.bot())
                .findFirst()
                .orElseThrow()
                .at(Instant.parse("2999-01-01T00:00:00Z").toEpochMilli(), "event-from-a-clock-ahead");
        commits.set(1, Stream.concat(commits.get(1).stream(), Stream.of(ahead)).toList());
        GoldTables gold = new GoldTables(url, stack.postgres.user());
        long letterTime = commits.get(0).get(0).eventTimeMillis();

        silver.append(commits.get(0));
        letters.append(List.of(new Letter("clickstream_events", 0, 1L, letterTime, "DataException")));
        GoldJob.Running job = GoldJob.start(stack.spark, withDeadLetters(url, silver, letters.path(), run));
        try {
            long first = distinct(commits.get(0));
            Waits.until(
                    "the first commit and the first letter loaded",
                    WAIT,
                    () -> GoldTestDatabases.alive(job)
                            && gold.number("SELECT sum(rows_in) FROM gold.batches") == first
                            && gold.number("SELECT count(*) FROM gold.dead_letters") == 1);
            silver.addColumn("experiment_id", "exp-42");
            silver.append(commits.get(1));
            letters.addColumn("experiment_id", "exp-42");
            letters.append(List.of(new Letter(
                    "clickstream_events", 0, 2L, letterTime, "DataException", "byte \u0000 in field 'page_url'")));
            Waits.until(
                    "the letter whose reason holds U+0000 loaded",
                    WAIT,
                    () -> GoldTestDatabases.alive(job) && gold.number("SELECT count(*) FROM gold.dead_letters") == 2);
            silver.append(commits.get(2));
            finishAndCompare(silver, commits, gold, () -> GoldTestDatabases.alive(job), Set.of(ahead.eventId()));
            assertThat(job.restarts())
                    .as("each query restarted once, after its table gained a column")
                    .isEqualTo(2);
            assertThat(gold.number("SELECT count(*) FROM gold.dead_letters WHERE reason = "
                            + "'byte \\u0000 in field ''page_url'''"))
                    .as("the NUL stored as the text \\u0000")
                    .isOne();
        } finally {
            job.stop();
        }
    }

    @Test
    void aDeadLetterQueryThatCannotStartEndsTheJobWithTheReason() throws Exception {
        Path run = Files.createDirectories(stack.data.resolve("runs").resolve("dead-letters-unreadable"));
        String url = GoldTestDatabases.create(stack.postgres, "dlbad_" + Long.toHexString(System.nanoTime()));
        SilverTable silver =
                new SilverTable(stack.spark, run.resolve("silver").toUri().toString());
        List<SilverRow> rows = commits(19).get(0).subList(0, 100);
        silver.append(rows);
        // A table without the error context columns (a dead-letter sink configured without header.columns).
        SilverTable notDeadLetters =
                new SilverTable(stack.spark, run.resolve("dead_letters").toUri().toString());
        notDeadLetters.append(rows.subList(0, 1));
        GoldJob.Running job = GoldJob.start(stack.spark, withDeadLetters(url, silver, notDeadLetters.path(), run));
        try {
            Waits.until(
                    "the job ended",
                    WAIT,
                    () -> job.failure().isPresent() && !job.query().isActive());
            assertThat(job.failure().get())
                    .as("the reason")
                    .hasMessageContaining("gold-dead-letters")
                    .hasStackTraceContaining("original_topic");
        } finally {
            job.stop();
        }
    }

    private static GoldJobConfig withDeadLetters(String url, SilverTable silver, String deadLetterPath, Path run) {
        return GoldJobConfig.parse(
                Stream.concat(
                                GoldTestDatabases.arguments(
                                        url,
                                        silver.path(),
                                        run.resolve("checkpoint").toString())
                                        .stream(),
                                Stream.of("--dead-letter-path", deadLetterPath))
                        .toList(),
                Map.of(),
                name -> null);
    }

    /**
     * {@code commit} plus an event of a user of its own whose id is an event id of {@code earlier} (another user's,
     * the first by time: it opened a session): Silver upserts it and re-emits the row, and it opens a session.
     */
    private static List<SilverRow> withAnIdReusedByAnotherUser(List<SilverRow> commit, List<SilverRow> earlier) {
        SilverRow opener = earlier.stream()
                .filter(r -> !r.bot())
                .min(Comparator.comparingLong(SilverRow::eventTimeMillis).thenComparing(SilverRow::eventId))
                .orElseThrow();
        SilverRow r = commit.stream().filter(row -> !row.bot()).findFirst().orElseThrow();
        List<SilverRow> rows = new ArrayList<>(commit);
        rows.add(new SilverRow(
                opener.eventId(),
                "page_view",
                r.eventTimeMillis(),
                "user-reusing-an-id",
                "s-reused",
                r.pageUrl(),
                r.pagePath(),
                null,
                r.ipAddress(),
                r.userAgent(),
                r.device(),
                -1,
                false,
                r.countryIso(),
                r.city(),
                r.latitude(),
                r.longitude(),
                r.browserFamily(),
                false));
        return rows;
    }

    /** Appends the rest, a too-late commit and a flush row; waits until everything is loaded; compares. */
    private static void finishAndCompare(
            SilverTable silver,
            List<List<SilverRow>> commits,
            GoldTables gold,
            java.util.function.BooleanSupplier alive)
            throws Exception {
        finishAndCompare(silver, commits, gold, alive, Set.of());
    }

    /** As above; the rows of {@code unplaced} are read (rows_in) but change nothing. */
    private static void finishAndCompare(
            SilverTable silver,
            List<List<SilverRow>> commits,
            GoldTables gold,
            java.util.function.BooleanSupplier alive,
            Set<String> unplaced)
            throws Exception {
        List<SilverRow> all = new ArrayList<>();
        commits.forEach(all::addAll);
        for (List<SilverRow> commit : commits.subList(3, commits.size())) {
            silver.append(commit);
        }
        long loaded = commits.stream().mapToLong(GoldRecoveryIT::distinct).sum();
        Waits.until(
                "every simulated row loaded",
                WAIT,
                () -> alive.getAsBoolean() && gold.number("SELECT sum(rows_in) FROM gold.batches") == loaded);
        List<SilverRow> tooLate = new ArrayList<>();
        for (SilverRow row : all.subList(10, 13)) {
            tooLate.add(row.at(
                    row.eventTimeMillis() - Duration.ofDays(1).toMillis(),
                    UUID.randomUUID().toString()));
        }
        silver.append(tooLate);
        long maxTime = all.stream()
                .filter(r -> !unplaced.contains(r.eventId()))
                .mapToLong(SilverRow::eventTimeMillis)
                .max()
                .orElseThrow();
        SilverRow flush = all.stream()
                .filter(SilverRow::bot)
                .findFirst()
                .orElseThrow()
                .at(maxTime + Duration.ofDays(1).toMillis(), UUID.randomUUID().toString());
        silver.append(List.of(flush));
        long total = loaded + tooLate.size() + 1;
        Waits.until(
                "late and flush rows loaded, every session closed",
                WAIT,
                () -> alive.getAsBoolean()
                        && gold.number("SELECT sum(rows_in) FROM gold.batches") == total
                        && gold.number("SELECT count(*) FROM gold.sessions WHERE is_open") == 0);
        all.addAll(tooLate);
        all.add(flush);
        HashSet<String> lateIds = new HashSet<>(unplaced);
        tooLate.forEach(r -> lateIds.add(r.eventId()));
        GoldAssertions.assertGoldEquals(gold, GoldOracle.compute(all, lateIds, GAP_MS));
        assertThat(gold.number("SELECT sum(late_rows) FROM gold.batches"))
                .as("late rows")
                .isEqualTo(tooLate.size());
    }

    private static List<List<SilverRow>> commits(long seed) {
        List<SilverRow> traffic = SimulatedTraffic.generate(
                seed, 8_000, 120, 2_000, GAP_MS, 0.05, 0.05, Instant.parse("2026-02-01T00:00:00Z"));
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
        String classpath = Files.readString(
                        Path.of(System.getProperty("clickstream.gold.classpath", "target/classpath.txt")))
                .trim();
        Path jar = Path.of(System.getProperty("clickstream.gold.jar"));
        List<String> command = GoldJobCommand.command(
                classpath + File.pathSeparator + Path.of("src/test/resources").toAbsolutePath(),
                jar,
                GoldJobCommand.DEFAULT_MASTER,
                "1g",
                args);
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
    }

    private static boolean running(Process job) {
        if (!job.isAlive()) {
            throw new AssertionError("the Gold job exited " + job.exitValue());
        }
        return true;
    }
}
