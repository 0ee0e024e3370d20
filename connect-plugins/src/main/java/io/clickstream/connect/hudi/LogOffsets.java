package io.clickstream.connect.hudi;

import java.util.Collection;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * The retained range of topic partitions' logs. A sink task cannot ask its own consumer (Connect owns it), so the
 * task asks the brokers through an Admin client instead ({@link AdminLogOffsets}).
 */
public interface LogOffsets extends AutoCloseable {

    /**
     * @param start the log start offset: records below it were deleted by retention
     * @param end   the log end offset (high watermark): the offset the next record will get
     */
    record Range(long start, long end) {}

    /** @return the range of every partition the brokers answered for; partitions they did not answer are absent */
    Map<TopicPartition, Range> of(Collection<TopicPartition> partitions);

    @Override
    void close();
}
