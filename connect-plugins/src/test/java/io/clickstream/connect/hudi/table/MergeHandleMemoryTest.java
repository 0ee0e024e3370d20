package io.clickstream.connect.hudi.table;

import static org.assertj.core.api.Assertions.assertThat;

import io.clickstream.connect.hudi.TestConfigs;
import io.clickstream.connect.hudi.bench.SilverIndexBenchmark;
import io.clickstream.connect.hudi.config.HudiSinkConfig;
import io.clickstream.contract.SilverFields;
import java.lang.ref.Reference;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.hudi.common.model.DefaultHoodieRecordPayload;
import org.apache.hudi.common.model.HoodieAvroRecord;
import org.apache.hudi.common.model.HoodieKey;
import org.apache.hudi.common.model.HoodieRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The merge handle's map of incoming rows sizes a Silver row at the heap the row holds, not with the Avro schema all
 * rows share (Hudi's estimate, ~45 KB a row), and the upserts it merges keep the newest version of every key.
 */
class MergeHandleMemoryTest {

    private static final int COMMITS = 3;
    private static final int ROWS = 2_000;
    private static final int REPLAYED = 400;

    @TempDir
    Path dir;

    @Test
    void theMergeMapCountsSilverRowsAtTheHeapTheyHoldAndUpsertsStayCorrect() {
        long heldPerRow = heapHeldPerRow(10_000);
        System.out.println("MergeHandleMemoryTest: the heap a Silver row holds: " + heldPerRow + " B");
        Map<String, String> props = TestConfigs.structured(dir.resolve("silver"));
        props.put(HudiSinkConfig.WRITE_OPERATION, "upsert");
        props.put(HudiSinkConfig.RECORD_KEY_FIELDS, SilverFields.EVENT_ID);
        props.put(HudiSinkConfig.PARTITION_PATH_FIELDS, SilverFields.EVENT_DATE);
        props.put(HudiSinkConfig.ORDERING_FIELD, SilverFields.KAFKA_OFFSET);
        props.put(TableServiceDefaults.MERGE_HANDLE_CLASS, RecordingMergeHandle.class.getName());
        RecordingMergeHandle.MERGES.clear();
        List<GenericRecord> rows = asReceived(SilverIndexBenchmark.rows(COMMITS * ROWS));
        Map<String, Long> newest = new HashMap<>();
        try (HudiTableWriter writer = new HudiTableWriter(new HudiSinkConfig(props))) {
            for (int c = 0; c < COMMITS; c++) {
                List<GenericRecord> batch = new ArrayList<>(rows.subList(c * ROWS, (c + 1) * ROWS));
                if (c >= 1) { // a crash replay of the previous commit's first rows, newer by their offsets
                    for (GenericRecord r : rows.subList((c - 1) * ROWS, (c - 1) * ROWS + REPLAYED)) {
                        GenericRecord replay = GenericData.get().deepCopy(r.getSchema(), r);
                        replay.put(SilverFields.KAFKA_OFFSET, (Long) r.get(SilverFields.KAFKA_OFFSET) + 1_000_000L * c);
                        batch.add(replay);
                    }
                }
                if (c >= 2) { // stale copies, older than the previous commit's replayed versions: they must lose
                    batch.addAll(rows.subList((c - 2) * ROWS, (c - 2) * ROWS + REPLAYED / 2));
                }
                List<KeyedRow> keyed = new ArrayList<>(batch.size());
                for (GenericRecord r : batch) {
                    String key = r.get(SilverFields.EVENT_ID).toString();
                    keyed.add(new KeyedRow(key, r.get(SilverFields.EVENT_DATE).toString(), r));
                    newest.merge(key, (Long) r.get(SilverFields.KAFKA_OFFSET), Math::max);
                }
                writer.commit(
                        keyed,
                        Map.of(
                                HudiTableWriter.KAFKA_OFFSETS,
                                OffsetsCodec.encode(Map.of("events-0", (c + 1L) * ROWS))));
            }
        }

        List<RecordingMergeHandle.Merge> merges = RecordingMergeHandle.MERGES.stream()
                .filter(m -> m.inMemory() >= 100)
                .toList(); // the map re-estimates every 100 rows
        assertThat(merges).as("merges of 100 rows or more").isNotEmpty();
        for (RecordingMergeHandle.Merge m : merges) {
            long perRow = m.estimatedBytes() / m.inMemory();
            assertThat(perRow)
                    .as(
                            "the map's estimate per row (%s) against the heap a row holds (%d B); Hudi's estimate"
                                    + " of one row: %d B",
                            m, heldPerRow, m.hudiEstimate())
                    .isBetween(heldPerRow / 2, heldPerRow * 2);
            assertThat(m.onDisk()).as("rows spilled to disk").isZero();
            assertThat(m.hudiEstimate())
                    .as("Hudi's own estimate of a row, which counts the schema (if no longer, this" + " handle may go)")
                    .isGreaterThan(10 * heldPerRow);
        }

        Map<String, Long> inTable = new HashMap<>();
        for (GenericRecord r : TableFiles.latestRows(dir.resolve("silver"))) {
            assertThat(inTable.put(r.get(SilverFields.EVENT_ID).toString(), (Long) r.get(SilverFields.KAFKA_OFFSET)))
                    .as("a key's second row")
                    .isNull();
        }
        assertThat(inTable).as("one row per key, the newest by kafka_offset").isEqualTo(newest);
    }

    /** The heap {@code n} Silver rows hold as the sink hands them to Hudi, per row, measured after full collections. */
    private static long heapHeldPerRow(int n) {
        asReceived(SilverIndexBenchmark.rows(100)); // the simulator's and Avro's static state, outside the measure
        clearSoftReferences(); // else caches of the tests before this one, cleared mid-measure, shrink it
        long before = usedAfterGc();
        List<HoodieRecord<?>> held = new ArrayList<>(n);
        for (GenericRecord r : asReceived(SilverIndexBenchmark.rows(n))) {
            held.add(new HoodieAvroRecord<>(
                    new HoodieKey(
                            r.get(SilverFields.EVENT_ID).toString(),
                            r.get(SilverFields.EVENT_DATE).toString()),
                    new DefaultHoodieRecordPayload(r, (Long) r.get(SilverFields.KAFKA_OFFSET))));
        }
        long perRow = (usedAfterGc() - before) / n;
        Reference.reachabilityFence(held);
        return perRow;
    }

    /**
     * The rows as the sink receives them, each string its own (parsed from a Kafka record): the simulator's rows share
     * their constant strings (event types, user agents, the topic), which Hudi's measure of a row counts in every row.
     */
    private static List<GenericRecord> asReceived(List<GenericRecord> rows) {
        List<GenericRecord> copies = new ArrayList<>(rows.size());
        for (GenericRecord r : rows) {
            GenericRecord copy = new GenericData.Record(r.getSchema());
            for (Schema.Field f : r.getSchema().getFields()) {
                Object v = r.get(f.pos());
                copy.put(f.pos(), v instanceof CharSequence s ? new StringBuilder(s).toString() : v); // new bytes
            }
            copies.add(copy);
        }
        return copies;
    }

    /** The JVM clears every soft reference before it refuses an allocation for want of heap. */
    @SuppressWarnings("unused")
    private static void clearSoftReferences() {
        try {
            byte[] more = new byte
                    [(int) Math.min(Integer.MAX_VALUE - 16, Runtime.getRuntime().maxMemory())];
        } catch (OutOfMemoryError expected) {
            // as intended
        }
    }

    private static long usedAfterGc() {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 2; i++) {
            System.gc();
        }
        return rt.totalMemory() - rt.freeMemory();
    }
}
