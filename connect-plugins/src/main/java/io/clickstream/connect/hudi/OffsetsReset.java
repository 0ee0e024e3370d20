package io.clickstream.connect.hudi;

import io.clickstream.connect.hudi.config.HudiSinkConfig;
import io.clickstream.connect.hudi.lock.TableCommitLock;
import io.clickstream.connect.hudi.table.CommittedState;
import io.clickstream.connect.hudi.table.HudiTableWriter;
import io.clickstream.connect.hudi.table.OffsetsCodec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.kafka.connect.errors.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lowers the table's committed offsets of some partitions (their log restarted below them) in a commit without
 * rows, taken under the table's commit lock like any sink commit, so the coordinator's next plan starts from the
 * lowered offsets (a plan made before is refused at its commit point). Other partitions' offsets and the control
 * offset are carried over unchanged; an offset is only ever lowered here.
 */
final class OffsetsReset {

    private static final Logger LOG = LoggerFactory.getLogger(OffsetsReset.class);
    static final String COMMIT_ID_PREFIX = "offsets-reset-";

    private OffsetsReset() {}

    /** @return the table's state after the reset */
    static CommittedState lower(HudiSinkConfig config, HudiTableWriter writer, Map<String, Long> to) {
        try (TableCommitLock lock = new TableCommitLock(config, writer.storageConf())) {
            if (!lock.tryLock(config.commitTimeoutMs())) {
                throw new ConnectException("cannot take the commit lock of " + config.tablePath()
                        + " to lower the offsets " + to + "; the task fails and its restart tries again");
            }
            try {
                CommittedState state = writer.committedState();
                Map<String, Long> offsets = new TreeMap<>(state.offsets());
                to.forEach(
                        (partition, offset) -> offsets.computeIfPresent(partition, (k, now) -> Math.min(now, offset)));
                if (offsets.equals(state.offsets())) {
                    return state;
                }
                Map<String, String> metadata = new LinkedHashMap<>();
                metadata.put(HudiTableWriter.KAFKA_OFFSETS, OffsetsCodec.encode(offsets));
                if (state.controlOffset() >= 0) {
                    metadata.put(HudiTableWriter.CONTROL_OFFSET, String.valueOf(state.controlOffset()));
                }
                metadata.put(HudiTableWriter.COMMIT_ID, COMMIT_ID_PREFIX + UUID.randomUUID());
                String instant = writer.commit(List.of(), metadata, state.instant());
                LOG.warn(
                        "Lowered the committed offsets of {} from {} to {} (instant {}, {}=earliest)",
                        config.tablePath(),
                        state.offsets(),
                        offsets,
                        instant,
                        HudiSinkConfig.OFFSETS_BEYOND_LOG_END);
                return writer.committedState();
            } finally {
                lock.unlock();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectException("interrupted lowering the offsets of " + config.tablePath(), e);
        }
    }
}
