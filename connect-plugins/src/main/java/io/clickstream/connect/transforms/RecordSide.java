package io.clickstream.connect.transforms;

import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.data.Schema;

/**
 * The part of a record a transform works on: its key or its value. The nested {@code Key} and {@code Value}
 * classes of every transform here pick one, as Kafka's own transforms do.
 */
public enum RecordSide {
    KEY,
    VALUE;

    public Schema schema(ConnectRecord<?> record) {
        return this == KEY ? record.keySchema() : record.valueSchema();
    }

    public Object value(ConnectRecord<?> record) {
        return this == KEY ? record.key() : record.value();
    }

    /** A copy of the record with this part replaced; everything else (topic, partition, timestamp, headers) kept. */
    public <R extends ConnectRecord<R>> R with(R record, Schema schema, Object value) {
        return this == KEY
                ? record.newRecord(
                        record.topic(),
                        record.kafkaPartition(),
                        schema,
                        value,
                        record.valueSchema(),
                        record.value(),
                        record.timestamp(),
                        record.headers())
                : record.newRecord(
                        record.topic(),
                        record.kafkaPartition(),
                        record.keySchema(),
                        record.key(),
                        schema,
                        value,
                        record.timestamp(),
                        record.headers());
    }

    /** The name used in error messages ({@code key} or {@code value}). */
    public String noun() {
        return this == KEY ? "key" : "value";
    }
}
