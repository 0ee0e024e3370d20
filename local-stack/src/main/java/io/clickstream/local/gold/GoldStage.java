package io.clickstream.local.gold;

import io.clickstream.contract.LakeTable;
import io.clickstream.local.process.ManagedProcess;
import io.clickstream.local.process.ProcessReaper;
import io.clickstream.postgres.PostgresServer;
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
import java.util.Optional;

/**
 * The Gold stage of the local stack: PostgreSQL (its own process, data under {@code <data>/postgres}, kept across
 * runs) and the Gold Spark job in local mode ({@link GoldJobProcess}: its own JVM through {@code SparkSubmit}, as
 * {@code spark-submit} runs it; log {@code <data>/logs/gold-job.log}), reading Silver where {@link SilverSource} says
 * ({@code <data>/silver/enriched_events} by default, {@code s3a://lake/silver/enriched_events} with the lake on S3)
 * and the dead-letter table ({@link LakeTable#DEAD_LETTERS}) beside it, checkpointing under {@code <data>/gold/checkpoint}
 * (on the local disk whatever the lake), so a second run resumes. The job waits for the Silver table to appear, and
 * for the dead-letter table (it appears with the first dead letter). Given the broker, the job also publishes every
 * row it changes to the {@code gold_*} topics, which the JDBC sink connector loads into schema {@code gold_connect}.
 *
 * <p>A job that dies is restarted on the same checkpoint with a growing wait, unless it exited for invalid settings
 * ({@link GoldJobSupervisor}, driven by {@link #superviseJob()}).
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
    private final GoldJobSupervisor supervisor;

    private GoldStage(PostgresServer postgres, ManagedProcess job, GoldJobSupervisor supervisor) {
        this.postgres = postgres;
        this.job = job;
        this.supervisor = supervisor;
    }

    /** As {@link #start(Path, Path, String, SilverSource)} with Silver on the local disk. */
    public static GoldStage start(Path dataDir, Path goldModule, String kafkaBootstrap) {
        return start(dataDir, goldModule, kafkaBootstrap, SilverSource.onDisk(dataDir));
    }

    /**
     * Starts PostgreSQL, then the job; {@code goldModule} is the gold-spark-job directory (built),
     * {@code kafkaBootstrap} the brokers the job publishes its rows to, or null for none, {@code silver} where the
     * job reads Silver.
     */
    public static GoldStage start(Path dataDir, Path goldModule, String kafkaBootstrap, SilverSource silver) {
        PostgresServer postgres = startPostgres(dataDir.resolve("postgres"));
        try {
            String checkpoint = dataDir.resolve("gold/checkpoint").toString();
            List<String> args = new ArrayList<>(List.of(
                    "--silver-path",
                    silver.tablePath(),
                    "--dead-letter-path",
                    silver.tableBeside(LakeTable.DEAD_LETTERS),
                    "--checkpoint",
                    checkpoint,
                    "--jdbc-url",
                    postgres.jdbcUrl(),
                    "--jdbc-user",
                    postgres.user()));
            if (kafkaBootstrap != null) {
                args.addAll(List.of("--kafka-bootstrap", kafkaBootstrap));
            }
            ManagedProcess job = GoldJobProcess.create(
                    goldModule, dataDir.resolve("logs"), args, silver.hadoopSettings(), silver.environment());
            return new GoldStage(postgres, job, new GoldJobSupervisor(job, checkpoint).start());
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

    /**
     * Restarts the job if it died and its wait is over; the lines to print about it (its death, with the last errors
     * of its log, or its restart). Called every few seconds by the progress loop.
     */
    public List<String> superviseJob() {
        return supervisor.check();
    }

    /**
     * For the progress line: Gold's last batch, its rows and the freshness of the newest event loaded, and how often
     * the job was restarted; or that it is down and when it comes back.
     */
    public String progress() {
        Optional<String> down = supervisor.down();
        if (down.isPresent()) {
            return down.get();
        }
        int restarts = supervisor.restarts();
        String restarted = restarts == 0 ? "" : " restarts " + restarts;
        try (Connection c = DriverManager.getConnection(postgres.jdbcUrl(), postgres.user(), null);
                Statement s = c.createStatement();
                // Rejected records, each once (the topic's count holds the copies Connect re-sends after a re-read).
                ResultSet rs = s.executeQuery("SELECT batch_id, rows_in, sessions_written, "
                        + "extract(epoch FROM now() - newest_event_time), "
                        + "(SELECT count(*) FROM gold.dead_letters) FROM gold.batches "
                        + "ORDER BY loaded_at DESC LIMIT 1")) {
            if (!rs.next()) {
                return "gold waiting for Silver" + restarted;
            }
            return String.format(
                    "gold batch %d rows %,d sessions %,d dead letters %,d freshness %.1fs%s",
                    rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(5), rs.getDouble(4), restarted);
        } catch (SQLException e) {
            return "gold starting" + restarted;
        }
    }

    @Override
    public void close() {
        try {
            supervisor.close();
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
