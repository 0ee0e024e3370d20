package io.clickstream.simulator;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTaskContext;
import org.apache.kafka.connect.storage.OffsetStorageReader;

/** A task context whose offset store is a map, filled from the records a test "committed". */
final class InMemoryTaskContext implements SourceTaskContext {
    private final Map<String, String> configs;
    private final Map<Map<String, ?>, Map<String, Object>> offsets = new HashMap<>();

    InMemoryTaskContext(Map<String, String> configs) {
        this.configs = configs;
    }

    /** Stores the record's offset as the worker would after committing it. */
    void commit(SourceRecord record) {
        @SuppressWarnings("unchecked")
        Map<String, Object> offset = (Map<String, Object>) record.sourceOffset();
        offsets.put(record.sourcePartition(), offset);
    }

    @Override
    public Map<String, String> configs() {
        return configs;
    }

    @Override
    public org.apache.kafka.common.metrics.PluginMetrics pluginMetrics() {
        return null; // the task registers no metrics
    }

    @Override
    public OffsetStorageReader offsetStorageReader() {
        return new OffsetStorageReader() {
            @Override
            public <T> Map<String, Object> offset(Map<String, T> partition) {
                return offsets.get(partition);
            }

            @Override
            public <T> Map<Map<String, T>, Map<String, Object>> offsets(Collection<Map<String, T>> partitions) {
                Map<Map<String, T>, Map<String, Object>> result = new HashMap<>();
                partitions.forEach(p -> result.put(p, offsets.get(p)));
                return result;
            }
        };
    }
}
