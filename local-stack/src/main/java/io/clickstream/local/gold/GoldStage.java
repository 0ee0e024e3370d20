package io.clickstream.local.gold;

import io.clickstream.gold.postgres.PostgresServer;
import io.clickstream.local.process.ManagedProcess;
import io.clickstream.local.process.ProcessReaper;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The Gold stage of the local stack: PostgreSQL (its own process, data under {@code <data>/postgres}, kept across
 * runs) and the Gold Spark job in local mode ({@link GoldJobProcess}: its own JVM through {@code SparkSubmit}, as
 * {@code spark-submit} runs it; log {@code <data>/logs/gold-job.log}), reading {@code <data>/silver/enriched_events}
 * and checkpointing under {@code <data>/gold/checkpoint}, so a second run resumes. The job waits for the Silver table
 * to appear. Given the broker, the job also publishes every row it changes to the {@code gold_*} topics, which the
 * JDBC sink connector loads into schema {@code gold_connect}.
 *
 * <p>{@link #close()} stops the job with SIGTERM (its shutdown hook stops the query between batches; SIGKILL after
 * {@link GoldJobProcess#STOP_TIMEOUT}), then PostgreSQL with a fast shutdown. The job exits by itself when the
 * launcher's JVM is gone.
 */
public final class GoldStage implements AutoCloseable {

    /** PostgreSQL's usual port, taken when free so a psql habit works; any free port otherwise. */
    static final int PREFERRED_PORT = 5432;

    private final PostgresServer postgres;
    private final ManagedProcess job;

    private GoldStage(PostgresServer postgres, ManagedProcess job) {
        this.postgres = postgres;
        this.job = job;
    }

    /**
     * Starts PostgreSQL, then the job; {@code goldModule} is the gold-spark-job directory (built),
     * {@code kafkaBootstrap} the brokers the job publishes its rows to, or null for none.
     */
    public static GoldStage start(Path dataDir, Path goldModule, String kafkaBootstrap) {
        PostgresServer postgres = startPostgres(dataDir.resolve("postgres"));
        try {
            List<String> args = new ArrayList<>(List.of(
                    "--silver-path", dataDir.resolve("silver/enriched_events").toUri().toString(),
                    "--checkpoint", dataDir.resolve("gold/checkpoint").toString(),
                    "--jdbc-url", postgres.jdbcUrl(), "--jdbc-user", postgres.user()));
            if (kafkaBootstrap != null) {
                args.addAll(List.of("--kafka-bootstrap", kafkaBootstrap));
            }
            ManagedProcess job = GoldJobProcess.create(goldModule, dataDir.resolve("logs"), args).start();
            return new GoldStage(postgres, job);
        } catch (RuntimeException e) {
            postgres.stop();
            throw e;
        }
    }

    public PostgresServer postgres() {
        return postgres;
    }

    public boolean jobAlive() {
        return job.isAlive();
    }

    /** The Gold job JVM's process id (benchmarks read its CPU time from {@code /proc}). */
    public long jobPid() {
        return job.pid();
    }

    /** For the progress line: Gold's last batch, its rows and the freshness of the newest event loaded. */
    public String progress() {
        if (!job.isAlive()) {
            return "gold job EXITED " + job.exitCode().orElse(-1) + " (see " + job.logFile() + ")";
        }
        try (Connection c = DriverManager.getConnection(postgres.jdbcUrl(), postgres.user(), null);
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT batch_id, rows_in, sessions_written, "
                     + "extract(epoch FROM now() - newest_event_time) FROM gold.batches "
                     + "ORDER BY loaded_at DESC LIMIT 1")) {
            if (!rs.next()) {
                return "gold waiting for Silver";
            }
            return String.format("gold batch %d rows %,d sessions %,d freshness %.1fs", rs.getLong(1), rs.getLong(2),
                    rs.getLong(3), rs.getDouble(4));
        } catch (SQLException e) {
            return "gold starting";
        }
    }

    @Override
    public void close() {
        try {
            job.stop();
        } finally {
            ProcessReaper.unregister(job);
            postgres.stop();
        }
    }

    /** On {@link #PREFERRED_PORT} when free; any free port if it is taken, also between the check and the start. */
    private static PostgresServer startPostgres(Path dir) {
        if (free(PREFERRED_PORT)) {
            try {
                return PostgresServer.start(dir, PREFERRED_PORT);
            } catch (RuntimeException e) {
                if (!String.valueOf(e.getMessage()).contains("Address already in use")) {
                    throw e;
                }
            }
        }
        return PostgresServer.start(dir, 0);
    }

    private static boolean free(int port) {
        try (ServerSocket socket = new ServerSocket(port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

}
