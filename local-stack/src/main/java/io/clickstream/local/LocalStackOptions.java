package io.clickstream.local;

import io.clickstream.local.livepage.LivePageServer;
import java.nio.file.Path;
import java.util.OptionalLong;

/** The command-line options of the local stack ({@code ./run.sh --help}). */
public record LocalStackOptions(
        Path dataDir,
        Path connectorsDir,
        Path pluginPath,
        int workers,
        String workerHeap,
        OptionalLong eventsPerSecond,
        OptionalLong maxEvents,
        OptionalLong durationSeconds,
        int partitions,
        int kafkaPort,
        int connectPort,
        boolean help,
        Lake lake,
        boolean livePage,
        int pagePort) {

    /** Where the connectors' tables live: the data directory, or an S3 API server (S3Proxy) the stack starts. */
    public enum Lake {
        FILE,
        S3
    }

    /**
     * Each worker's heap: the shipped connectors run three Hudi sinks in it, each holding up to one commit's rows while
     * it writes plus as many read ahead and its tasks' buffers (docs/hudi-sink.md, "Back-pressure and memory"); 768m
     * spent 45 s of its first 117 s in full collections at 5,000 events/s.
     */
    public static final String DEFAULT_WORKER_HEAP = "2g";

    public static final String USAGE = """
            Usage: ./run.sh [--rebuild] [options]

            Runs the clickstream pipeline locally: a Kafka broker (KRaft), Kafka Connect worker(s) in distributed mode
            with the plugin bundle on their plugin.path, and every connectors/*.json created through the REST API.
            Then PostgreSQL and the Gold Spark job, and a live page of Gold's metrics on localhost (its URL is printed).
            Progress is printed every 2 s; Ctrl-C stops everything cleanly and keeps the data. A second run on the same
            data directory resumes where the first stopped.

            Options:
              --data-dir DIR            where all state lives (Kafka logs, lake tables, logs/)   [./data]
              --connectors DIR          connector JSON files to create, in file-name order        [connectors]
              --workers N               Connect worker processes                                  [1]
              --worker-heap SIZE        each worker's -Xmx: it holds every Hudi sink's buffered   [2g]
                                        rows and commits (docs/hudi-sink.md, memory)
              --events-per-second N     simulator rate (0 = unlimited); overrides the JSON        [from the JSON]
              --max-events N            simulator stops after N events; overrides the JSON        [from the JSON]
              --duration SECONDS        stop by itself after this many seconds (CI smoke runs)    [run until Ctrl-C]
              --partitions N            partitions of topics the launcher creates                 [6]
              --kafka-port PORT         broker port (0 = any free port; busy = any free port)     [9092]
              --connect-port PORT       first worker's REST port (worker i: PORT + i)             [8083]
              --plugin-path DIR         the unpacked plugin bundle                                [local-stack/target/plugins]
              --lake file|s3            tables under DATA_DIR, or on S3 (s3a://lake/...): starts   [file]
                                        S3Proxy over DATA_DIR/s3 as its own process
              --page-port PORT          the live page http://localhost:PORT/ (0 or busy = any     [8090]
                                        free port; the URL is printed at start)
              --no-page                 no live page
              --rebuild                 (run.sh) rebuild the modules before starting
              --help                    this text

            Logs of each process: DATA_DIR/logs/<process>.log
            Records of a file into the running stack (e.g. hostile input): ./run.sh produce --help
            """;

    public static LocalStackOptions parse(String... args) {
        Path dataDir = Path.of("data");
        Path connectorsDir = Path.of("connectors");
        Path pluginPath = LocalStack.Builder.defaultPluginPath();
        int workers = 1;
        String workerHeap = DEFAULT_WORKER_HEAP;
        OptionalLong eventsPerSecond = OptionalLong.empty();
        OptionalLong maxEvents = OptionalLong.empty();
        OptionalLong duration = OptionalLong.empty();
        int partitions = 6;
        int kafkaPort = 9092;
        int connectPort = 8083;
        boolean help = false;
        Lake lake = Lake.FILE;
        boolean livePage = true;
        int pagePort = LivePageServer.DEFAULT_PORT;
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            String value;
            int eq = option.indexOf('=');
            if (eq > 0) { // --key=value
                value = option.substring(eq + 1);
                option = option.substring(0, eq);
            } else if (option.equals("--help") || option.equals("-h")) {
                help = true;
                continue;
            } else if (option.equals("--no-page")) {
                livePage = false;
                continue;
            } else {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("Option " + option + " needs a value");
                }
                value = args[++i];
            }
            switch (option) {
                case "--data-dir" -> dataDir = Path.of(value);
                case "--connectors" -> connectorsDir = Path.of(value);
                case "--plugin-path" -> pluginPath = Path.of(value);
                case "--workers" -> workers = (int) number(option, value, 1, 16);
                case "--worker-heap" -> workerHeap = heap(option, value);
                case "--events-per-second" ->
                    eventsPerSecond = OptionalLong.of(number(option, value, 0, Long.MAX_VALUE));
                case "--max-events" -> maxEvents = OptionalLong.of(number(option, value, 0, Long.MAX_VALUE));
                case "--duration" -> duration = OptionalLong.of(number(option, value, 1, Long.MAX_VALUE));
                case "--partitions" -> partitions = (int) number(option, value, 1, 1000);
                case "--kafka-port" -> kafkaPort = (int) number(option, value, 0, 65535);
                case "--connect-port" -> connectPort = (int) number(option, value, 0, 65535);
                case "--lake" -> lake = lake(value);
                case "--page-port" -> pagePort = (int) number(option, value, 0, 65535);
                default -> throw new IllegalArgumentException("Unknown option " + option);
            }
        }
        return new LocalStackOptions(
                dataDir,
                connectorsDir,
                pluginPath,
                workers,
                workerHeap,
                eventsPerSecond,
                maxEvents,
                duration,
                partitions,
                kafkaPort,
                connectPort,
                help,
                lake,
                livePage,
                pagePort);
    }

    private static Lake lake(String value) {
        try {
            return Lake.valueOf(value.trim().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Option --lake must be file or s3, got '" + value + "'");
        }
    }

    /** A JVM heap size as -Xmx takes it: digits and a unit k, m or g. */
    private static String heap(String option, String value) {
        String size = value.trim().toLowerCase(java.util.Locale.ROOT);
        if (!size.matches("[1-9][0-9]*[kmg]")) {
            throw new IllegalArgumentException(
                    "Option " + option + " must be a heap size such as 768m or 2g, got '" + value + "'");
        }
        return size;
    }

    private static long number(String option, String value, long min, long max) {
        long n;
        try {
            n = Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Option " + option + " needs a number, got '" + value + "'");
        }
        if (n < min || n > max) {
            throw new IllegalArgumentException(
                    "Option " + option + " must be between " + min + " and " + max + ", got " + n);
        }
        return n;
    }
}
