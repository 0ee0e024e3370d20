package io.clickstream.lifecycle.replay;

import io.clickstream.connect.hudi.config.HudiSinkConfig;
import io.clickstream.connect.hudi.convert.Reasons;
import io.clickstream.connect.hudi.convert.RowMaker;
import io.clickstream.connect.hudi.table.KeyedRow;
import java.io.Closeable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.avro.Schema;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;
import org.apache.kafka.connect.storage.Converter;
import org.apache.kafka.connect.storage.HeaderConverter;
import org.apache.kafka.connect.transforms.Transformation;

/**
 * A sink connector's path for one record, as a Connect worker runs it, from the connector's own config: the key,
 * value and header converters, the transformation chain (the same classes, configured with the same keys), then the
 * Hudi sink's row making ({@link RowMaker}). Where the worker would dead-letter a record (a converter or transform
 * throws, or the sink rejects the row) this answers {@link Outcome.Rejected} with the stage and class the worker's
 * headers would name; with {@code errors.tolerance=none} the worker would stop the task, and so does this.
 */
final class RecordPipeline implements Closeable {

    static final String DEFAULT_HEADER_CONVERTER = "org.apache.kafka.connect.storage.SimpleHeaderConverter";

    private final Converter keyConverter;
    private final Converter valueConverter;
    private final HeaderConverter headerConverter;
    private final List<Transformation<SinkRecord>> transforms;
    private final RowMaker rowMaker;
    private final boolean tolerateAll;

    RecordPipeline(Map<String, String> connector, HudiSinkConfig sink, Supplier<Schema> tableSchema) {
        this.keyConverter = converter(connector, "key.converter", true);
        this.valueConverter = converter(connector, "value.converter", false);
        this.headerConverter = headerConverter(connector);
        this.transforms = transforms(connector);
        this.rowMaker = new RowMaker(sink, tableSchema, dropped -> {});
        String tolerance = connector.getOrDefault("errors.tolerance", "none");
        if (!tolerance.equals("none") && !tolerance.equals("all")) {
            throw new IllegalArgumentException(
                    "errors.tolerance: '" + Reasons.bounded(tolerance) + "' is neither none nor all");
        }
        this.tolerateAll = tolerance.equals("all");
    }

    /** True when rejected records go on (to the dead-letter queue, if one is named); false: the first one fails. */
    boolean toleratesErrors() {
        return tolerateAll;
    }

    Outcome process(BronzeRecord in) {
        RecordHeaders kafkaHeaders = new RecordHeaders();
        for (BronzeRecord.Header h : in.headers()) {
            kafkaHeaders.add(h.name(), h.value());
        }
        SchemaAndValue key;
        try {
            key = keyConverter.toConnectData(in.topic(), kafkaHeaders, in.key());
        } catch (RuntimeException e) {
            return new Outcome.Rejected("KEY_CONVERTER", keyConverter.getClass(), e);
        }
        SchemaAndValue value;
        try {
            value = valueConverter.toConnectData(in.topic(), kafkaHeaders, in.value());
        } catch (RuntimeException e) {
            return new Outcome.Rejected("VALUE_CONVERTER", valueConverter.getClass(), e);
        }
        ConnectHeaders headers = new ConnectHeaders();
        try {
            for (BronzeRecord.Header h : in.headers()) {
                headers.add(h.name(), headerConverter.toConnectHeader(in.topic(), h.name(), h.value()));
            }
        } catch (RuntimeException e) {
            return new Outcome.Rejected("HEADER_CONVERTER", headerConverter.getClass(), e);
        }
        SinkRecord record = new SinkRecord(
                in.topic(),
                in.partition(),
                key.schema(),
                key.value(),
                value.schema(),
                value.value(),
                in.offset(),
                in.timestamp(),
                in.timestamp() == null ? TimestampType.NO_TIMESTAMP_TYPE : TimestampType.CREATE_TIME,
                headers);
        for (Transformation<SinkRecord> transform : transforms) {
            try {
                record = transform.apply(record);
            } catch (RuntimeException e) {
                return new Outcome.Rejected("TRANSFORMATION", transform.getClass(), e);
            }
            if (record == null) {
                return new Outcome.Skipped();
            }
        }
        KeyedRow row;
        try {
            row = rowMaker.rowOf(record, in.topic(), in.partition(), in.offset());
        } catch (DataException e) {
            // as the sink task reports it: a bounded message, no cause chain
            return new Outcome.Rejected("TASK_PUT", SinkTask.class, new DataException(Reasons.bounded(e.getMessage())));
        }
        return row == null ? new Outcome.Skipped() : new Outcome.Row(row);
    }

