package io.clickstream.gold.load;

import java.sql.Timestamp;
import org.apache.spark.sql.Row;

/**
 * One row of the dead-letter lake table (Bronze columns plus the error context header columns of
 * {@code connectors/dead-letter-hudi-sink.json}) as Gold stores it. The origin is the rejected record, named by the
 * context headers; a letter without all three (headers disabled, a letter produced by hand, a header that is not a
 * number) is its own origin, so it is still counted, once. The record time is the letter's Kafka timestamp, which
 * Connect copies from the rejected record, or its ingestion time when it has none.
 */
public record DeadLetter(
        String originTopic,
        int originPartition,
        long originOffset,
        long recordTimeMillis,
        String connector,
        String stage,
        String exceptionClass,
        String reason,
        String dlqTopic,
        int dlqPartition,
        long dlqOffset) {

    /** The lake table's columns Gold reads, in this order. */
    public static final String[] COLUMNS = {
        "kafka_topic",
        "kafka_partition",
        "kafka_offset",
        "kafka_timestamp",
        "ingest_time",
        "original_topic",
        "original_partition",
        "original_offset",
        "connector",
        "stage",
        "exception_class",
        "reason"
    };

    /** A row selected with {@link #COLUMNS}. */
    public static DeadLetter of(Row row) {
        String topic = row.getString(0);
        int partition = row.getInt(1);
        long offset = row.getLong(2);
        Timestamp time = row.isNullAt(3) ? row.getTimestamp(4) : row.getTimestamp(3);
        String originTopic = row.getString(5);
        Integer originPartition = parseInt(row.getString(6));
        Long originOffset = parseLong(row.getString(7));
        boolean hasOrigin =
                originTopic != null && !originTopic.isBlank() && originPartition != null && originOffset != null;
        return new DeadLetter(
                hasOrigin ? originTopic : topic,
                hasOrigin ? originPartition : partition,
                hasOrigin ? originOffset : offset,
                time.getTime(),
                row.getString(8),
                row.getString(9),
                row.getString(10),
                row.getString(11),
                topic,
                partition,
                offset);
    }

    private static Integer parseInt(String value) {
        try {
            return value == null ? null : Integer.valueOf(value.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Long parseLong(String value) {
        try {
            return value == null ? null : Long.valueOf(value.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
