package io.clickstream.connect.hudi.protocol;

import io.clickstream.connect.hudi.table.OffsetsCodec;

/**
 * A CHUNK_READY as the coordinator keeps it: records [startOffset, endOffset) of one topic partition, staged by one
 * participant, seen at {@code controlOffset} on the control topic. {@code path == null}: no records, the participant
 * only reports its position. {@code bytes}: the estimated heap size of its rows, as the participant held them.
 */
public record StagedChunk(
        String participantId,
        String topic,
        int partition,
        long startOffset,
        long endOffset,
        long recordCount,
        String path,
        String avroSchema,
        String commitId,
        long controlOffset,
        long epoch,
        long bytes) {

    public static StagedChunk of(ControlMessage message, long controlOffset) {
        return new StagedChunk(
                message.participantId(),
                message.topic(),
                message.partition(),
                message.startOffset(),
                message.endOffset(),
                message.recordCount() == null ? 0 : message.recordCount(),
                message.path(),
                message.avroSchema(),
                message.commitId(),
                controlOffset,
                message.epoch() == null ? 0 : message.epoch(),
                message.bytes() == null ? 0 : message.bytes());
    }

    public String partitionKey() {
        return OffsetsCodec.key(topic, partition);
    }

    /** Covers offsets: rows at {@code path}, or (no path) a range whose records all went to the dead-letter queue. */
    public boolean hasData() {
        return endOffset > startOffset;
    }

    @Override
    public String toString() {
        return partitionKey() + "[" + startOffset + "," + endOffset + ")@" + participantId
                + (path == null ? " (position)" : "");
    }
}
