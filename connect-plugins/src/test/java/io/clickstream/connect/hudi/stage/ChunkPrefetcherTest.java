package io.clickstream.connect.hudi.stage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clickstream.connect.hudi.table.KeyedRow;
import java.io.FileNotFoundException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChunkPrefetcherTest {

    private static final Schema ROW =
            SchemaBuilder.record("row").fields().requiredLong("n").endRecord();

    @TempDir
    Path dir;

    private ChunkStore store;

    @BeforeEach
    void setUp() {
        store = new ChunkStore(dir.toUri().toString(), new Configuration());
    }

    @Test
    void aPrefetchedChunkHoldsTheSameRowsAsAReadAndFreesItsBudgetWhenTaken() {
        String first = stage(0, 30);
        String second = stage(30, 30);
        try (ChunkPrefetcher prefetcher = new ChunkPrefetcher(store, 50, Long.MAX_VALUE, "test")) {
            assertTrue(prefetcher.offer(first, 30, 0));
            assertFalse(prefetcher.offer(second, 30, 0), "30 + 30 rows exceed the budget of 50");
            assertEquals(30, prefetcher.heldRows());

            assertEquals(numbers(store.read(first)), numbers(prefetcher.take(first)));
            assertEquals(0, prefetcher.heldRows());
            assertTrue(prefetcher.offer(second, 30, 0), "taking the first freed the budget");
            assertEquals(List.of(30L, 31L, 59L), pick(numbers(prefetcher.take(second)), 0, 1, 29));
        }
    }

    @Test
    void theByteBudgetBoundsWhatIsHeldAheadWhateverTheRowCount() {
        String first = stage(0, 3);
        String second = stage(3, 3);
        try (ChunkPrefetcher prefetcher = new ChunkPrefetcher(store, 1_000, 64_000, "test")) {
            assertTrue(prefetcher.offer(first, 3, 40_000));
            assertFalse(prefetcher.offer(second, 3, 40_000), "40,000 + 40,000 bytes exceed the budget of 64,000");
            assertEquals(40_000, prefetcher.heldBytes());
            assertEquals(3, prefetcher.take(first).size());
            assertEquals(0, prefetcher.heldBytes());
            assertTrue(prefetcher.offer(second, 3, 40_000), "taking the first freed the budget");
        }
    }

    @Test
    void aChunkNeverOfferedIsReadWhenTaken() {
        String path = stage(100, 5);
        try (ChunkPrefetcher prefetcher = new ChunkPrefetcher(store, 1, Long.MAX_VALUE, "test")) {
            assertFalse(prefetcher.offer(path, 5, 0));
            assertEquals(List.of(100L, 101L, 102L, 103L, 104L), numbers(prefetcher.take(path)));
        }
    }

    @Test
    void aChunkGoneBeforeItsReadFailsAsAMissingFileWhenTaken() {
        String path = stage(0, 3);
        store.delete(path);
        try (ChunkPrefetcher prefetcher = new ChunkPrefetcher(store, 10, Long.MAX_VALUE, "test")) {
            assertTrue(prefetcher.offer(path, 3, 0));
            UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> prefetcher.take(path));
            assertInstanceOf(FileNotFoundException.class, e.getCause());
        }
    }

    @Test
    void forgettingAChunkReleasesItsBudget() {
        String path = stage(0, 10);
        try (ChunkPrefetcher prefetcher = new ChunkPrefetcher(store, 10, Long.MAX_VALUE, "test")) {
            assertTrue(prefetcher.offer(path, 10, 0));
            assertTrue(prefetcher.offer(path, 10, 0), "offering a chunk twice reads it once");
            assertEquals(10, prefetcher.heldRows());
            prefetcher.forget(path);
            assertEquals(0, prefetcher.heldRows());
            assertEquals(10, prefetcher.take(path).size(), "read directly once forgotten");
        }
    }

    private String stage(long from, int count) {
        List<KeyedRow> rows = new ArrayList<>();
        for (long n = from; n < from + count; n++) {
            GenericRecord row = new GenericData.Record(ROW);
            row.put("n", n);
            rows.add(new KeyedRow("k" + n, "p", row));
        }
        return store.write("participant-1", "events", 0, from, from + count, ROW, rows);
    }

    private static List<Long> numbers(List<KeyedRow> rows) {
        return rows.stream().map(r -> (Long) r.row().get("n")).toList();
    }

    private static List<Long> pick(List<Long> values, int... indexes) {
        List<Long> picked = new ArrayList<>();
        for (int i : indexes) {
            picked.add(values.get(i));
        }
        return picked;
    }
}
