package io.clickstream.connect.hudi.protocol;

import org.apache.kafka.common.TopicPartition;

/**
 * Runs before a participant hands a partition's range over (stages it): once staged, the range's offsets may be
 * committed to the table, after which a restart never reads those records again.
 */
@FunctionalInterface
public interface StagingCheck {

    StagingCheck NONE = (tp, endOffset) -> {};

    /**
     * @param endOffset the range's end (exclusive): every record of {@code tp} below it is consumed
     * @throws RuntimeException when the range must not be staged; the participant keeps its rows
     */
    void beforeStaging(TopicPartition tp, long endOffset);
}
