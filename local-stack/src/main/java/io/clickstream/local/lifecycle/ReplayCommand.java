package io.clickstream.local.lifecycle;

import io.clickstream.contract.LakeTable;
import io.clickstream.local.broker.KafkaBroker;
import io.clickstream.local.connect.ConnectRestClient;
import io.clickstream.local.connect.ConnectorDefinition;
import io.clickstream.local.process.ManagedProcess;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code ./run.sh replay}: rebuilds Silver from the local stack's Bronze into a new table (the replay job in its own
 * JVM), then, with {@code --start}, creates the new Silver connector (and its dead-letter sink) on the running worker,
 * which resumes from the Bronze commit the replay stopped at.
 */
public final class ReplayCommand {

    static final String USAGE = """
            Usage: ./run.sh replay --silver-connector FILE [options]

            Rebuilds Silver from Bronze into a new table with the connector's (new) settings, through the same
            transforms and sink code, while the stack goes on ingesting (docs/lifecycle.md). FILE is the Silver
            connector's JSON with a new "name", a new table.path and, if it has one, a new dead-letter topic.

            Options:
              --silver-connector FILE       the new Silver connector                                     (required)
              --dead-letter-connector FILE  the dead-letter sink reading its dead-letter topic, new table.path
              --bronze-instant T0           the Bronze sink commit to replay up to           [Bronze's newest]
              --batch-rows N                rows per commit of the new tables                          [50000]
              --data-dir DIR                the stack's data directory: Bronze and /data paths are here   [./data]
              --start URL                   then create the connectors on the worker at URL (http://localhost:8083)
              --help                        this text
            """;

    static final Duration REPLAY_TIMEOUT = Duration.ofHours(6);

    record Options(
            Path silver, Path deadLetter, String instant, String batchRows, Path dataDir, URI start, boolean help) {

        static Options parse(String... args) {
            Path silver = null;
            Path deadLetter = null;
            String instant = null;
            String batchRows = null;
            Path dataDir = Path.of("data");
            URI start = null;
            for (int i = 0; i < args.length; i++) {
                String option = args[i];
                if (option.equals("--help")) {
                    return new Options(null, null, null, null, dataDir, null, true);
                }
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(option + " needs a value");
                }
                String value = args[++i];
                switch (option) {
                    case "--silver-connector" -> silver = Path.of(value);
                    case "--dead-letter-connector" -> deadLetter = Path.of(value);
                    case "--bronze-instant" -> instant = value;
                    case "--batch-rows" -> batchRows = value;
                    case "--data-dir" -> dataDir = Path.of(value);
                    case "--start" -> start = URI.create(value);
                    default -> throw new IllegalArgumentException("unknown option " + option);
                }
            }
            if (silver == null) {
                throw new IllegalArgumentException("--silver-connector is required");
            }
            return new Options(silver, deadLetter, instant, batchRows, dataDir, start, false);
        }
    }

    private final PrintStream out;

    ReplayCommand(PrintStream out) {
        this.out = out;
    }

    public static void main(String[] args) {
        System.exit(new ReplayCommand(System.out).run(args));
    }

    int run(String... args) {
        Options options;
        ConnectorDefinition silver;
        ConnectorDefinition deadLetter;
        try {
            options = Options.parse(args);
            if (options.help()) {
                out.print(USAGE);
                return 0;
            }
            silver = ConnectorDefinition.load(options.silver()).withDataDir(options.dataDir());
            deadLetter = options.deadLetter() == null
                    ? null
                    : ConnectorDefinition.load(options.deadLetter()).withDataDir(options.dataDir());
        } catch (IllegalArgumentException e) {
            out.println(e.getMessage() + " (see ./run.sh replay --help)");
            return 2;
        }
        Path logDir = options.dataDir().resolve("logs");
        try {
            Files.createDirectories(logDir);
            List<String> jobArgs = new ArrayList<>(List.of(
                    "--bronze-path",
                    options.dataDir()
                            .resolve(LakeTable.BRONZE_EVENTS.path())
                            .toAbsolutePath()
                            .toUri()
                            .toString(),
                    "--silver-connector",
                    LifecycleJobProcess.write(logDir, "replay-", silver).toString()));
            if (deadLetter != null) {
                jobArgs.addAll(List.of(
                        "--dead-letter-connector",
                        LifecycleJobProcess.write(logDir, "replay-", deadLetter).toString()));
            }
            if (options.instant() != null) {
                jobArgs.addAll(List.of("--bronze-instant", options.instant()));
            }
            if (options.batchRows() != null) {
                jobArgs.addAll(List.of("--batch-rows", options.batchRows()));
            }
            int exit = runReplay(LifecycleJobProcess.module(), logDir, jobArgs, out);
            if (exit != 0) {
                return exit;
            }
            if (options.start() != null) {
                String bootstrap = KafkaBroker.bootstrapServersOf(options.dataDir());
                ConnectRestClient rest = new ConnectRestClient(options.start());
                for (ConnectorDefinition d : deadLetter == null ? List.of(silver) : List.of(deadLetter, silver)) {
                    rest.putConnectorConfig(
                            d.name(), d.withBootstrapServers(bootstrap).config());
                    out.println("Created connector " + d.name() + " on " + options.start());
                }
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

    /** Runs the replay to its end and prints its summary; its exit code (2: a setting, 1: a failure). */
    public static int runReplay(Path module, Path logDir, List<String> jobArgs, PrintStream out)
            throws IOException, InterruptedException {
        ManagedProcess replay = LifecycleJobProcess.replay(module, logDir, jobArgs);
        out.println("Replaying Bronze into a new Silver table; log " + replay.logFile());
        return LifecycleJobProcess.runToEnd(replay, "replay", REPLAY_TIMEOUT, out);
    }
}
