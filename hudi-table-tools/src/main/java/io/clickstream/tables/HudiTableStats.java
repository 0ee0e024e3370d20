package io.clickstream.tables;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * Reads a Hudi table with Spark (the same reader the Gold job uses) and prints one JSON line of statistics:
 * {@code {"rows":N,"distinct":D,"commits":C}} where {@code distinct} counts distinct values of the given key
 * columns; with {@value #NON_NULL} also {@code "nonnull_<column>":n} for every data column (Hudi's {@code _hoodie_}
 * columns left out), so a test sees the table's columns as Spark reads them and how many rows fill each. Tests and
 * operators use it to check what a sink wrote, independently of the writer's own code.
 *
 * <pre>java -cp hudi-table-tools classpath io.clickstream.tables.HudiTableStats TABLE_PATH [--non-null] [KEY_COLUMN ...]</pre>
 */
public final class HudiTableStats {

    /** The option that adds a non-null count per column. */
    public static final String NON_NULL = "--non-null";

    private HudiTableStats() {}

    public static void main(String[] args) {
        if (args.length < 1) {
            System.err.println("usage: HudiTableStats TABLE_PATH [" + NON_NULL + "] [KEY_COLUMN ...]");
            System.exit(2);
        }
        List<String> rest = List.of(args).subList(1, args.length);
        boolean nonNull = !rest.isEmpty() && rest.get(0).equals(NON_NULL);
        List<String> keyColumns = nonNull ? rest.subList(1, rest.size()) : rest;
        try (SparkSession spark = LocalSpark.session("hudi-table-stats")) {
            Map<String, Long> stats = stats(spark, args[0], keyColumns);
            if (nonNull) {
                stats.putAll(nonNullCounts(spark, args[0]));
            }
            System.out.println(toJson(stats));
        }
    }

    /** Row count, distinct count over {@code keyColumns} (all columns' combination) and number of commits. */
    public static Map<String, Long> stats(SparkSession spark, String tablePath, List<String> keyColumns) {
        Dataset<Row> table = spark.read().format("hudi").load(tablePath);
        Map<String, Long> stats = new LinkedHashMap<>();
        stats.put("rows", table.count());
        if (!keyColumns.isEmpty()) {
            List<Column> columns = new ArrayList<>();
            keyColumns.forEach(c -> columns.add(functions.col(c)));
            stats.put(
                    "distinct",
                    table.select(columns.toArray(new Column[0])).distinct().count());
        }
        stats.put("commits", table.select("_hoodie_commit_time").distinct().count());
        return stats;
    }

    /** {@code nonnull_<column>} for every data column: the rows whose column is not null. */
    public static Map<String, Long> nonNullCounts(SparkSession spark, String tablePath) {
        Dataset<Row> table = spark.read().format("hudi").load(tablePath);
        List<String> names = new ArrayList<>();
        List<Column> counts = new ArrayList<>();
        for (String column : table.columns()) {
            if (!column.startsWith("_hoodie_")) {
                names.add(column);
                counts.add(functions.count(functions.col(column)));
            }
        }
        Map<String, Long> stats = new LinkedHashMap<>();
        if (counts.isEmpty()) {
            return stats;
        }
        Row row = table.agg(counts.get(0), counts.subList(1, counts.size()).toArray(new Column[0]))
                .first();
        for (int i = 0; i < names.size(); i++) {
            stats.put("nonnull_" + names.get(i), row.getLong(i));
        }
        return stats;
    }

    static String toJson(Map<String, Long> stats) {
        StringBuilder json = new StringBuilder("{");
        stats.forEach((k, v) -> json.append(json.length() > 1 ? "," : "")
                .append('"')
                .append(k)
                .append("\":")
                .append(v));
        return json.append('}').toString();
    }
}
