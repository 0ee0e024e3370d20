package io.clickstream.local.bench;

import java.nio.file.Path;

/** The options of {@link SustainedPipelineBenchmark} ({@code bench/sustained-pipeline.sh --help}). */
record SustainedPipelineOptions(
        long rate,
        long durationSeconds,
        long warmupSeconds,
        long sampleSeconds,
        int workers,
        String workerHeap,
        int partitions,
        Path dataDir,
        Path connectorsDir,
        Path goldModule,
        Path out,
        Path tablesModule,
        long drainTimeoutSeconds,
        boolean skipCount,
        String command,
        String revision) {

    static final String USAGE = """
            Usage: bench/sustained-pipeline.sh [options]
              --rate N              simulator events/s                                   [5000]
              --duration SECONDS    how long the simulator runs at the rate               [600]
              --warmup SECONDS      first seconds left out of CPU, lag and freshness      [120]
              --sample-seconds N    seconds between lag and CPU samples                   [5]
              --workers N           Connect workers                                       [1]
              --worker-heap SIZE    each worker's -Xmx                                    [the launcher's, 2g]
              --partitions N        partitions of the events topic                        [6]
              --data-dir DIR        the stack's data directory (deleted first)            [local-stack/target/bench/sustained]
              --connectors DIR      the connector files                                   [connectors]
              --tables-module DIR   the built hudi-table-tools module (Spark counts)      [hudi-table-tools]
              --drain-timeout SEC   how long the sinks and Gold may take to catch up      [600]
              --no-count            skip counting Bronze and Silver with Spark
            """;

    static SustainedPipelineOptions parse(String... args) {
        long rate = 5000;
        long duration = 600;
        long warmup = 120;
        long sample = 5;
        int workers = 1;
        String workerHeap = io.clickstream.local.LocalStackOptions.DEFAULT_WORKER_HEAP;
        int partitions = 6;
        Path dataDir = Path.of("local-stack/target/bench/sustained");
        Path connectors = Path.of("connectors");
        Path goldModule = null;
        Path out = Path.of("local-stack/target/bench/sustained-pipeline.md");
        Path tablesModule = Path.of("hudi-table-tools");
        long drain = 600;
        boolean skipCount = false;
        String command = "bench/sustained-pipeline.sh";
        String revision = "unknown";
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            if (option.equals("--no-count")) {
                skipCount = true;
                continue;
            }
            if (option.equals("--help")) {
                System.out.print(USAGE);
                System.exit(0);
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("option " + option + " needs a value\n" + USAGE);
            }
            String value = args[++i];
            switch (option) {
                case "--rate" -> rate = number(option, value, 1);
                case "--duration" -> duration = number(option, value, 1);
                case "--warmup" -> warmup = number(option, value, 0);
                case "--sample-seconds" -> sample = number(option, value, 1);
                case "--workers" -> workers = (int) number(option, value, 1);
                case "--worker-heap" -> workerHeap = value;
                case "--partitions" -> partitions = (int) number(option, value, 1);
                case "--data-dir" -> dataDir = Path.of(value);
                case "--connectors" -> connectors = Path.of(value);
                case "--gold-module" -> goldModule = Path.of(value);
                case "--out" -> out = Path.of(value);
                case "--tables-module" -> tablesModule = Path.of(value);
                case "--drain-timeout" -> drain = number(option, value, 1);
                case "--command" -> command = value;
                case "--revision" -> revision = value;
                default -> throw new IllegalArgumentException("unknown option " + option + "\n" + USAGE);
            }
        }
        if (warmup >= duration) {
            throw new IllegalArgumentException("--warmup " + warmup + " must be shorter than --duration " + duration);
        }
        if (goldModule == null) {
            throw new IllegalArgumentException("--gold-module is required (the built gold-spark-job directory)");
        }
        return new SustainedPipelineOptions(
                rate,
                duration,
                warmup,
                sample,
                workers,
                workerHeap,
                partitions,
                dataDir,
                connectors,
                goldModule,
                out,
                tablesModule,
                drain,
                skipCount,
                command,
                revision);
    }

    private static long number(String option, String value, long min) {
        long n;
        try {
            n = Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("option " + option + " needs a number, got '" + value + "'");
        }
        if (n < min) {
            throw new IllegalArgumentException("option " + option + " must be at least " + min + ", got " + n);
        }
        return n;
    }
}
