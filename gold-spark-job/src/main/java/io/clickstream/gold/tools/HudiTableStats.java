package io.clickstream.gold.tools;

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
 * columns. Tests and operators use it to check what a sink wrote, independently of the writer's own code.
 *
 * <pre>java -cp gold-spark-job classpath io.clickstream.gold.tools.HudiTableStats TABLE_PATH [KEY_COLUMN ...]</pre>
 */
public final class HudiTableStats {

    private HudiTableStats() {
    }

    public static void main(String[] args) {
        if (args.length < 1) {
            System.err.println("usage: HudiTableStats TABLE_PATH [KEY_COLUMN ...]");
            System.exit(2);
        }
        List<String> keyColumns = List.of(args).subList(1, args.length);
        try (SparkSession spark = LocalSpark.session("hudi-table-stats")) {
            Map<String, Long> stats = stats(spark, args[0], keyColumns);
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
            stats.put("distinct", table.select(columns.toArray(new Column[0])).distinct().count());
        }
        stats.put("commits", table.select("_hoodie_commit_time").distinct().count());
        return stats;
    }

    static String toJson(Map<String, Long> stats) {
        StringBuilder json = new StringBuilder("{");
        stats.forEach((k, v) -> json.append(json.length() > 1 ? "," : "").append('"').append(k).append("\":").append(v));
        return json.append('}').toString();
    }
}
