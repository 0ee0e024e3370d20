package io.clickstream.connect.hudi.table;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericContainer;
import org.apache.hudi.common.model.BaseAvroPayload;
import org.apache.hudi.common.model.HoodieRecord;
import org.apache.hudi.common.util.ObjectSizeCalculator;
import org.apache.hudi.common.util.SizeEstimator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sizes an incoming row of a merge by the heap it holds of its own: Hudi's measure of the row's object graph (JOL,
 * as Hudi's {@code HoodieRecordSizeEstimator}) less the graph of the Avro schema the row refers to, which every row of
 * the commit shares. Hudi's estimator counts that schema in every row: 43.6 KB of the 45.3 KB it gives a Silver
 * row (47 columns) whose own graph is ~1.45 KB. The schema is reachable from the row, so the difference is what only
 * the row reaches, up to the few objects rows share besides it (the record location's strings). A row whose schema cannot be
 * found is counted whole, as Hudi does: too high, never too low. One estimator per map (not thread-safe).
 */
final class RowSizeEstimator<T> implements SizeEstimator<HoodieRecord<T>> {

    private static final Logger LOG = LoggerFactory.getLogger(RowSizeEstimator.class);

    /** The row a {@code DefaultHoodieRecordPayload} holds until it is serialized (Hudi 1.2: a private field). */
    private static final VarHandle PAYLOAD_ROW = payloadRow();

    private Schema lastSchema;
    private long lastSchemaSize;

    @Override
    public long sizeEstimate(HoodieRecord<T> record) {
        long whole = ObjectSizeCalculator.getObjectSize(record);
        Schema schema = schemaOf(record.getData());
        return schema == null ? whole : whole - schemaSize(schema);
    }

    private long schemaSize(Schema schema) {
        if (schema != lastSchema) { // the rows of a merge share one schema instance: walked once per merge
            lastSchemaSize = ObjectSizeCalculator.getObjectSize(schema);
            lastSchema = schema;
        }
        return lastSchemaSize;
    }

    static Schema schemaOf(Object data) {
        if (data instanceof GenericContainer row) {
            return row.getSchema();
        }
        if (data instanceof BaseAvroPayload
                && PAYLOAD_ROW != null
                && PAYLOAD_ROW.get((BaseAvroPayload) data) instanceof GenericContainer row) {
            return row.getSchema();
        }
        return null; // serialized payloads hold bytes, no schema
    }

    private static VarHandle payloadRow() {
        try {
            return MethodHandles.privateLookupIn(BaseAvroPayload.class, MethodHandles.lookup())
                    .findVarHandle(BaseAvroPayload.class, "record", org.apache.avro.generic.GenericRecord.class);
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warn(
                    "Hudi's payloads keep their rows elsewhere than this sink knows; the merge handle counts each "
                            + "incoming row with its schema, as Hudi does ({})",
                    e.toString());
            return null;
        }
    }
}
