package io.clickstream.connect.hudi.convert;

import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;

/** Turns one Kafka record into the Avro row the Hudi table stores. */
public interface SinkRecordConverter {

    /**
     * @return the row, or {@code null} for a record that carries no row (a tombstone in structured mode)
     * @throws DataException when the record cannot become a row; the task sends it to the dead-letter queue
     */
    GenericRecord convert(SinkRecord record);
}
