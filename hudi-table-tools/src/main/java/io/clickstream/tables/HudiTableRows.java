package io.clickstream.tables;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * Reads a Hudi table with Spark (the reader the Gold job uses) and writes the given columns of every row to a file,
 * one JSON object per line (a null column is left out of its line, timestamps in UTC). Tests use it to compare what
 * a sink wrote, row by row, with what they expect, independently of the writer's code. The rows stream to the file
 * partition by partition, so the table need not fit in memory; the file is only complete when the tool exits 0.
 *
 * <pre>java -cp hudi-table-tools classpath io.clickstream.tables.HudiTableRows TABLE_PATH OUT_FILE COLUMN...</pre>
 */
public final class HudiTableRows {

    private HudiTableRows() {}

    public static void main(String[] args) throws IOException {
        if (args.length < 3) {
            System.err.println("usage: HudiTableRows TABLE_PATH OUT_FILE COLUMN...");
            System.exit(2);
        }
        try (SparkSession spark = LocalSpark.session("hudi-table-rows")) {
            long rows = write(spark, args[0], Path.of(args[1]), List.of(args).subList(2, args.length));
            System.out.println("{\"rows\":" + rows + "}");
        }
    }

    /** Writes the columns of every row of the table to {@code out} as JSON lines; returns the number of rows. */
    public static long write(SparkSession spark, String tablePath, Path out, List<String> columns) throws IOException {
        Column[] selected = columns.stream().map(functions::col).toArray(Column[]::new);
        Iterator<String> lines = spark.read()
                .format("hudi")
                .load(tablePath)
                .select(selected)
                .toJSON()
                .toLocalIterator();
        long rows = 0;
        try (BufferedWriter writer = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
            while (lines.hasNext()) {
                writer.write(lines.next());
                writer.newLine();
                rows++;
            }
        }
        return rows;
    }
}
