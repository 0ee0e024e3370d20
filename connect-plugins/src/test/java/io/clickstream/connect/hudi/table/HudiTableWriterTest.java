package io.clickstream.connect.hudi.table;

import static org.assertj.core.api.Assertions.assertThat;

import io.clickstream.connect.hudi.TestConfigs;
import io.clickstream.connect.hudi.config.HudiSinkConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HudiTableWriterTest {

    private static final Schema V1 = SchemaBuilder.record("event")
            .fields()
            .requiredString("id")
            .requiredLong("ts")
            .requiredString("day")
            .optionalString("page")
            .endRecord();
    private static final Schema V2 = SchemaBuilder.record("event")
            .fields()
            .requiredString("id")
            .requiredLong("ts")
            .requiredString("day")
            .optionalString("page")
            .optionalString("country")
            .endRecord();

    @TempDir
    Path dir;

    private HudiSinkConfig upsertConfig(String tableType, Map<String, String> extra) {
        Map<String, String> props = TestConfigs.structured(dir.resolve("t"));
        props.put(HudiSinkConfig.TABLE_TYPE, tableType);
        props.put(HudiSinkConfig.WRITE_OPERATION, "upsert");
        props.put(HudiSinkConfig.RECORD_KEY_FIELDS, "id");
        props.put(HudiSinkConfig.PARTITION_PATH_FIELDS, "day");
        props.put(HudiSinkConfig.ORDERING_FIELD, "ts");
        props.putAll(extra);
        return new HudiSinkConfig(props);
    }

    private static KeyedRow row(Schema schema, String id, long ts, String page) {
        GenericRecord r = new GenericData.Record(schema);
        r.put("id", id);
        r.put("ts", ts);
        r.put("day", "2026-11-25");
        r.put("page", page);
        return new KeyedRow(id, "2026-11-25", r);
    }

    @Test
    void createsTheTableAndKeepsOffsetsInTheCommitMetadata() {
        HudiSinkConfig config = upsertConfig("COPY_ON_WRITE", Map.of());
        try (HudiTableWriter writer = new HudiTableWriter(config)) {
            assertThat(writer.tableExists()).isFalse();
            assertThat(writer.committedState().isEmpty()).isTrue();

            writer.commit(
                    List.of(row(V1, "a", 1, "home"), row(V1, "b", 1, "cart")),
                    Map.of(
                            HudiTableWriter.KAFKA_OFFSETS,
                            OffsetsCodec.encode(Map.of("events-0", 2L, "events-1", 7L)),
                            HudiTableWriter.CONTROL_OFFSET,
                            "12",
                            HudiTableWriter.COMMIT_ID,
                            "c1"));

            CommittedState state = writer.committedState();
            assertThat(state.offsets()).containsExactlyInAnyOrderEntriesOf(Map.of("events-0", 2L, "events-1", 7L));
            assertThat(state.controlOffset()).isEqualTo(12L);
            assertThat(state.commitId()).isEqualTo("c1");
            assertThat(state.offsetOf("events", 1)).isEqualTo(7L);
            assertThat(state.offsetOf("events", 5)).isZero();
        }
        assertThat(TableFiles.latestRows(dir.resolve("t")))
                .extracting(r -> r.get("id").toString())
                .containsExactlyInAnyOrder("a", "b");
    }

    @Test
    void upsertKeepsTheNewestVersionByOrderingFieldAndSchemaEvolves() {
        HudiSinkConfig config = upsertConfig("COPY_ON_WRITE", Map.of());
        try (HudiTableWriter writer = new HudiTableWriter(config)) {
            writer.commit(
                    List.of(row(V1, "a", 5, "home"), row(V1, "b", 1, "cart")),
                    Map.of(HudiTableWriter.KAFKA_OFFSETS, OffsetsCodec.encode(Map.of("events-0", 2L))));
            KeyedRow newer = row(V2, "b", 9, "checkout");
            newer.row().put("country", "DE");
            // an older version of "a" (ts 3 < 5) in the same commit as a newer version of "b" with a new column
            writer.commit(
                    List.of(row(V1, "a", 3, "stale"), newer),
                    Map.of(HudiTableWriter.KAFKA_OFFSETS, OffsetsCodec.encode(Map.of("events-0", 4L))));
            assertThat(writer.committedState().offsetOf("events", 0)).isEqualTo(4L);
            assertThat(writer.tableSchema())
                    .get()
                    .extracting(s -> s.getField("country"))
                    .isNotNull();
        }
        List<GenericRecord> rows = TableFiles.latestRows(dir.resolve("t"));
        assertThat(rows).hasSize(2);
        Map<String, String> pages = new java.util.HashMap<>();
        Map<String, Object> countries = new java.util.HashMap<>();
        rows.forEach(r -> {
            pages.put(r.get("id").toString(), r.get("page").toString());
            countries.put(
                    r.get("id").toString(),
                    r.get("country") == null ? null : r.get("country").toString());
        });
        assertThat(pages).containsEntry("a", "home").containsEntry("b", "checkout");
        assertThat(countries).containsEntry("b", "DE").containsEntry("a", null);
    }

    @Test
    void mergeOnReadUpsertsCompactInline() {
        HudiSinkConfig config = upsertConfig("MERGE_ON_READ", Map.of("hoodie.compact.inline.max.delta.commits", "2"));
        try (HudiTableWriter writer = new HudiTableWriter(config)) {
            writer.commit(
                    List.of(row(V1, "a", 1, "home"), row(V1, "b", 1, "cart")),
                    Map.of(HudiTableWriter.KAFKA_OFFSETS, OffsetsCodec.encode(Map.of("events-0", 2L))));
            writer.commit(
                    List.of(row(V1, "a", 2, "search")),
                    Map.of(HudiTableWriter.KAFKA_OFFSETS, OffsetsCodec.encode(Map.of("events-0", 3L))));
            // the compaction commit that follows carries no offsets: the sink's state is the last delta commit's
            assertThat(writer.committedState().offsetOf("events", 0)).isEqualTo(3L);
        }
        List<GenericRecord> rows = TableFiles.latestRows(dir.resolve("t"));
        assertThat(rows)
                .extracting(r -> r.get("id") + "=" + r.get("page"))
                .containsExactlyInAnyOrder("a=search", "b=cart");
    }

    @Test
    void insertKeepsEveryRow() {
        Map<String, String> props = TestConfigs.structured(dir.resolve("t"));
        HudiSinkConfig config = new HudiSinkConfig(props);
        try (HudiTableWriter writer = new HudiTableWriter(config)) {
            List<KeyedRow> rows = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                KeyedRow r = row(V1, "k" + i, i, "p");
                rows.add(new KeyedRow("events/0/" + i, "", r.row()));
            }
            writer.commit(rows, Map.of(HudiTableWriter.KAFKA_OFFSETS, OffsetsCodec.encode(Map.of("events-0", 100L))));
        }
        assertThat(TableFiles.latestRows(dir.resolve("t"))).hasSize(100);
    }

    @Test
    void aCommitPlannedBeforeAnotherSinkCommitCompletedIsRefusedAtItsCommitPointAndRolledBack() throws Exception {
        HudiSinkConfig config = new HudiSinkConfig(TestConfigs.structured(dir.resolve("t")));
        java.util.concurrent.CountDownLatch inside = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        List<KeyedRow> rows = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            rows.add(new KeyedRow("events/0/" + i, "", row(V1, "k" + i, i, "p").row()));
        }
        Map<String, String> offsets =
                Map.of(HudiTableWriter.KAFKA_OFFSETS, OffsetsCodec.encode(Map.of("events-0", 10L)));
        try (HudiTableWriter stalled = new HudiTableWriter(config);
                HudiTableWriter successor = new HudiTableWriter(config)) {
            stalled.beforeComplete(() -> {
                inside.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            java.util.concurrent.CompletableFuture<String> stalledCommit =
                    java.util.concurrent.CompletableFuture.supplyAsync(() -> stalled.commit(rows, offsets, null));
            assertThat(inside.await(2, java.util.concurrent.TimeUnit.MINUTES))
                    .as("the first writer reached its commit point")
                    .isTrue();
            // the same ranges, planned from the same (empty) state by a successor while the first writer is stalled
            String winner = successor.commit(rows, offsets, null);
            release.countDown();

            assertThat(org.assertj.core.api.Assertions.catchThrowable(stalledCommit::join))
                    .as("the stalled commit fails at its commit point")
                    .hasRootCauseInstanceOf(StaleOffsetsException.class)
                    .rootCause()
                    .hasMessageContaining("stale offsets");
            assertThat(successor.committedState().instant())
                    .as("the successor's commit stays the newest")
                    .isEqualTo(winner);
            assertThat(successor.committedState().offsetOf("events", 0)).isEqualTo(10L);
        }
        assertThat(TableFiles.latestRows(dir.resolve("t")))
                .as("every row exactly once")
                .extracting(r -> r.get("id").toString())
                .hasSize(10)
                .doesNotHaveDuplicates();
    }

    @Test
    void aWriterWhoseOwnerLostItsLockIsRefusedAtTheCommitPointAndLeavesNothingBehind() {
        HudiSinkConfig config = new HudiSinkConfig(TestConfigs.structured(dir.resolve("t")));
        List<KeyedRow> rows = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            rows.add(new KeyedRow("events/0/" + i, "", row(V1, "k" + i, i, "p").row()));
        }
        try (HudiTableWriter writer = new HudiTableWriter(config)) {
            String first = writer.commit(
                    rows.subList(0, 2),
                    Map.of(HudiTableWriter.KAFKA_OFFSETS, OffsetsCodec.encode(Map.of("events-0", 2L))),
                    null);
            writer.fenceWith(() -> false); // e.g. stopped while inside the commit, or its commit lock was broken

            assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> writer.commit(
                            rows.subList(2, 5),
                            Map.of(HudiTableWriter.KAFKA_OFFSETS, OffsetsCodec.encode(Map.of("events-0", 5L))),
                            first)))
                    .as("the fenced commit")
                    .isInstanceOf(StaleOffsetsException.class)
                    .hasMessageContaining("lost the commit lock");
            assertThat(writer.committedState().instant()).isEqualTo(first);
            assertThat(writer.committedState().offsetOf("events", 0)).isEqualTo(2L);
        }
        assertThat(TableFiles.latestRows(dir.resolve("t")))
                .as("only the first commit's rows, no file of the refused one")
                .hasSize(2);
    }

    @Test
    void aCommitCompletingAfterItsSuccessorsIsReportedAsLateAndDoesNotMakeTheNextCommitStale() throws Exception {
        HudiSinkConfig config = new HudiSinkConfig(TestConfigs.structured(dir.resolve("t")));
        List<KeyedRow> rows = new ArrayList<>();
        for (int i = 0; i < 15; i++) {
            rows.add(new KeyedRow("events/0/" + i, "", row(V1, "k" + i, i, "p").row()));
        }
        java.util.concurrent.CountDownLatch inside = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        try (HudiTableWriter late = new HudiTableWriter(config);
                HudiTableWriter successor = new HudiTableWriter(config)) {
            late.afterFence(
                    () -> { // past the fence, inside the transaction lock
                        inside.countDown();
                        try {
                            release.await();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    });
            java.util.concurrent.CompletableFuture<String> lateCommit =
                    java.util.concurrent.CompletableFuture.supplyAsync(
                            () -> late.commit(rows.subList(0, 10), offsets(10), null));
            assertThat(inside.await(2, java.util.concurrent.TimeUnit.MINUTES))
                    .as("the first writer passed its fence")
                    .isTrue();
            java.io.File held = java.util.Arrays.stream(dir.resolve("t/.hoodie/.connect-lock/txn")
                            .toFile()
                            .listFiles(f -> f.getName().matches("lock\\.\\d+")))
                    .max(java.util.Comparator.comparingLong(
                            f -> Long.parseLong(f.getName().substring("lock.".length()))))
                    .orElseThrow(); // its transaction lock
            // the same ranges and fewer, planned from the same (empty) state, once the first writer's lease ran out
            java.util.concurrent.CompletableFuture<String> successorCommit =
                    java.util.concurrent.CompletableFuture.supplyAsync(
                            () -> successor.commit(rows.subList(0, 6), offsets(6), null));
            long deadline = System.currentTimeMillis() + 120_000;
            while (!successorCommit.isDone()) {
                assertThat(System.currentTimeMillis())
                        .as("the successor committed in time")
                        .isLessThan(deadline);
                held.setLastModified(
                        System.currentTimeMillis() - 10 * 60_000L); // as a frozen holder's heartbeat leaves it
                Thread.sleep(50);
            }
            String first = successorCommit.join();
            release.countDown();
            String overtaken = lateCommit.join();

            CommittedState state = successor.committedState();
            assertThat(state.instant())
                    .as("the table stands where the newest requested sink commit left it")
                    .isEqualTo(first);
            assertThat(state.offsetOf("events", 0)).isEqualTo(6L);
            assertThat(state.lateCommits())
                    .as("the late commit")
                    .singleElement()
                    .satisfies(lateOne -> {
                        assertThat(lateOne.instant()).isEqualTo(overtaken);
                        assertThat(lateOne.overtakenBy()).containsExactly(first);
                        assertThat(lateOne.describeRanges()).isEqualTo("events-0 [0, 10)");
                        assertThat(lateOne.offsetsPossiblyDuplicated()).isEqualTo(10L);
                    });
            String next = successor.commit(rows.subList(6, 15), offsets(15), first);
            assertThat(successor.committedState().instant())
                    .as("the next commit is not refused as stale")
                    .isEqualTo(next);
            assertThat(successor.committedState().offsetOf("events", 0)).isEqualTo(15L);
        }
        Map<String, Long> copies = TableFiles.committedRows(dir.resolve("t")).stream()
                .collect(java.util.stream.Collectors.groupingBy(
                        r -> r.get("id").toString(), java.util.stream.Collectors.counting()));
        Map<String, Long> expected = new java.util.HashMap<>();
        for (int i = 0; i < 15; i++) {
            expected.put("k" + i, i < 10 ? 2L : 1L); // the late commit's range twice: it wrote its own files
        }
        assertThat(copies).as("copies of each row").isEqualTo(expected);
    }

    private static Map<String, String> offsets(long next) {
        return Map.of(HudiTableWriter.KAFKA_OFFSETS, OffsetsCodec.encode(Map.of("events-0", next)));
    }

    /** A post-commit hook that fails, as a failing clean, archive or inline compaction would. */
    public static final class FailingCommitCallback implements org.apache.hudi.callback.HoodieWriteCommitCallback {
        public FailingCommitCallback(org.apache.hudi.config.HoodieWriteConfig config) {}

        @Override
        public void call(org.apache.hudi.callback.common.HoodieWriteCommitCallbackMessage message) {
            throw new IllegalStateException("post-commit work failed");
        }
    }

    @Test
    void aCommitWhosePostCommitWorkFailsAfterTheInstantCompletedCountsAsCommitted() {
        Map<String, String> props = TestConfigs.structured(dir.resolve("t"));
        props.put("hoodie.write.commit.callback.on", "true");
        props.put("hoodie.write.commit.callback.class", FailingCommitCallback.class.getName());
        try (HudiTableWriter writer = new HudiTableWriter(new HudiSinkConfig(props))) {
            List<KeyedRow> rows = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                rows.add(new KeyedRow(
                        "events/0/" + i, "", row(V1, "k" + i, i, "p").row()));
            }
            String instant = writer.commit(
                    rows, Map.of(HudiTableWriter.KAFKA_OFFSETS, OffsetsCodec.encode(Map.of("events-0", 5L))));
            assertThat(writer.committedState().instant())
                    .as("the completed instant was kept")
                    .isEqualTo(instant);
            assertThat(writer.committedState().offsetOf("events", 0)).isEqualTo(5L);
        }
        assertThat(TableFiles.latestRows(dir.resolve("t")))
                .as("the rows stay in the table")
                .hasSize(5);
    }
}
