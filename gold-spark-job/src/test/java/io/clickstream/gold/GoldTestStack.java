package io.clickstream.gold;

import io.clickstream.gold.testing.Waits;
import io.clickstream.postgres.PostgresServer;
import io.clickstream.tables.LocalSpark;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;

/**
 * What one Gold test class shares: a real PostgreSQL (each test makes its own database) and a local Spark session
 * (writes the Silver table, and runs the job when it runs in-process), under {@code <test data>/<name>}.
 */
final class GoldTestStack implements AutoCloseable {

    final Path data;
    final PostgresServer postgres;
    final SparkSession spark;

    private GoldTestStack(Path data, PostgresServer postgres, SparkSession spark) {
        this.data = data;
        this.postgres = postgres;
        this.spark = spark;
    }

    /** Starts both; {@code <data>/runs} of an earlier run is deleted, PostgreSQL's cluster is reused. */
    static GoldTestStack start(String name) throws Exception {
        Path data = Path.of(System.getProperty("clickstream.test.data", "target/test-data"), name);
        Waits.deleteTree(data.resolve("runs"));
        PostgresServer postgres = PostgresServer.start(data.resolve("postgres"), 0);
        try {
            return new GoldTestStack(data, postgres, LocalSpark.session(name));
        } catch (RuntimeException e) {
            postgres.stop();
            throw e;
        }
    }

    @Override
    public void close() {
        try {
            spark.close();
        } finally {
            postgres.stop();
        }
    }
}
