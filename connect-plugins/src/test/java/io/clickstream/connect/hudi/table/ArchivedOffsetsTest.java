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
import org.apache.hudi.client.HoodieJavaWriteClient;
import org.apache.hudi.client.common.HoodieJavaEngineContext;
import org.apache.hudi.common.model.HoodieAvroRecord;
import org.apache.hudi.common.model.HoodieKey;
import org.apache.hudi.common.model.HoodieRecord;
import org.apache.hudi.common.model.HoodieRecordPayload;
import org.apache.hudi.common.model.OverwriteWithLatestAvroPayload;
import org.apache.hudi.common.table.HoodieTableMetaClient;
import org.apache.hudi.config.HoodieWriteConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sink's offsets are found however many commits of other writers pushed its commit into the archive. */
class ArchivedOffsetsTest {

    private static final Schema ROW = SchemaBuilder.record("event")
            .fields()
            .requiredString("id")
            .requiredLong("ts")
            .endRecord();
    /** Archival runs once more than this many commits are active; the other writer makes more than that. */
    private static final int KEEP_MAX_COMMITS = 3;

    private static final int OTHER_COMMITS = KEEP_MAX_COMMITS + 2;

    @TempDir
    Path dir;

    private HudiSinkConfig config() {
        return new HudiSinkConfig(TestConfigs.structured(dir.resolve("t")));
    }

    private static GenericRecord row(String id) {
        GenericRecord r = new GenericData.Record(ROW);
        r.put("id", id);
        r.put("ts", 1L);
        return r;
    }

    /** Commits of a plain Hudi writer (no sink offsets) with aggressive archival. */
    static void otherWriterCommits(HudiSinkConfig config, HudiTableWriter sink, Schema schema, int commits) {
        Map<String, String> props = new java.util.LinkedHashMap<>(TableServiceDefaults.writeProperties(config));
        props.put("hoodie.clean.commits.retained", "1");
        props.put("hoodie.keep.min.commits", String.valueOf(KEEP_MAX_COMMITS - 1));
        props.put("hoodie.keep.max.commits", String.valueOf(KEEP_MAX_COMMITS));
        props.put("hoodie.metadata.enable", "false"); // keeps the test fast; archival does not depend on it
        HoodieWriteConfig writeConfig = HoodieWriteConfig.newBuilder()
                .withPath(config.tablePath())
                .forTable(config.tableName())
                .withSchema(schema.toString())
                .withEmbeddedTimelineServerEnabled(false)
                .withProps(props)
                .build();
        try (HoodieJavaWriteClient<HoodieRecordPayload<?>> client = new HoodieJavaWriteClient<>(
                new HoodieJavaEngineContext(sink.storageConf().newInstance()), writeConfig)) {
            for (int c = 0; c < commits; c++) {
                List<HoodieRecord<HoodieRecordPayload<?>>> records = new ArrayList<>();
                GenericRecord data = new GenericData.Record(schema);
                String tag = "other-" + c;
                schema.getFields()
                        .forEach(f -> data.put(
                                f.name(),
                                f.schema().getType() == Schema.Type.LONG
                                        ? 1L
                                        : f.schema().getType() == Schema.Type.INT ? 1 : tag));
                records.add(new HoodieAvroRecord<>(
                        new HoodieKey("other/" + c, ""), new OverwriteWithLatestAvroPayload(data, 0)));
                String instant = client.startCommit();
                client.commit(instant, client.insert(records, instant));
            }
        }
    }

    @Test
    void theSinksOffsetsAreReadFromTheArchivedTimelineWhenNoActiveCommitCarriesThem() {
        HudiSinkConfig config = config();
        try (HudiTableWriter sink = new HudiTableWriter(config)) {
            String sinkInstant = sink.commit(
                    List.of(new KeyedRow("events/0/0", "", row("a"))),
                    Map.of(
                            HudiTableWriter.KAFKA_OFFSETS,
                            OffsetsCodec.encode(Map.of("events-0", 10L, "events-1", 4L)),
                            HudiTableWriter.CONTROL_OFFSET,
                            "7"));

            otherWriterCommits(config, sink, sink.tableSchema().orElseThrow(), OTHER_COMMITS);

            HoodieTableMetaClient meta = HoodieTableMetaClient.builder()
                    .setConf(sink.storageConf().newInstance())
                    .setBasePath(config.tablePath())
                    .build();
            assertThat(meta.getCommitsTimeline().containsInstant(sinkInstant))
                    .as("the sink's commit left the active timeline")
                    .isFalse();
            assertThat(meta.getArchivedTimeline().containsInstant(sinkInstant))
                    .as("the sink's commit is in the archive")
                    .isTrue();

            CommittedState state = sink.committedState();
            assertThat(state.instant()).as("the archived sink commit").isEqualTo(sinkInstant);
            assertThat(state.offsets())
                    .as("its offsets")
                    .containsExactlyInAnyOrderEntriesOf(Map.of("events-0", 10L, "events-1", 4L));
            assertThat(state.controlOffset()).as("its control offset").isEqualTo(7L);
            assertThat(sink.completedCommits())
                    .as("every write commit, active and archived")
                    .isEqualTo(1 + OTHER_COMMITS);
        }
    }

    @Test
    void aTableWrittenOnlyByAnotherWriterHasCommitsButNoSinkOffsets() {
        HudiSinkConfig config = config();
        try (HudiTableWriter sink = new HudiTableWriter(config)) {
            // the table is created by the sink's writer with a commit that carries no offsets, as another tool would
            sink.commit(List.of(new KeyedRow("x/0", "", row("x"))), Map.of());
            otherWriterCommits(config, sink, sink.tableSchema().orElseThrow(), OTHER_COMMITS);

            assertThat(sink.committedState().isEmpty())
                    .as("no sink offsets, active or archived")
                    .isTrue();
            assertThat(sink.completedCommits()).as("but commits").isEqualTo(1 + OTHER_COMMITS);
        }
    }
}
