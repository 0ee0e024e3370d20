package io.clickstream.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.clickstream.local.connect.ConnectorDefinition;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommitStallsTest {

    private static final Instant START = Instant.parse("2026-12-07T10:00:00Z");
    /** Not UTC, so that a reader mixing up zones is an hour off. */
    private static final ZoneId LOCAL = ZoneId.of("Europe/Paris");

    private static final DateTimeFormatter HUDI_TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmssSSS");

    @TempDir
    Path tables;

    private final MutableClock clock = new MutableClock(START);

    private CommitStalls watching(Path table, Duration interval) {
        return new CommitStalls(
                Map.of("silver", new CommitStalls.Sink(table, interval, Set.of("events"))),
                clock,
                LOCAL,
                CommitStalls.DEFAULT_INTERVALS);
    }

    /** A completed instant of {@code action}, requested a second before it completed at {@code completed}. */
    private static void completed(Path table, Instant completed, String action, ZoneId zone) throws IOException {
        Path timeline = Files.createDirectories(table.resolve(".hoodie/timeline"));
        Files.createFile(timeline.resolve(
                hudiTime(completed.minusSeconds(1), zone) + "_" + hudiTime(completed, zone) + "." + action));
    }

    private static String hudiTime(Instant t, ZoneId zone) {
        return HUDI_TIME.format(t.atZone(zone));
    }

    @Test
    void aSinkWithLagSaysSoOnceItsLastCommitIsOlderThanThreeIntervals() throws IOException {
        Path table = tables.resolve("silver");
        CommitStalls stalls = watching(table, Duration.ofSeconds(10));
        completed(table, START.plusSeconds(5), "commit", LOCAL);

        clock.set(START.plusSeconds(35));
        assertThat(stalls.segment("silver", 100))
                .as("30 s after the commit: 3 intervals, not more")
                .isEmpty();
        clock.set(START.plusSeconds(65));
        assertThat(stalls.segment("silver", 100))
                .as("a minute after the commit: no stall before a minute")
                .isEmpty();

        clock.set(START.plusSeconds(255));
        assertThat(stalls.segment("silver", 100))
                .as("4m10s after the commit")
                .isEqualTo(", no commit for 4m10s (interval 10s)");
        assertThat(stalls.segment("silver", 0)).as("nothing to commit").isEmpty();
        assertThat(stalls.segment("bronze", 100)).as("a connector not watched").isEmpty();

        completed(table, START.plusSeconds(250), "commit", LOCAL);
        assertThat(stalls.segment("silver", 100)).as("after a new commit").isEmpty();
    }

    @Test
    void onlyCompletedCommitsAndDeltaCommitsCount() throws IOException {
        Path table = tables.resolve("silver");
        CommitStalls stalls = watching(table, Duration.ofSeconds(10));
        completed(table, START.plusSeconds(1), "deltacommit", LOCAL);
        Path timeline = table.resolve(".hoodie/timeline");
        String later = hudiTime(START.plusSeconds(50), LOCAL);
        Files.createFile(timeline.resolve(later + ".commit.requested"));
        Files.createFile(timeline.resolve(later + ".inflight"));
        completed(table, START.plusSeconds(55), "clean", LOCAL);
        completed(table, START.plusSeconds(56), "rollback", LOCAL);

        assertThat(stalls.lastCommit(table)).as("last commit").contains(START.plusSeconds(1));
        clock.set(START.plusSeconds(71));
        assertThat(stalls.segment("silver", 1)).as("at 71 s").isEqualTo(", no commit for 1m10s (interval 10s)");
    }

    @Test
    void anAgeCountsFromTheWatchesStartWhenTheLastCommitIsOlderOrMissing() throws IOException {
        Path old = tables.resolve("old");
        completed(old, START.minus(Duration.ofHours(5)), "commit", LOCAL); // a run that ended hours ago
        CommitStalls stalls = watching(old, Duration.ofSeconds(30));
        clock.set(START.plusSeconds(85));
        assertThat(stalls.segment("silver", 7)).as("85 s into the run").isEmpty();
        clock.set(START.plusSeconds(95));
        assertThat(stalls.segment("silver", 7))
                .as("95 s into the run")
                .isEqualTo(", no commit for 1m35s (interval 30s)");

        clock.set(START);
        CommitStalls fresh = watching(tables.resolve("none"), Duration.ofSeconds(10));
        clock.set(START.plus(Duration.ofHours(2)).plusSeconds(30));
        assertThat(fresh.lastCommit(tables.resolve("none"))).as("no timeline").isEmpty();
        assertThat(fresh.segment("silver", 7))
                .as("no commit since the watch started 2 h ago")
                .isEqualTo(", no commit for 2h00m (interval 10s)");
    }

    @Test
    void instantTimesAreInTheZoneTheTableDeclares() throws IOException {
        Path table = tables.resolve("utc");
        completed(table, START.plusSeconds(20), "commit", ZoneOffset.UTC);
        Files.writeString(table.resolve(".hoodie/hoodie.properties"), "hoodie.table.timeline.timezone=UTC\n");
        CommitStalls stalls = watching(table, Duration.ofSeconds(10));
        assertThat(stalls.lastCommit(table)).as("UTC table").contains(START.plusSeconds(20));

        Path local = tables.resolve("local");
        completed(local, START.plusSeconds(20), "commit", LOCAL);
        Files.writeString(local.resolve(".hoodie/hoodie.properties"), "hoodie.table.name=t\n");
        assertThat(stalls.lastCommit(local))
                .as("table in the local zone (Hudi's default)")
                .contains(START.plusSeconds(20));
    }

    @Test
    void theHudiSinksAreWatchedWithTheirIntervalAndTopics(@TempDir Path data) {
        ConnectorDefinition silver = new ConnectorDefinition(
                "silver",
                Map.of(
                        "connector.class",
                        CommitStalls.HUDI_SINK_CLASS,
                        "topics",
                        "events",
                        "table.path",
                        data.resolve("silver").toUri().toString(),
                        "commit.interval.ms",
                        "10000"),
                Path.of("silver.json"));
        ConnectorDefinition bronze = new ConnectorDefinition(
                "bronze",
                Map.of(
                        "connector.class",
                        CommitStalls.HUDI_SINK_CLASS,
                        "topics",
                        "events, more",
                        "table.path",
                        "s3a://lake/bronze"),
                Path.of("bronze.json"));
        ConnectorDefinition remote = new ConnectorDefinition(
                "remote",
                Map.of(
                        "connector.class",
                        CommitStalls.HUDI_SINK_CLASS,
                        "topics",
                        "events",
                        "table.path",
                        "s3a://elsewhere/t"),
                Path.of("remote.json"));
        ConnectorDefinition simulator = new ConnectorDefinition(
                "sim", Map.of("connector.class", "Sim", "table.path", data.toString()), Path.of("sim.json"));

        CommitStalls stalls = CommitStalls.of(
                List.of(silver, bronze, remote, simulator),
                path -> path.startsWith("s3a://lake/")
                        ? Optional.of(data.resolve(path.substring(11)))
                        : CommitStalls.localTable(path));

        Map<TopicPartition, Long> ends = Map.of(
                new TopicPartition("events", 0),
                10L,
                new TopicPartition("events", 1),
                5L,
                new TopicPartition("more", 0),
                2L,
                new TopicPartition("other", 0),
                100L);
        assertThat(stalls.uncommitted("silver", ends)).as("silver's records").isEqualTo(15);
        assertThat(stalls.uncommitted("bronze", ends)).as("bronze's records").isEqualTo(17);
        assertThat(stalls.uncommitted("remote", ends))
                .as("a table not on this machine")
                .isZero();
        assertThat(stalls.uncommitted("sim", ends)).as("not a Hudi sink").isZero();
    }

    @Test
    void tablePathsOnThisMachine() {
        assertThat(CommitStalls.localTable("file:///data/silver/t")).contains(Path.of("/data/silver/t"));
        assertThat(CommitStalls.localTable("/data/silver/t")).contains(Path.of("/data/silver/t"));
        assertThat(CommitStalls.localTable("s3a://lake/silver/t")).isEmpty();
        assertThat(CommitStalls.localTable("hdfs://nn/t")).isEmpty();
    }

    @Test
    void durationsAreShort() {
        assertThat(CommitStalls.text(Duration.ofMillis(250))).isEqualTo("250ms");
        assertThat(CommitStalls.text(Duration.ofSeconds(10))).isEqualTo("10s");
        assertThat(CommitStalls.text(Duration.ofSeconds(250))).isEqualTo("4m10s");
        assertThat(CommitStalls.text(Duration.ofSeconds(7_500))).isEqualTo("2h05m");
    }

    private static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void set(Instant instant) {
            now = instant;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
