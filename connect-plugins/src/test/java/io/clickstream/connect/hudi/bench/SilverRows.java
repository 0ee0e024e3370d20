package io.clickstream.connect.hudi.bench;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.clickstream.connect.hudi.convert.ConnectToAvroConverter;
import io.clickstream.contract.SilverFields;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.transforms.Transformation;

/**
 * The Silver rows a sink connector's configuration makes of dumped topic records, for a bare writer to upsert: each
 * value goes, as the bytes {@code ByteArrayConverter} hands over, through the connector's transform chain (its
 * {@code transforms}, each configured from its {@code transforms.<alias>.*} keys), then through the sink's own
 * Connect-to-Avro conversion. A record a transform rejects with a {@link DataException} is counted as invalid and left
 * out, as {@code errors.tolerance=all} sends it to the dead-letter queue. The chain's CPU time (this thread's) is kept:
 * what the transforms cost inside the sink's figure.
 *
 * @param rows the valid rows in topic order
 * @param invalid records the chain rejected
 * @param distinctIds distinct event ids among the rows: the rows an upsert keyed by event id leaves in the table
 * @param transformCpuNanos this thread's CPU time in the transform chain (the Avro conversion excluded)
 */
record SilverRows(List<GenericRecord> rows, int invalid, int distinctIds, long transformCpuNanos) {

    /** The rows' schema (the first row's; every row must share it). */
    Schema schema() {
        return rows.get(0).getSchema();
    }

    /** The connector's settings ({@code config} of a connector JSON file such as connectors/silver-hudi-sink.json). */
    static Map<String, String> connectorConfig(Path file) {
        try {
            ObjectMapper json = new ObjectMapper();
            return json.convertValue(json.readTree(file.toFile()).get("config"), new TypeReference<>() {});
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the connector configuration " + file, e);
        }
    }

    static SilverRows of(DumpedValues values, Map<String, String> connector) {
        List<Transformation<SinkRecord>> chain = chain(connector);
        ConnectToAvroConverter converter = new ConnectToAvroConverter(connector.get("table.name") + "_record");
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        List<GenericRecord> rows = new ArrayList<>(values.entries().size());
        Set<String> ids = new HashSet<>();
        int invalid = 0;
        long cpu = 0;
        for (DumpedValues.Entry e : values.entries()) {
            long started = threads.getCurrentThreadCpuTime();
            SinkRecord record = new SinkRecord(
                    values.topic(),
                    e.partition(),
                    null,
                    null,
                    null,
                    e.value().getBytes(StandardCharsets.UTF_8),
                    e.offset(),
                    e.timestamp() < 0 ? null : e.timestamp(),
                    TimestampType.CREATE_TIME);
            try {
                for (Transformation<SinkRecord> t : chain) {
                    record = t.apply(record);
                }
            } catch (DataException rejected) {
                invalid++;
                continue;
            } finally {
                cpu += threads.getCurrentThreadCpuTime() - started;
            }
            GenericRecord row = converter.convert(record);
            if (!rows.isEmpty() && !row.getSchema().equals(rows.get(0).getSchema())) {
                throw new IllegalStateException("record " + e.partition() + "@" + e.offset()
                        + " gives another schema than the " + "first row's; one bare table holds one schema");
            }
            rows.add(row);
            ids.add(row.get(SilverFields.EVENT_ID).toString());
        }
        chain.forEach(Transformation::close);
        if (rows.isEmpty()) {
            throw new IllegalStateException("the transforms rejected all " + invalid + " records");
        }
        return new SilverRows(rows, invalid, ids.size(), cpu);
    }

    /** The connector's transforms in order, each configured as the worker configures it. */
    @SuppressWarnings("unchecked")
    private static List<Transformation<SinkRecord>> chain(Map<String, String> connector) {
        List<Transformation<SinkRecord>> chain = new ArrayList<>();
        String aliases = connector.getOrDefault("transforms", "");
        for (String alias : aliases.isBlank() ? new String[0] : aliases.split("\\s*,\\s*")) {
            String prefix = "transforms." + alias + ".";
            Map<String, String> settings = new HashMap<>();
            connector.forEach((k, v) -> {
                if (k.startsWith(prefix) && !k.equals(prefix + "type")) {
                    settings.put(k.substring(prefix.length()), v);
                }
            });
            try {
                Transformation<SinkRecord> t =
                        (Transformation<SinkRecord>) Class.forName(connector.get(prefix + "type"))
                                .getDeclaredConstructor()
                                .newInstance();
                t.configure(settings);
                chain.add(t);
            } catch (ReflectiveOperationException e) {
                throw new IllegalArgumentException("cannot create transform " + alias + ": " + e, e);
            }
        }
        return chain;
    }
}