    private static Converter converter(Map<String, String> connector, String key, boolean isKey) {
        String className = connector.get(key);
        if (className == null || className.isBlank()) {
            throw new IllegalArgumentException(
                    key + " is not set in the connector's config: the replay cannot know the "
                            + "worker's default, name the converter the connector runs with");
        }
        Converter converter = newInstance(className, Converter.class, key);
        converter.configure(withPrefix(connector, key + "."), isKey);
        return converter;
    }

    private static HeaderConverter headerConverter(Map<String, String> connector) {
        String className = connector.getOrDefault("header.converter", DEFAULT_HEADER_CONVERTER);
        HeaderConverter converter = newInstance(className, HeaderConverter.class, "header.converter");
        Map<String, Object> config = new HashMap<>(withPrefix(connector, "header.converter."));
        config.putIfAbsent("converter.type", "header");
        converter.configure(config);
        return converter;
    }

    @SuppressWarnings("unchecked")
    private static List<Transformation<SinkRecord>> transforms(Map<String, String> connector) {
        List<Transformation<SinkRecord>> chain = new ArrayList<>();
        String aliases = connector.getOrDefault("transforms", "");
        for (String alias : aliases.split(",")) {
            alias = alias.trim();
            if (alias.isEmpty()) {
                continue;
            }
            String prefix = "transforms." + alias + ".";
            Map<String, Object> config = new HashMap<>(withPrefix(connector, prefix));
            if (config.containsKey("predicate") || config.containsKey("negate")) {
                throw new IllegalArgumentException(prefix + "predicate: transforms with predicates are not replayed; "
                        + "apply the predicate's condition inside the transform or drop it");
            }
            Object type = config.get("type");
            if (type == null) {
                throw new IllegalArgumentException(prefix + "type is not set");
            }
            Transformation<SinkRecord> transform = newInstance(type.toString(), Transformation.class, prefix + "type");
            transform.configure(config);
            chain.add(transform);
        }
        return chain;
    }

    private static Map<String, String> withPrefix(Map<String, String> config, String prefix) {
        Map<String, String> result = new HashMap<>();
        config.forEach((k, v) -> {
            if (k.startsWith(prefix) && v != null) {
                result.put(k.substring(prefix.length()), v);
            }
        });
        return result;
    }

    private static <T> T newInstance(String className, Class<T> type, String key) {
        try {
            Class<?> cls = Class.forName(className.trim(), true, RecordPipeline.class.getClassLoader());
            if (!type.isAssignableFrom(cls)) {
                throw new IllegalArgumentException(
                        key + ": " + Reasons.bounded(className) + " is not a " + type.getSimpleName());
            }
            return type.cast(cls.getDeclaredConstructor().newInstance());
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new IllegalArgumentException(key + ": cannot load " + Reasons.bounded(className) + " (" + e + ")", e);
        }
    }

    @Override
    public void close() {
        for (Transformation<SinkRecord> transform : transforms) {
            transform.close();
        }
        closeQuietly(keyConverter);
        closeQuietly(valueConverter);
        closeQuietly(headerConverter);
    }

    private static void closeQuietly(Object o) {
        if (o instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception ignored) {
                // a converter's close releases nothing the replay still needs
            }
        }
    }
}
