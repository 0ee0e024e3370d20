package io.clickstream.connect.hudi.stage;

import io.clickstream.connect.hudi.table.KeyedRow;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.file.CodecFactory;
import org.apache.avro.file.DataFileStream;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Staged chunks: one Avro container file per (partition, offset range) under {@code <table>/.hoodie/.connect-staging/},
 * on the table's own file system, so every task and the coordinator see the same files wherever they run. Each
 * entry holds the row with its Hudi key, computed by the participant that read it.
 */
public final class ChunkStore {

    public static final String STAGING_DIR = ".hoodie/.connect-staging";
    static final String RECORD_KEY = "record_key";
    static final String PARTITION_PATH = "partition_path";
    static final String ROW = "row";

    private final Path dir;
    private final Configuration conf;

    public ChunkStore(String tablePath, Configuration conf) {
        this.dir = new Path(tablePath, STAGING_DIR);
        this.conf = conf;
    }

    public Path directory() {
        return dir;
    }

    /** Writes the rows (all of {@code rowSchema}) and returns the file's path. */
    public String write(
            String participantId,
            String topic,
            int partition,
            long startOffset,
            long endOffset,
            Schema rowSchema,
            List<KeyedRow> rows) {
        String name = String.format(
                "%s-%d-%d-%d-%s.avro",
                safe(topic),
                partition,
                startOffset,
                endOffset,
                participantId.substring(0, Math.min(8, participantId.length())) + "-" + UUID.randomUUID());
        Path file = new Path(dir, name);
        Schema schema = entrySchema(rowSchema);
        try (OutputStream out = fs().create(file, false);
                DataFileWriter<GenericRecord> writer =
                        new DataFileWriter<>(new GenericDatumWriter<GenericRecord>(schema))) {
            writer.setCodec(CodecFactory.deflateCodec(1));
            writer.create(schema, out);
            for (KeyedRow row : rows) {
                GenericRecord entry = new GenericData.Record(schema);
                entry.put(RECORD_KEY, row.recordKey());
                entry.put(PARTITION_PATH, row.partitionPath());
                entry.put(ROW, row.row());
                writer.append(entry);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stage chunk " + file, e);
        }
        return file.toString();
    }

    public List<KeyedRow> read(String path) {
        List<KeyedRow> rows = new ArrayList<>();
        try (InputStream in = fs().open(new Path(path));
                DataFileStream<GenericRecord> stream = new DataFileStream<>(in, new GenericDatumReader<>())) {
            for (GenericRecord entry : stream) {
                rows.add(new KeyedRow(
                        entry.get(RECORD_KEY).toString(),
                        entry.get(PARTITION_PATH).toString(),
                        (GenericRecord) entry.get(ROW)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read staged chunk " + path, e);
        }
        return rows;
    }

    public void delete(String path) {
        try {
            fs().delete(new Path(path), false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete staged chunk " + path, e);
        }
    }

    /** Staged files with their modification times; an empty list when nothing was staged yet. */
    public List<FileStatus> list() {
        try {
            FileSystem fs = fs();
            if (!fs.exists(dir)) {
                return List.of();
            }
            return List.of(fs.listStatus(dir, p -> p.getName().endsWith(".avro")));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    private FileSystem fs() throws IOException {
        return dir.getFileSystem(conf);
    }

    private static Schema entrySchema(Schema rowSchema) {
        Schema entry = Schema.createRecord("connect_staged_row", null, null, false);
        entry.setFields(List.of(
                new Schema.Field(RECORD_KEY, Schema.create(Schema.Type.STRING)),
                new Schema.Field(PARTITION_PATH, Schema.create(Schema.Type.STRING)),
                new Schema.Field(ROW, rowSchema)));
        return entry;
    }

    private static String safe(String topic) {
        return topic.replaceAll("[^A-Za-z0-9._-]", "_");
    }
}
