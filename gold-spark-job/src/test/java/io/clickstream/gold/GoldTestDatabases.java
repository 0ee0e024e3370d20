package io.clickstream.gold;

import io.clickstream.postgres.PostgresServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

/** A fresh database per test on the test class's server, and the job settings the tests share. */
final class GoldTestDatabases {

    private GoldTestDatabases() {}

    /** Creates {@code name} and returns its JDBC URL. */
    static String create(PostgresServer server, String name) throws SQLException {
        try (Connection c = DriverManager.getConnection(server.jdbcUrl(), server.user(), null);
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        }
        return server.jdbcUrl().substring(0, server.jdbcUrl().lastIndexOf('/') + 1) + name;
    }

    /** Settings for a test run: a 5-minute gap, 10-minute watermark, fast triggers and close checks. */
    static GoldJobConfig config(String url, String silverPath, String checkpoint) {
        return GoldJobConfig.parse(arguments(url, silverPath, checkpoint), Map.of(), name -> null);
    }

    /** True while the job runs; throws its error once it has failed, so a wait ends at once. */
    static boolean alive(GoldJob.Running job) {
        if (job.failure().isPresent()) {
            throw new AssertionError("the Gold job failed", job.failure().get());
        }
        return true;
    }

    static List<String> arguments(String url, String silverPath, String checkpoint) {
        return List.of(
                "--silver-path",
                silverPath,
                "--checkpoint",
                checkpoint,
                "--jdbc-url",
                url,
                "--jdbc-user",
                PostgresServer.DEFAULT_USER,
                "--session-gap",
                "5m",
                "--watermark",
                "10m",
                "--trigger",
                "500ms",
                "--close-check-min",
                "500ms",
                "--close-check-max",
                "2s",
                "--state-partitions",
                "2",
                "--load-backoff",
                "500ms");
    }
}
