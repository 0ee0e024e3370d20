package io.clickstream.connect.hudi.table;

import static org.assertj.core.api.Assertions.assertThat;

import io.clickstream.connect.hudi.TestConfigs;
import io.clickstream.connect.hudi.bench.SilverIndexBenchmark;
import io.clickstream.connect.hudi.config.HudiSinkConfig;
import io.clickstream.connect.hudi.fs.FileSystemScope;
import io.clickstream.contract.SilverFields;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Streams the sink's write path leaves open: on S3A each holds a connection of the file system's pool, so a path that
 * leaks a few per commit runs the pool dry within a few commits and then waits forever. Silver's upserts (bloom
 * index, metadata table with column stats, merge handle) and Bronze's inserts, commit after commit, must leave none.
 */
class OpenStreamsTest {

    private static final int COMMITS = 8;
    private static final int ROWS_PER_COMMIT = 600;

    @TempDir
    Path dir;

    @BeforeAll
    static void recordSites() {
        FileSystemScope.recordOpenSites(true);
    }

    @AfterAll
    static void stopRecording() {
        FileSystemScope.recordOpenSites(false);
    }

    @Test
    void silverUpsertsLeaveNoStreamOpenCommitAfterCommit() {
        Map<String, String> props = TestConfigs.structured(dir.resolve("silver"));
        props.put(HudiSinkConfig.WRITE_OPERATION, "upsert");
        props.put(HudiSinkConfig.RECORD_KEY_FIELDS, SilverFields.EVENT_ID);
        props.put(HudiSinkConfig.PARTITION_PATH_FIELDS, SilverFields.EVENT_DATE);
        props.put(HudiSinkConfig.ORDERING_FIELD, SilverFields.KAFKA_OFFSET);
        List<GenericRecord> rows = SilverIndexBenchmark.rows(COMMITS * ROWS_PER_COMMIT);
        List<Long> openAfterCommit = new ArrayList<>();
        try (HudiTableWriter writer = new HudiTableWriter(new HudiSinkConfig(props))) {
            for (int c = 0; c < COMMITS; c++) {
                List<KeyedRow> batch = new ArrayList<>();
                // each commit also delivers the previous commit's first 100 rows again: updates the index must find
                int from = Math.max(0, c * ROWS_PER_COMMIT - ROWS_PER_COMMIT);
                for (GenericRecord r : rows.subList(from, from + Math.min(100, c * ROWS_PER_COMMIT))) {
                    batch.add(keyed(r));
                }
                for (GenericRecord r : rows.subList(c * ROWS_PER_COMMIT, (c + 1) * ROWS_PER_COMMIT)) {
                    batch.add(keyed(r));
                }
                writer.commit(
                        batch,
                        Map.of(
                                HudiTableWriter.KAFKA_OFFSETS,
                                OffsetsCodec.encode(Map.of("events-0", (long) (c + 1) * ROWS_PER_COMMIT))));
                openAfterCommit.add(writer.fileSystems().openInputStreams());
            }
            assertThat(writer.fileSystems().inputStreamsOpened())
                    .as("streams opened")
                    .isGreaterThan(COMMITS);
            List<String> sites = writer.fileSystems().openStreamSites();
            assertThat(openAfterCommit)
                    .as(
                            "input streams open after each commit; opened at: %s",
                            String.join("\n", sites.subList(0, Math.min(5, sites.size()))))
                    .allMatch(n -> n == 0);
        }
    }

    private static KeyedRow keyed(GenericRecord r) {
        return new KeyedRow(
                r.get(SilverFields.EVENT_ID).toString(),
                r.get(SilverFields.EVENT_DATE).toString(),
                r);
    }
}
