package io.clickstream.local.gold;

import io.clickstream.gold.GoldJobCommand;
import io.clickstream.gold.postgres.PostgresServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The Gold stage of the local stack: PostgreSQL (its own process, data under {@code <data>/postgres}, kept across
 * runs) and the Gold Spark job in local mode (its own JVM through {@code SparkSubmit}, as {@code spark-submit} runs
 * it, on gold-spark-job's {@code target/classpath.txt}; log {@code <data>/logs/gold-job.log}), reading
 * {@code <data>/silver/enriched_events} and checkpointing under {@code <data>/gold/checkpoint}, so a second run
 * resumes. The job waits for the Silver table to appear.
 *
 * <p>{@link #close()} stops the job with SIGTERM (its shutdown hook stops the query between batches; SIGKILL after
 * {@value #STOP_TIMEOUT_SECONDS} s), then PostgreSQL with a fast shutdown.
 */
public final class GoldStage implements AutoCloseable {

    /** PostgreSQL's usual port, taken when free so a psql habit works; any free port otherwise. */
    static final int PREFERRED_PORT = 5432;
    static final int STOP_TIMEOUT_SECONDS = 60;

    private final PostgresServer postgres;
    private final Process job;
    private final Path log;

    private GoldStage(PostgresServer postgres, Process job, Path log) {
        this.postgres = postgres;
        this.job = job;
        this.log = log;
    }

    /** Starts PostgreSQL, then the job; {@code goldModule} is the gold-spark-job directory (built). */
    public static GoldStage start(Path dataDir, Path goldModule) {
        Path classpathFile = goldModule.resolve("target/classpath.txt");
        Path jar;
        try (var jars = Files.list(goldModule.resolve("target"))) {
            jar = jars.filter(p -> p.getFileName().toString().matches("gold-spark-job-.*\\.jar")
                    && !p.getFileName().toString().startsWith("original-")).findFirst().orElse(null);
        } catch (IOException e) {
            jar = null;
        }
        if (jar == null || !Files.exists(classpathFile)) {
            throw new IllegalStateException("The Gold job is not built under " + goldModule
                    + ": run ./run.sh --rebuild (mvn -DskipTests -pl local-stack -am install)");
        }
        PostgresServer postgres = PostgresServer.start(dataDir.resolve("postgres"),
                free(PREFERRED_PORT) ? PREFERRED_PORT : 0);
        try {
            String classpath = Files.readString(classpathFile).trim();
            List<String> args = new ArrayList<>(List.of(
                    "--silver-path", dataDir.resolve("silver/enriched_events").toUri().toString(),
                    "--checkpoint", dataDir.resolve("gold/checkpoint").toString(),
                    "--jdbc-url", postgres.jdbcUrl(), "--jdbc-user", postgres.user()));
            List<String> command = new ArrayList<>();
            if (Files.isExecutable(Path.of("/usr/bin/setsid"))) {
                command.add("/usr/bin/setsid"); // Ctrl-C reaches the launcher only, which stops the job in order
            }
            command.addAll(GoldJobCommand.command(classpath, jar.toAbsolutePath(), GoldJobCommand.DEFAULT_MASTER,
                    GoldJobCommand.DEFAULT_HEAP, args));
            Path log = dataDir.resolve("logs/gold-job.log");
            Files.createDirectories(log.getParent());
            Process job = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            return new GoldStage(postgres, job, log);
        } catch (IOException e) {
            postgres.stop();
            throw new UncheckedIOException("cannot start the Gold job", e);
        }
    }

    public PostgresServer postgres() {
        return postgres;
    }

    public boolean jobAlive() {
        return job.isAlive();
    }

    /** For the progress line: Gold's last batch, its rows and the freshness of the newest event loaded. */
    public String progress() {
        if (!job.isAlive()) {
            return "gold job EXITED " + job.exitValue() + " (see " + log + ")";
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
            job.destroy();
            if (!job.waitFor(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                job.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            job.destroyForcibly();
            Thread.currentThread().interrupt();
        } finally {
            postgres.stop();
        }
    }

    private static boolean free(int port) {
        try (ServerSocket socket = new ServerSocket(port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

}
