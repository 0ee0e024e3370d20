package io.clickstream.connect.hudi.table;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.TreeMap;

/** Kafka offsets in a Hudi commit's extra metadata: JSON {"topic-partition": nextOffset, ...}. */
public final class OffsetsCodec {

    private static final ObjectMapper JSON = new ObjectMapper();

    private OffsetsCodec() {}

    public static String key(String topic, int partition) {
        return topic + "-" + partition;
    }

    /** The topic of a {@link #key} (a topic name may hold '-'; the partition is what follows the last one). */
    public static String topicOf(String key) {
        return key.substring(0, key.lastIndexOf('-'));
    }

    /** The partition of a {@link #key}. */
    public static int partitionOf(String key) {
        return Integer.parseInt(key.substring(key.lastIndexOf('-') + 1));
    }

    public static String encode(Map<String, Long> offsets) {
        try {
            return JSON.writeValueAsString(new TreeMap<>(offsets));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the offsets " + offsets + " as JSON", e);
        }
    }

    public static Map<String, Long> decode(String json) {
        try {
            return JSON.readValue(json, new TypeReference<TreeMap<String, Long>>() {});
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable Kafka offsets in commit metadata: " + json, e);
        }
    }
}
