package io.clickstream.lifecycle.forget;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.get_json_object;

import io.clickstream.connect.hudi.config.HudiSinkConfig;
import io.clickstream.connect.hudi.convert.BronzeRecordBuilder;
import io.clickstream.connect.hudi.lock.TableCommitLock;
import io.clickstream.connect.hudi.table.HudiTableWriter;
import io.clickstream.contract.SilverFields;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.hudi.common.model.HoodieKey;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.BinaryType;

/**
 * Deletes a set of users' rows from one sink's table: Spark finds their Hudi keys, the sink's own writer deletes them
 * in one commit under the sink's commit lock, so the delete never interleaves with a sink commit and the sink's offsets
 * are untouched (the delete carries none). Which rows: in a structured table (Silver) its {@code user_id} column; in a
 * Bronze-mode table (Bronze, dead letters) the {@code user_id} column, and for rows without one (layout 1, a value
 * that is not a JSON object of strict UTF-8) the value's top-level {@code user_id} as Spark's JSON reader finds it or,
 * for a value too malformed to parse, the text {@code "user_id":"ID"} in it.
 */
public final class TablePurge {

    /** What the purge of one table did. */
    public record Result(String table, long rows, String instant) {}

    private TablePurge() {}

    static Result purge(
            SparkSession spark,
            HudiSinkConfig sink,
            Set<String> ids,
            Map<String, String> metadata,
            long lockTimeoutMs) {
        try (HudiTableWriter writer = new HudiTableWriter(sink)) {
            if (!writer.tableExists()) {
                return new Result(sink.tablePath(), 0, null);
            }
            Dataset<Row> table = spark.read().format("hudi").load(sink.tablePath());
            List<HoodieKey> keys = new ArrayList<>();
            for (Row row : table.where(matching(table, sink, ids))
                    .select("_hoodie_record_key", "_hoodie_partition_path")
                    .collectAsList()) {
                keys.add(new HoodieKey(row.getString(0), row.getString(1)));
            }
            if (keys.isEmpty()) {
                return new Result(sink.tablePath(), 0, null);
            }
            try (TableCommitLock lock = new TableCommitLock(sink, writer.storageConf())) {
                if (!lock.tryLock(lockTimeoutMs)) {
                    throw new IllegalStateException(
                            "cannot take the commit lock of " + sink.tablePath() + " within " + lockTimeoutMs
                                    + " ms (its sink commits meanwhile); nothing was deleted from it, run again");
                }
                try {
                    String instant = writer.delete(keys, metadata);
                    return new Result(sink.tablePath(), keys.size(), instant);
                } finally {
                    lock.unlock();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted waiting for the commit lock of " + sink.tablePath(), e);
            }
        }
    }

    static Column matching(Dataset<Row> table, HudiSinkConfig sink, Set<String> ids) {
        Object[] values = ids.toArray();
        if (sink.recordMode() == HudiSinkConfig.RecordMode.STRUCTURED) {
            return col(SilverFields.USER_ID).isin(values);
        }
        boolean bytes = table.schema().apply(BronzeRecordBuilder.VALUE).dataType() instanceof BinaryType;
        Column text = bytes ? col(BronzeRecordBuilder.VALUE).cast("string") : col(BronzeRecordBuilder.VALUE);
        String alternatives = ids.stream().map(Pattern::quote).collect(Collectors.joining("|"));
        Column fallback = get_json_object(text, "$.user_id")
                .isin(values)
                .or(text.rlike("\"user_id\"\\s*:\\s*\"(" + alternatives + ")\""));
        boolean hasColumn = List.of(table.columns()).contains(BronzeRecordBuilder.USER_ID);
        return hasColumn
                ? col(BronzeRecordBuilder.USER_ID)
                        .isin(values)
                        .or(expr(BronzeRecordBuilder.USER_ID + " IS NULL").and(fallback))
                : fallback;
    }

    static Map<String, String> metadata(String requestId, int users) {
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("forget.request", requestId);
        metadata.put("forget.users", String.valueOf(users));
        return metadata;
    }
}
