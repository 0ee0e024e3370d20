package io.clickstream.connect.hudi;

import io.clickstream.connect.hudi.config.HudiSinkConfig;
import io.clickstream.connect.hudi.config.HudiSinkConfig.OffsetsPolicy;
import io.clickstream.connect.hudi.table.CommittedState;
import io.clickstream.connect.hudi.table.HudiTableWriter;
import io.clickstream.connect.hudi.table.OffsetsCodec;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the partitions a task opens start reading: the table's committed offsets, after three checks, so that no
 * record is skipped or read again without a trace.
 * <ul>
 *   <li>The table has commits but none carries sink offsets (active or archived timeline): fails, unless
 *       {@code offsets.missing=earliest}, rather than reading every retained record into a table that may hold
 *       them.</li>
 *   <li>A partition's table offset is beyond its log end offset (topic re-created, restored): fails with the
 *       partition, both offsets and the key, unless {@code offsets.beyond.log.end=earliest}, which lowers the
 *       table's offset to the log start ({@link OffsetsReset}).</li>
 *   <li>A partition's table offset is below its log start offset (retention deleted records the sink never read):
 *       reading goes on from the log start (the consumer's reset), with a warning naming the number of records
 *       lost, counted in {@link RetentionLossMetric}.</li>
 * </ul>
 * A partition without an offset in the table starts at 0, which the consumer's reset maps to its log start.
 */
final class StartOffsets {

    private static final Logger LOG = LoggerFactory.getLogger(StartOffsets.class);

    private final HudiSinkConfig config;
    private final HudiTableWriter table;
    private final LogOffsets logs;
    private final RetentionLossMetric lost;

    StartOffsets(HudiSinkConfig config, HudiTableWriter table, LogOffsets logs, RetentionLossMetric lost) {
        this.config = config;
        this.table = table;
        this.logs = logs;
        this.lost = lost;
    }

    /** @throws ConnectException when a check fails and its key asks to fail */
    Map<TopicPartition, Long> resolve(Collection<TopicPartition> partitions) {
        CommittedState state = table.committedState();
        if (state.isEmpty()) {
            requireNoOtherCommits();
        }
        Map<TopicPartition, LogOffsets.Range> ranges = logs.of(partitions);
        Map<String, Long> resets = new TreeMap<>();
        for (TopicPartition tp : partitions) {
            Long at = state.offsets().get(OffsetsCodec.key(tp.topic(), tp.partition()));
            LogOffsets.Range log = ranges.get(tp);
            if (at == null || log == null) {
                continue;
            }
            if (at > log.end()) {
                if (config.offsetsBeyondLogEnd() == OffsetsPolicy.FAIL) {
                    throw new ConnectException(beyondLogEnd(tp, at, log));
                }
                LOG.warn(
                        "{}; {}=earliest: lowering the table's offset to the log start offset {}",
                        beyondLogEnd(tp, at, log),
                        HudiSinkConfig.OFFSETS_BEYOND_LOG_END,
                        log.start());
                resets.put(OffsetsCodec.key(tp.topic(), tp.partition()), log.start());
            } else if (at < log.start()) {
                long records = log.start() - at;
                lost.add(records);
                LOG.warn(
                        "{} records of {} were deleted by retention before the sink read them: the table's offset is {}, "
                                + "the log starts at {}; reading goes on from the log start ({} {} since the task started)",
                        records,
                        tp,
                        at,
                        log.start(),
                        lost.total(),
                        RetentionLossMetric.NAME);
            }
        }
        if (!resets.isEmpty()) {
            state = OffsetsReset.lower(config, table, resets);
        }
        Map<TopicPartition, Long> result = new HashMap<>();
        for (TopicPartition tp : partitions) {
            result.put(tp, state.offsetOf(tp.topic(), tp.partition()));
        }
        return result;
    }

    private void requireNoOtherCommits() {
        if (config.offsetsMissing() == OffsetsPolicy.EARLIEST) {
            return;
        }
        long commits = table.completedCommits();
        if (commits > 0) {
            throw new ConnectException("table " + config.tablePath() + " has " + commits + " completed commits (active "
                    + "and archived timeline) but none carries this sink's Kafka offsets (commit metadata "
                    + HudiTableWriter.KAFKA_OFFSETS
                    + "): it was written by another writer, so where to start reading is "
                    + "unknown. Set " + HudiSinkConfig.OFFSETS_MISSING
                    + "=earliest to read every partition from the start "
                    + "of its topic (records already in the table are written again)");
        }
    }

    private static String beyondLogEnd(TopicPartition tp, long at, LogOffsets.Range log) {
        return "the table's offset of " + tp + " is " + at + ", beyond the partition's log end offset " + log.end()
                + " (log start " + log.start()
                + "): the topic was deleted and re-created, or restored, and records below "
                + at + " would be skipped. Set " + HudiSinkConfig.OFFSETS_BEYOND_LOG_END
                + "=earliest to lower the table's "
                + "offset to the log start and read the partition from there";
    }
}
