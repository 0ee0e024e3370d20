package io.clickstream.connect.hudi.convert;

import io.clickstream.connect.hudi.config.HudiSinkConfig;
import io.clickstream.connect.hudi.table.KeyedRow;
import io.clickstream.connect.hudi.table.OrderingValue;
import io.clickstream.connect.hudi.table.RowKeys;
import java.util.function.LongConsumer;
import java.util.function.Supplier;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.hudi.common.model.HoodieKey;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * What the sink makes of one (transformed) record: the row, admitted by the table's column rules, with an ordering
 * value an upsert can use and its Hudi key. Shared by the sink task and the replay job, so a row rebuilt from Bronze is
 * the row the sink would have written. Not thread-safe (its {@link SchemaGuard} is not).
 */
public final class RowMaker {

    private final HudiSinkConfig config;
    private final SinkRecordConverter converter;
    private final RowKeys rowKeys;
    private final SchemaGuard schemaGuard; // structured mode only

    /**
     * @param tableSchema the table's schema as last read (null before the first commit)
     * @param dropped     told how many fields were left out of a row ({@code schema.overflow=drop-field})
     */
    public RowMaker(HudiSinkConfig config, Supplier<Schema> tableSchema, LongConsumer dropped) {
        this.config = config;
        this.converter = config.recordMode() == HudiSinkConfig.RecordMode.BRONZE
                ? new BronzeRecordBuilder(config.bronzeSchemaVersion(), config.headerColumns())
                : new ConnectToAvroConverter(config.tableName() + "_record");
        this.rowKeys = new RowKeys(config);
        this.schemaGuard = config.recordMode() == HudiSinkConfig.RecordMode.STRUCTURED
                ? new SchemaGuard(config.schemaMaxColumns(), config.schemaOverflow(), tableSchema, dropped)
                : null;
    }

    /**
     * @param topic where the record sits in Kafka, whatever a transformation made of its topic; likewise
     *              {@code partition} and {@code offset}
     * @return the row, or null for a record that carries none (a tombstone in structured mode)
     * @throws DataException when the record cannot become a row: it is dead-lettered
     */
    public KeyedRow rowOf(SinkRecord record, String topic, int partition, long offset) {
        GenericRecord value = converter.convert(record);
        if (value == null) {
            return null;
        }
        if (schemaGuard != null) {
            value = schemaGuard.admit(value); // new fields become columns only as the table's rules allow
        }
        if (!config.orderingField().isEmpty()) {
            OrderingValue.of(value, config.orderingField()); // refuses a row an upsert could never order
        }
        HoodieKey key = rowKeys.keyOf(value, topic, partition, offset);
        return new KeyedRow(key.getRecordKey(), key.getPartitionPath(), value);
    }
}
