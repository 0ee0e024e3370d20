package io.clickstream.lifecycle.replay;

import io.clickstream.connect.hudi.table.KeyedRow;

/** What the connector makes of one record: a row, nothing (filtered or a tombstone), or a rejection. */
sealed interface Outcome {

    record Row(KeyedRow row) implements Outcome {}

    record Skipped() implements Outcome {}

    /**
     * A record the worker would have sent to the dead-letter queue, with what its headers say.
     *
     * @param stage          Connect's stage name (KEY_CONVERTER, VALUE_CONVERTER, HEADER_CONVERTER, TRANSFORMATION,
     *                       TASK_PUT)
     * @param executingClass the class that threw (the sink's rejections: {@code SinkTask}, as the worker records them)
     */
    record Rejected(String stage, Class<?> executingClass, Throwable error) implements Outcome {}
}
