package io.clickstream.connect.hudi.protocol;

import io.clickstream.connect.hudi.protocol.ControlEndpoint.Checkpoint;
import io.clickstream.connect.hudi.table.CommittedState;

/**
 * Where a coordinator starts reading the control topic. By default the last commit's control offset (the oldest
 * message of a chunk still pending then). After a round that committed nothing while no chunk was pending, every
 * message read so far is settled: that position is stored as a {@link Checkpoint} tagged with the table and its last
 * sink instant, and a successor starts there if the table is still at that instant. So an idle connector restarts
 * by reading about one round of messages, not every round since its last data.
 *
 * <p>Storing is best effort ({@link ControlEndpoint#checkpoint(Checkpoint)}): without a checkpoint a successor only
 * reads more. Used by the coordinator's thread only.
 */
final class ControlCheckpoint {

    private final ControlEndpoint control;
    private final String tablePath;
    private long lastStored = -1;

    ControlCheckpoint(ControlEndpoint control, String tablePath) {
        this.control = control;
        this.tablePath = tablePath;
    }

    /** The offset to start reading from for a table in this state; negative: from the beginning. */
    long startOffset(CommittedState committed) {
        return control.checkpoint()
                .filter(c -> c.tag().equals(tag(committed.instant())) && c.offset() > committed.controlOffset())
                .map(Checkpoint::offset)
                .orElse(committed.controlOffset());
    }

    /** Every message before the control position is settled, with the table at {@code instant}. */
    void settled(String instant) {
        long position = control.position();
        if (position > lastStored) {
            control.checkpoint(new Checkpoint(position, tag(instant)));
            lastStored = position;
        }
    }

    private String tag(String instant) {
        return tablePath + "@" + (instant == null ? "none" : instant);
    }
}
