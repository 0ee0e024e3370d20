package io.clickstream.connect.hudi.protocol;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * One message on the control topic, as JSON. Every message names its connector, so connectors may share a topic.
 * <ul>
 *   <li>{@code START}: coordinator → participants: stage what you buffered and answer for every partition you own.</li>
 *   <li>{@code CHUNK_READY}: participant → coordinator: records [startOffset, endOffset) of one partition are staged at
 *       {@code path} (no path: nothing new, the participant is at {@code startOffset}); {@code bytes} is the
 *       estimated heap size of its rows (absent from older senders: counted as 0).</li>
 *   <li>{@code REJECTED}: coordinator → one participant: your chain for this partition cannot be committed; restart
 *       reading at {@code committedOffset}.</li>
 *   <li>{@code COMMITTED}: coordinator → participants: the table now holds everything before {@code offsets}.</li>
 * </ul>
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ControlMessage(
        int version,
        Type type,
        String connector,
        String commitId,
        String coordinatorId,
        String participantId,
        String topic,
        Integer partition,
        Long startOffset,
        Long endOffset,
        Long recordCount,
        String path,
        String avroSchema,
        Long committedOffset,
        Map<String, Long> offsets,
        String table,
        Long epoch,
        Long bytes) {

    public static final int VERSION = 1;

    public enum Type {
        START,
        CHUNK_READY,
        REJECTED,
        COMMITTED
    }

    private static final ObjectMapper JSON =
            new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    public static ControlMessage start(String connector, String coordinatorId, String commitId) {
        return new ControlMessage(
                VERSION,
                Type.START,
                connector,
                commitId,
                coordinatorId,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null);
    }

    public static ControlMessage chunkReady(
            String connector,
            String commitId,
            String participantId,
            String topic,
            int partition,
            long startOffset,
            long endOffset,
            long recordCount,
            long bytes,
            String path,
            String avroSchema) {
        return new ControlMessage(
                VERSION,
                Type.CHUNK_READY,
                connector,
                commitId,
                null,
                participantId,
                topic,
                partition,
                startOffset,
                endOffset,
                recordCount,
                path,
                avroSchema,
                null,
                null,
                null,
                null,
                bytes);
    }

    /** @param epoch the chain (of the participant's partition) the rejection is about */
    public static ControlMessage rejected(
            String connector,
            String coordinatorId,
            String participantId,
            String topic,
            int partition,
            long committedOffset,
            long epoch) {
        return new ControlMessage(
                VERSION,
                Type.REJECTED,
                connector,
                null,
                coordinatorId,
                participantId,
                topic,
                partition,
                null,
                null,
                null,
                null,
                null,
                committedOffset,
                null,
                null,
                epoch,
                null);
    }

    public static ControlMessage committed(
            String connector, String coordinatorId, String commitId, Map<String, Long> offsets) {
        return new ControlMessage(
                VERSION,
                Type.COMMITTED,
                connector,
                commitId,
                coordinatorId,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                offsets,
                null,
                null,
                null);
    }

    /**
     * The same CHUNK_READY naming the table it is for (a coordinator ignores chunks staged for another table) and the
     * chain it belongs to: a participant's chain of a partition gets a new epoch each time it restarts, so a rejection
     * of an older chain is recognised and ignored.
     */
    public ControlMessage forChain(String tablePath, long chainEpoch) {
        return new ControlMessage(
                version,
                type,
                connector,
                commitId,
                coordinatorId,
                participantId,
                topic,
                partition,
                startOffset,
                endOffset,
                recordCount,
                path,
                avroSchema,
                committedOffset,
                offsets,
                tablePath,
                chainEpoch,
                bytes);
    }

    public byte[] toBytes() {
        try {
            return JSON.writeValueAsBytes(this);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the " + type + " control message as JSON", e);
        }
    }

    /** @return the message, or null for bytes that are not a control message this version understands */
    public static ControlMessage fromBytes(byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        try {
            ControlMessage message = JSON.readValue(bytes, ControlMessage.class);
            return message.type() == null || message.version() > VERSION ? null : message;
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public String toString() {
        return type + "{connector=" + connector + (commitId == null ? "" : ", commit=" + commitId)
                + (participantId == null ? "" : ", participant=" + participantId)
                + (topic == null ? "" : ", " + topic + "-" + partition)
                + (startOffset == null ? "" : ", [" + startOffset + "," + endOffset + ")")
                + (recordCount == null ? "" : ", records=" + recordCount)
                + (committedOffset == null ? "" : ", committedOffset=" + committedOffset)
                + (offsets == null ? "" : ", offsets=" + offsets) + "}";
    }

    static String decodeForLog(byte[] bytes) {
        return bytes == null ? "null" : new String(bytes, StandardCharsets.UTF_8);
    }
}
