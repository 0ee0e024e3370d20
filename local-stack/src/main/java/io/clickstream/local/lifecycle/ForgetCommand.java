package io.clickstream.local.lifecycle;

import io.clickstream.local.broker.KafkaBroker;
import io.clickstream.local.connect.ConnectorDefinition;
import io.clickstream.local.process.ManagedProcess;
import io.clickstream.postgres.PostgresServer;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * {@code ./run.sh forget USER_ID...}: forgets users in the local stack's lake (the forget job in its own JVM): adds
 * them to {@code <data-dir>/suppressed-users.txt}, which the shipped connectors read, and deletes their rows from the
 * tables of every Hudi sink in {@code connectors/}.
 */
public final class ForgetCommand {

    static final String HUDI_SINK = "io.clickstream.connect.hudi.HudiSinkConnector";
    static final String SUPPRESSED_USERS = "suppressed-users.txt";

    static final String USAGE = """
            Usage: ./run.sh forget USER_ID... [options]

            Forgets users in the lake of a local stack (docs/lifecycle.md): adds them to the suppressed users file the
            connectors read (DATA_DIR/suppressed-users.txt), so no event of theirs is written again, then deletes their
            rows from Bronze, Silver and the dead letters (the tables of the Hudi sinks in the connectors directory)
            and their sessions from Gold, with a tombstone for each on the published sessions topic. Gold is erased
            only while the stack runs.

            Options:
              --data-dir DIR        the stack's data directory                                           [./data]
              --connectors-dir DIR  the connector files whose Hudi sink tables are purged           [./connectors]
              --settle-ms N         while the stack runs, the wait between suppressing and deleting, for the sinks
                                    to commit what they read before their transforms saw the list (their check
                                    interval, 10 s, then a commit interval, 10 s, and a commit)            [30000]
              --help                this text
            """;

    private final PrintStream out;

    public ForgetCommand(PrintStream out) {
        this.out = out;
    }

    public static void main(String[] args) {
        System.exit(new ForgetCommand(System.out).run(args));
    }

    public int run(String... args) {
        List<String> ids = new ArrayList<>();
        Path dataDir = Path.of("data");
        Path connectorsDir = Path.of("connectors");
        String settleMs = "30000";
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--help")) {
                out.print(USAGE);
                return 0;
            }
            if (arg.startsWith("--")) {
                if (i + 1 >= args.length) {
                    out.println(arg + " needs a value (see ./run.sh forget --help)");
                    return 2;
                }
                switch (arg) {
                    case "--data-dir" -> dataDir = Path.of(args[++i]);
                    case "--connectors-dir" -> connectorsDir = Path.of(args[++i]);
                    case "--settle-ms" -> settleMs = args[++i];
                    default -> {
                        out.println("unknown option " + arg + " (see ./run.sh forget --help)");
                        return 2;
                    }
                }
            } else {
                ids.add(arg);
            }
        }
        if (ids.isEmpty()) {
            out.println("name at least one user id (see ./run.sh forget --help)");
            return 2;
        }
        Path logDir = dataDir.resolve("logs");
        try {
            Files.createDirectories(logDir);
            List<String> jobArgs = new ArrayList<>();
            for (String id : ids) {
                jobArgs.addAll(List.of("--user-id", id));
            }
            jobArgs.addAll(List.of(
                    "--suppression-file",
                    dataDir.resolve(SUPPRESSED_USERS).toAbsolutePath().toString()));
            for (ConnectorDefinition d : ConnectorDefinition.loadAll(connectorsDir)) {
                if (HUDI_SINK.equals(d.connectorClass())) {
                    jobArgs.addAll(List.of(
                            "--connector",
                            LifecycleJobProcess.write(logDir, "forget-", d.withDataDir(dataDir))
                                    .toString()));
                }
            }
            OptionalInt goldPort = runningPostgresPort(dataDir);
            if (goldPort.isPresent()) {
                jobArgs.addAll(List.of(
                        "--jdbc-url",
                        "jdbc:postgresql://127.0.0.1:" + goldPort.getAsInt() + "/" + PostgresServer.DEFAULT_DATABASE,
                        "--jdbc-user",
                        PostgresServer.DEFAULT_USER,
                        "--kafka-bootstrap",
                        KafkaBroker.bootstrapServersOf(dataDir),
                        "--settle-ms",
                        settleMs));
            }
            ManagedProcess forget = LifecycleJobProcess.forget(LifecycleJobProcess.module(), logDir, jobArgs);
            out.println("Forgetting " + ids.size() + " users; log " + forget.logFile());
            int exit = LifecycleJobProcess.runToEnd(forget, "forget", Duration.ofHours(6), out);
            if (exit != 0) {
                return exit;
            }
            if (goldPort.isEmpty()) {
                out.println("Gold's PostgreSQL is not running (no " + postmasterPid(dataDir) + "): the users' Gold "
                        + "sessions are not erased. Run ./run.sh forget again while the stack runs.");
                return 1;
            }
            return 0;
        } catch (IOException | RuntimeException e) {
            out.println("Error: " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            out.println("Interrupted");
            return 1;
        }
    }

    static Path postmasterPid(Path dataDir) {
        return dataDir.resolve("postgres").resolve("data").resolve("postmaster.pid");
    }

    /** The port of the stack's running PostgreSQL: the fourth line of its postmaster.pid. */
    static OptionalInt runningPostgresPort(Path dataDir) {
        try {
            List<String> lines = Files.readAllLines(postmasterPid(dataDir));
            return lines.size() < 4
                    ? OptionalInt.empty()
                    : OptionalInt.of(Integer.parseInt(lines.get(3).trim()));
        } catch (IOException | NumberFormatException e) {
            return OptionalInt.empty();
        }
    }
}
