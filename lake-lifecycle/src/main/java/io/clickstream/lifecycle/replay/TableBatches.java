package io.clickstream.lifecycle.replay;

import io.clickstream.connect.hudi.config.HudiSinkConfig;
import io.clickstream.connect.hudi.table.HudiTableWriter;
import io.clickstream.connect.hudi.table.KeyedRow;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;

/**
 * A new table written by the sink's own writer in commits of up to {@code batchRows} rows. Only the last commit
 * carries Kafka offsets: a table left half-written by a failed replay has none, so a connector started on it fails
 * at start ("no commit carries this sink's offsets") instead of resuming from a wrong place.
 */
final class TableBatches implements AutoCloseable {

    private final HudiSinkConfig config;
    private final HudiTableWriter writer;
    private final int batchRows;
    private final List<KeyedRow> pending = new ArrayList<>();
    private Schema schema;
    private String lastInstant;
    private long rows;
    private int commits;

    TableBatches(HudiSinkConfig config, int batchRows) {
        this.config = config;
        this.writer = new HudiTableWriter(config);
        this.batchRows = batchRows;
        if (writer.tableExists()) {
            writer.close();
            throw new IllegalArgumentException("table.path " + config.tablePath() + " of connector "
                    + config.connectorName() + " already holds a table: the replay writes a new one (point table.path "
                    + "at a new location, or delete the half-written table of a failed replay)");
        }
    }

    /** The table's schema as of the last commit (null before the first). */
    Schema schema() {
        return schema;
    }

    void add(KeyedRow row) {
        pending.add(row);
        if (pending.size() >= batchRows) {
            commit(Map.of());
        }
    }

    /** Commits what is pending with the offsets the table's connector resumes from; false if there is no table. */
    boolean finish(Map<String, Long> offsets, Map<String, String> lineage) {
        if (pending.isEmpty() && schema == null) {
            return false;
        }
        Map<String, String> metadata = new LinkedHashMap<>(lineage);
        metadata.put(HudiTableWriter.KAFKA_OFFSETS, io.clickstream.connect.hudi.table.OffsetsCodec.encode(offsets));
        metadata.put(HudiTableWriter.COMMIT_ID, "replay-" + java.util.UUID.randomUUID());
        commit(metadata);
        return true;
    }

    private void commit(Map<String, String> metadata) {
        lastInstant = writer.commit(List.copyOf(pending), metadata);
        rows += pending.size();
        commits++;
        pending.clear();
        schema = writer.tableSchema().orElse(null);
    }

    long rows() {
        return rows;
    }

    /** The instant of the last commit (the stamped one once {@link #finish} returned true). */
    String lastInstant() {
        return lastInstant;
    }

    int commits() {
        return commits;
    }

    String path() {
        return config.tablePath();
    }

    @Override
    public void close() {
        writer.close();
    }
}
