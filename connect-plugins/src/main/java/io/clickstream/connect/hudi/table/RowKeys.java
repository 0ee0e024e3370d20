package io.clickstream.connect.hudi.table;

import io.clickstream.connect.hudi.config.HudiSinkConfig;
import io.clickstream.connect.hudi.convert.BronzeRecordBuilder;
import io.clickstream.connect.hudi.convert.Reasons;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.avro.generic.GenericRecord;
import org.apache.hudi.common.config.TypedProperties;
import org.apache.hudi.common.model.HoodieKey;
import org.apache.hudi.keygen.KeyGenerator;
import org.apache.hudi.keygen.factory.HoodieAvroKeyGeneratorFactory;
import org.apache.kafka.connect.errors.DataException;

/**
 * The Hudi key (record key + partition path) of a row, computed where the row is made so that a row which has no key
 * goes to the dead-letter queue instead of failing a commit. Structured rows use Hudi's own Avro key generators, so
 * keys look as if Hudi's Spark writer had written them.
 */
public final class RowKeys {

    public static final String RECORD_KEY_FIELD = "hoodie.datasource.write.recordkey.field";
    public static final String PARTITION_PATH_FIELD = "hoodie.datasource.write.partitionpath.field";
    public static final String KEYGEN_CLASS = "hoodie.datasource.write.keygenerator.class";
    static final String HIVE_STYLE = "hoodie.datasource.write.hive_style_partitioning";
    /** Longest file name most file systems allow. */
    static final int MAX_SEGMENT_BYTES = 255;

    private final HudiSinkConfig.RecordMode mode;
    private final KeyGenerator keyGenerator; // null: the key is the row's Kafka coordinates
    private final List<String> partitionFields;
    private final List<String> bronzeKeyColumns; // bronze upsert: the header columns keying a row
    private final boolean hiveStyle;
    private final boolean segmentPerField; // the sink's own key generators: one path segment per partition field

    public RowKeys(HudiSinkConfig config) {
        this.mode = config.recordMode();
        this.partitionFields = config.partitionPathFields();
        this.bronzeKeyColumns = mode == HudiSinkConfig.RecordMode.BRONZE ? config.recordKeyFields() : List.of();
        Map<String, String> hoodie = config.hoodieProperties();
        this.hiveStyle = Boolean.parseBoolean(hoodie.getOrDefault(HIVE_STYLE, "false"));
        this.segmentPerField = !hoodie.containsKey(KEYGEN_CLASS);
        if (mode == HudiSinkConfig.RecordMode.STRUCTURED
                && !config.recordKeyFields().isEmpty()) {
            TypedProperties props = new TypedProperties();
            props.putAll(keyGeneratorProperties(config));
            try {
                this.keyGenerator = HoodieAvroKeyGeneratorFactory.createKeyGenerator(props);
            } catch (IOException e) {
                throw new UncheckedIOException(
                        "Cannot create the key generator " + props.getString(KEYGEN_CLASS, "") + " for "
                                + config.tablePath(),
                        e);
            }
        } else {
            this.keyGenerator = null;
        }
    }

    /** The key generator settings of a table: written to the table's config and used to key rows. */
    public static Map<String, String> keyGeneratorProperties(HudiSinkConfig config) {
        Map<String, String> props = new java.util.LinkedHashMap<>();
        List<String> keys;
        List<String> partitions;
        if (config.recordMode() == HudiSinkConfig.RecordMode.BRONZE) {
            keys = !config.recordKeyFields().isEmpty()
                    ? config.recordKeyFields()
                    : List.of(
                            BronzeRecordBuilder.KAFKA_TOPIC,
                            BronzeRecordBuilder.KAFKA_PARTITION,
                            BronzeRecordBuilder.KAFKA_OFFSET);
            partitions = List.of(BronzeRecordBuilder.INGEST_DATE);
        } else {
            keys = config.recordKeyFields();
            partitions = config.partitionPathFields();
        }
        props.put(RECORD_KEY_FIELD, String.join(",", keys));
        props.put(PARTITION_PATH_FIELD, String.join(",", partitions));
        String keygen;
        if (partitions.isEmpty()) {
            keygen = "org.apache.hudi.keygen.NonpartitionedAvroKeyGenerator";
        } else if (keys.size() <= 1 && partitions.size() == 1) {
            keygen = "org.apache.hudi.keygen.SimpleAvroKeyGenerator";
        } else {
            keygen = "org.apache.hudi.keygen.ComplexAvroKeyGenerator";
        }
        props.put(KEYGEN_CLASS, keygen);
        props.putAll(config.hoodieProperties()); // a user's key generator wins
        return props;
    }

