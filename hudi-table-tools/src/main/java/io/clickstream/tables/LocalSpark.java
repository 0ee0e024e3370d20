package io.clickstream.tables;

import org.apache.spark.sql.SparkSession;

/** A small local Spark session for tools and tests: two cores here, so few shuffle partitions and no UI. */
public final class LocalSpark {

    private LocalSpark() {}

    public static SparkSession session(String appName) {
        return SparkSession.builder()
                .appName(appName)
                .master("local[2]")
                .config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", "4")
                .config("spark.serializer", "org.apache.spark.serializer.KryoSerializer")
                .config("spark.sql.session.timeZone", "UTC")
                // Spark creates ./spark-warehouse wherever it runs unless told otherwise; tools only read tables.
                .config(
                        "spark.sql.warehouse.dir",
                        System.getProperty("java.io.tmpdir") + "/clickstream-spark-warehouse")
                .getOrCreate();
    }
}
