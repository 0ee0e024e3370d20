package io.clickstream.gold;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clickstream.gold.testing.GoldAssertions;
import io.clickstream.gold.testing.GoldOracle;
import io.clickstream.gold.testing.GoldTables;
import io.clickstream.gold.testing.SilverRow;
import io.clickstream.gold.testing.SilverTable;
import io.clickstream.gold.testing.SimulatedTraffic;
import io.clickstream.gold.testing.Waits;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Gold job on a real Spark session and a real PostgreSQL, fed a Silver Hudi table commit by commit while it
 * runs, must produce exactly the tables {@link GoldOracle} computes from the same events in plain Java.
 */
class GoldOracleIT {

    static final long GAP_MS = Duration.ofMinutes(5).toMillis();
    static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    private static GoldTestStack stack;

    @BeforeAll
    static void start() throws Exception {
        stack = GoldTestStack.start("gold-oracle");
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void goldEqualsTheOracleWithLateDuplicateAndBotTrafficAndTooLateRowsCounted() throws Exception {
        Path run = stack.data.resolve("runs").resolve("oracle");
        Files.createDirectories(run);
        String database = "oracle_" + Long.toHexString(System.nanoTime());
        String url = GoldTestDatabases.create(stack.postgres, database);
        SilverTable silver =
                new SilverTable(stack.spark, run.resolve("silver").toUri().toString());
        List<SilverRow> traffic = SimulatedTraffic.generate(7, 12_000, 150, 3_000, GAP_MS, 0.05, 0.05, START);
        List<List<SilverRow>> commits = List.of(
                traffic.subList(0, 3_000),
                traffic.subList(3_000, 6_000),
                traffic.subList(6_000, 9_000),
                traffic.subList(9_000, 12_000));
        silver.append(commits.get(0));

        GoldJob.Running job = GoldJob.start(
                stack.spark,
                GoldTestDatabases.config(
                        url, silver.path(), run.resolve("checkpoint").toString()));
        GoldTables gold = new GoldTables(url, stack.postgres.user());
        try {
            long expectedRowsIn = distinct(commits.get(0));
            for (List<SilverRow> commit : commits.subList(1, commits.size())) {
                silver.append(commit);
                expectedRowsIn += distinct(commit);
            }
            long allIn = expectedRowsIn;
            Waits.until(
                    "all simulated rows loaded",
                    Duration.ofMinutes(5),
                    () -> GoldTestDatabases.alive(job)
                            && gold.number("SELECT sum(rows_in) FROM gold.batches") == allIn);

            // Rows a day older than anything loaded: beyond the watermark whatever the batching.
            List<SilverRow> tooLate = new ArrayList<>();
            for (SilverRow row : traffic.subList(100, 106)) {
                tooLate.add(row.at(
                        row.eventTimeMillis() - Duration.ofDays(1).toMillis(),
                        UUID.randomUUID().toString()));
            }
            silver.append(tooLate);
            long maxTime =
                    traffic.stream().mapToLong(SilverRow::eventTimeMillis).max().orElseThrow();
            SilverRow flush = traffic.stream()
                    .filter(SilverRow::bot)
                    .findFirst()
                    .orElseThrow()
                    .at(
                            maxTime + Duration.ofDays(1).toMillis(),
                            UUID.randomUUID().toString());
            silver.append(List.of(flush));
            long total = allIn + tooLate.size() + 1;
            Waits.until(
                    "the late rows and the flush row loaded, every session closed",
                    Duration.ofMinutes(5),
                    () -> GoldTestDatabases.alive(job)
                            && gold.number("SELECT sum(rows_in) FROM gold.batches") == total
                            && gold.number("SELECT count(*) FROM gold.sessions WHERE is_open") == 0);

            List<SilverRow> all = new ArrayList<>(traffic);
            all.addAll(tooLate);
            all.add(flush);
            Set<String> lateIds = new HashSet<>();
            tooLate.forEach(r -> lateIds.add(r.eventId()));
            GoldOracle oracle = GoldOracle.compute(all, lateIds, GAP_MS);
            GoldAssertions.assertGoldEquals(gold, oracle);

            long distinctAccepted =
                    all.stream().map(SilverRow::eventId).distinct().count() - lateIds.size();
            assertThat(gold.number("SELECT sum(late_rows) FROM gold.batches"))
                    .as("late rows counted")
                    .isEqualTo(tooLate.size());
            assertThat(gold.number("SELECT sum(duplicate_rows) FROM gold.batches"))
                    .as("Silver's re-emitted upserts counted as duplicates, not as events")
                    .isEqualTo(total - tooLate.size() - distinctAccepted);
            assertThat(traffic.stream().filter(SilverRow::late).count())
                    .as("the simulator sent late events")
                    .isGreaterThan(100);
        } finally {
            job.stop();
        }
        assertThatThrownBy(() -> GoldJob.start(
                        stack.spark,
                        GoldTestDatabases.config(
                                url,
                                silver.path(),
                                run.resolve("another-checkpoint").toString())))
                .as("a new checkpoint over loaded Gold would count Silver twice")
                .hasMessageContaining("is new");
    }

    private static long distinct(List<SilverRow> commit) {
        return commit.stream().map(SilverRow::eventId).distinct().count();
    }
}