    /** @throws DataException when the row lacks a key or partition field */
    public HoodieKey keyOf(GenericRecord row, String topic, int partition, long offset) {
        if (mode == HudiSinkConfig.RecordMode.BRONZE) {
            String byHeaders = headerKey(row);
            return new HoodieKey(
                    byHeaders != null ? byHeaders : BronzeRecordBuilder.recordKey(topic, partition, offset),
                    row.get(BronzeRecordBuilder.INGEST_DATE).toString());
        }
        HoodieKey key;
        if (keyGenerator != null) {
            try {
                key = keyGenerator.getKey(row);
            } catch (RuntimeException e) {
                throw new DataException("cannot build the record key: " + Reasons.bounded(e.getMessage()), e);
            }
        } else {
            key = new HoodieKey(BronzeRecordBuilder.recordKey(topic, partition, offset), partitionPath(row));
        }
        requireStorablePartitionPath(key.getPartitionPath());
        return key;
    }

    /**
     * A partition path is directories under the table: one segment per partition field, each a file name. A value
     * holding '/' would add a level (Spark cannot read a table whose partitions differ in depth), '..' would leave the
     * table, ':' or a control character is no valid path; any such value would fail every commit it is in.
     */
    private void requireStorablePartitionPath(String path) {
        if (partitionFields.isEmpty()) {
            return;
        }
        String[] segments = path.split("/", -1);
        if (segmentPerField && segments.length != partitionFields.size()) {
            throw new DataException("partition path '" + Reasons.bounded(path) + "' has " + segments.length
                    + " levels, not " + partitionFields.size() + " (one per field of "
                    + String.join(",", partitionFields)
                    + "): a value holds '/'");
        }
        for (String segment : segments) {
            String problem = segment.isEmpty()
                    ? "is empty"
                    : segment.equals(".") || segment.equals("..")
                            ? "is '" + segment + "'"
                            : segment.chars().anyMatch(c -> c < 0x20 || c == 0x7f || c == ':')
                                    ? "holds ':' or a control character"
                                    : segment.getBytes(StandardCharsets.UTF_8).length > MAX_SEGMENT_BYTES
                                            ? "is longer than " + MAX_SEGMENT_BYTES + " bytes"
                                            : null;
            if (problem != null) {
                throw new DataException("partition path segment '" + Reasons.bounded(segment) + "' " + problem
                        + ": it cannot be a directory of the table");
            }
        }
    }

    /**
     * A bronze row's key from its header columns: their values joined by '/' ('%' and '/' inside a value escaped as
     * %25 and %2F), so Connect's origin headers give the origin's own Bronze key ({@code topic/partition/offset}).
     * Null when a column is null or blank: such a row is keyed by its own coordinates.
     */
    private String headerKey(GenericRecord row) {
        if (bronzeKeyColumns.isEmpty()) {
            return null;
        }
        StringBuilder key = new StringBuilder();
        for (String column : bronzeKeyColumns) {
            Object value = row.get(column);
            if (value == null || value.toString().isBlank()) {
                return null;
            }
            if (key.length() > 0) {
                key.append('/');
            }
            key.append(value.toString().replace("%", "%25").replace("/", "%2F"));
        }
        return key.toString();
    }

    private String partitionPath(GenericRecord row) {
        if (partitionFields.isEmpty()) {
            return "";
        }
        StringBuilder path = new StringBuilder();
        for (String field : partitionFields) {
            if (row.getSchema().getField(field) == null || row.get(field) == null) {
                throw new DataException("partition field '" + field + "' is missing or null");
            }
            if (path.length() > 0) {
                path.append('/');
            }
            path.append(
                    hiveStyle ? field + "=" + row.get(field) : row.get(field).toString());
        }
        return path.toString();
    }
}
