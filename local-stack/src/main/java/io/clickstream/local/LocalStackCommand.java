package io.clickstream.local;

import io.clickstream.local.connect.ConnectorDefinition;
import io.clickstream.local.connect.ConnectorStatus;
import io.clickstream.local.gold.GoldStage;
import io.clickstream.local.gold.SilverSource;
import io.clickstream.local.livepage.LivePageServer;
import io.clickstream.local.livepage.LivePanels;
import io.clickstream.local.objectstore.S3ProxyServer;
import io.clickstream.local.process.ProcessReaper;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * What {@code ./run.sh} does: start the stack, create the connectors from {@code connectors/*.json}, start the Gold
 * stage and the live page, print progress every 2 s, stop on Ctrl-C (via the shutdown hook of {@link ProcessReaper}),
 * after {@code --duration} or on {@link #stop()}.
 */
final class LocalStackCommand {

    /** The simulator's class and the keys {@code --events-per-second} and {@code --max-events} override. */
    static final String SIMULATOR_CLASS_SUFFIX = "ClickstreamSourceConnector";

    static final String EVENTS_PER_SECOND = "events.per.second";
    static final String MAX_EVENTS = "max.events";
    private static final Duration PROGRESS_INTERVAL = Duration.ofSeconds(2);
    private static final Duration DEPLOY_TIMEOUT = Duration.ofSeconds(120);
    /** The gold-spark-job module directory (built): the Gold job's jar and classpath. */
    static final String GOLD_MODULE = "clickstream.gold.module";

    private final PrintStream out;
    private final CountDownLatch stopped = new CountDownLatch(1);

    LocalStackCommand(PrintStream out) {
        this.out = out;
    }

    int run(String... args) {
        LocalStackOptions options;
        try {
            options = LocalStackOptions.parse(args);
        } catch (IllegalArgumentException e) {
            out.println(e.getMessage() + " (see --help)");
            return 2;
        }
        if (options.help()) {
            out.print(LocalStackOptions.USAGE);
            return 0;
        }
        GoldStage gold = null;
        LivePageServer page = null;
        LocalStack stack = LocalStack.builder()
                .dataDir(options.dataDir())
                .pluginPath(options.pluginPath())
                .workers(options.workers())
                .workerHeap(options.workerHeap())
                .kafkaPort(options.kafkaPort())
                .connectPort(options.connectPort())
                .build();
        S3ProxyServer s3 = options.lake() == LocalStackOptions.Lake.S3
                ? S3ProxyServer.onDataDir(
                        stack.dataDir(), stack.dataDir().resolve("logs"), S3ProxyServer.DEFAULT_BUCKET)
                : null;
        List<ConnectorDefinition> connectors;
        try {
            connectors = connectors(options, s3 == null ? c -> c : c -> s3.onLake(c, options.workers()));
        } catch (IllegalArgumentException e) {
            out.println("Error: " + e.getMessage());
            return 2;
        }
        try {
            out.println("Starting the local stack; data under " + stack.dataDir() + ", logs under "
                    + stack.dataDir().resolve("logs"));
            if (s3 != null) {
                s3.start(Duration.ofSeconds(120));
                out.println(
                        "S3 API (S3Proxy): " + s3.endpoint() + ", bucket " + s3.bucket() + " under " + s3.bucketDir());
            }
            stack.start();
            out.println("Kafka: " + stack.bootstrapServers() + "   Connect REST: "
                    + stack.workers().stream().map(w -> w.restUri().toString()).toList());
            gold = deployWithGold(
                    stack,
                    connectors,
                    options.partitions(),
                    Path.of(System.getProperty(GOLD_MODULE, "gold-spark-job")),
                    s3 != null ? s3.silverSource() : SilverSource.onDisk(stack.dataDir()));
            if (connectors.isEmpty()) {
                out.println("No *.json files in " + options.connectorsDir().toAbsolutePath()
                        + ": the broker and worker(s) run without connectors.");
            }
            ProcessReaper.register(gold);
            out.println("PostgreSQL (Gold): " + gold.postgres().psqlCommand() + "   Gold job log: "
                    + stack.dataDir().resolve("logs/gold-job.log"));
            LivePanels panels = new LivePanels(gold.postgres().jdbcUrl(), LivePanels.READER_ROLE);
            if (options.livePage()) {
                page = LivePageServer.start(options.pagePort(), panels);
                out.println("Live page: " + page.uri() + " (Gold's metrics, refreshed every few seconds)");
            }
            out.println("Connectors: "
                    + connectors.stream().map(ConnectorDefinition::name).toList()
                    + ". Progress every 2 s; Ctrl-C stops and keeps the data.");
            CommitStalls stalls = CommitStalls.of(
                    connectors,
                    s3 == null
                            ? CommitStalls::localTable
                            : path -> s3.localPath(path).or(() -> CommitStalls.localTable(path)));
            return reportUntilDone(stack, gold, panels, connectors, stalls, options);
        } catch (RuntimeException e) {
            out.println("Error: " + e.getMessage());
            return 1;
        } finally {
            if (page != null) {
                page.close();
            }
            if (gold != null) {
                ProcessReaper.unregister(gold);
                gold.close();
            }
            stack.close();
            if (s3 != null) {
                s3.close();
            }
        }
    }

    /**
     * Deploys the connectors and starts the Gold stage, in the order they need: a connector that writes to the Gold
     * database ({@link ConnectorDefinition#usesGoldDatabase()}) starts once PostgreSQL runs, pointed at it, and its
     * topics exist before the job starts; the job publishes its rows to the broker only when such a connector exists.
     */
    static GoldStage deployWithGold(
            LocalStack stack, List<ConnectorDefinition> connectors, int partitions, Path goldModule) {
        return deployWithGold(stack, connectors, partitions, goldModule, SilverSource.onDisk(stack.dataDir()));
    }

    /** As {@link #deployWithGold(LocalStack, List, int, Path)}, the job reading Silver from {@code silver}. */
    static GoldStage deployWithGold(
            LocalStack stack,
            List<ConnectorDefinition> connectors,
            int partitions,
            Path goldModule,
            SilverSource silver) {
        List<ConnectorDefinition> intoGold = connectors.stream()
                .filter(ConnectorDefinition::usesGoldDatabase)
                .toList();
        stack.deploy(connectors.stream().filter(c -> !intoGold.contains(c)).toList(), partitions, DEPLOY_TIMEOUT);
        stack.createTopics(intoGold, partitions);
        GoldStage gold = GoldStage.start(
                stack.dataDir(), goldModule, intoGold.isEmpty() ? null : stack.bootstrapServers(), silver);
        try {
            String url = gold.postgres().jdbcUrl();
            String user = gold.postgres().user();
            stack.deploy(
                    intoGold.stream().map(c -> c.withGoldDatabase(url, user)).toList(), partitions, DEPLOY_TIMEOUT);
            return gold;
        } catch (RuntimeException e) {
            gold.close();
            throw e;
        }
    }

    /** Ends a run under way as {@code --duration} would (for tests; a user presses Ctrl-C). */
    void stop() {
        stopped.countDown();
    }

    private int reportUntilDone(
            LocalStack stack,
            GoldStage gold,
            LivePanels panels,
            List<ConnectorDefinition> connectors,
            CommitStalls stalls,
            LocalStackOptions options) {
        Set<String> simulators = new LinkedHashSet<>();
        connectors.stream().filter(LocalStackCommand::isSimulator).forEach(c -> simulators.add(c.name()));
        ProgressReporter progress = new ProgressReporter(stack, simulators, DeadLetterProgress.of(connectors), out);
        progress.alsoWatch(gold::superviseJob);
        progress.alsoWatchCommits(stalls);
        progress.alsoReport(() -> {
            String headline = panels.headline();
            return headline.isEmpty() ? gold.progress() : gold.progress() + " | " + headline;
        });
        ProcessReaper.register(progress); // closed first on Ctrl-C, so no line is printed about stopping processes
        long deadline = options.durationSeconds().isPresent()
                ? System.nanoTime()
                        + TimeUnit.SECONDS.toNanos(options.durationSeconds().getAsLong())
                : Long.MAX_VALUE;
        try {
            while (System.nanoTime() < deadline) {
                if (stopped.await(
                        Math.min(
                                PROGRESS_INTERVAL.toMillis(),
                                Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()))),
                        TimeUnit.MILLISECONDS)) {
                    break;
                }
                progress.report();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            progress.close();
            ProcessReaper.unregister(progress);
        }
        List<String> failed = new ArrayList<>();
        for (Map.Entry<String, ConnectorStatus> e : stack.connectorStatuses().entrySet()) {
            ConnectorStatus s = e.getValue();
            if (s.isFailed() || s.tasks().stream().anyMatch(ConnectorStatus.TaskStatus::isFailed)) {
                failed.add(e.getKey() + " " + s.summary());
            }
        }
        if (!gold.jobAlive()) {
            failed.add(gold.progress());
        }
        if (!failed.isEmpty()) {
            out.println("FAILED connectors: " + failed + " (traces: GET /connectors/<name>/status)");
            return 1;
        }
        out.println("Duration reached; every connector was running. Stopping.");
        return 0;
    }

    /**
     * The connector files moved onto the lake by {@code lake} (which sees the files' own {@code /data} paths: see
     * {@link S3ProxyServer#onLake}), the remaining /data paths mapped to the data directory, the simulator overrides
     * applied.
     */
    static List<ConnectorDefinition> connectors(LocalStackOptions options, UnaryOperator<ConnectorDefinition> lake) {
        List<ConnectorDefinition> result = new ArrayList<>();
        for (ConnectorDefinition definition : ConnectorDefinition.loadAll(options.connectorsDir())) {
            ConnectorDefinition d = lake.apply(definition).withDataDir(options.dataDir());
            if (isSimulator(d)) {
                Map<String, String> overrides = new java.util.HashMap<>();
                options.eventsPerSecond().ifPresent(v -> overrides.put(EVENTS_PER_SECOND, Long.toString(v)));
                options.maxEvents().ifPresent(v -> overrides.put(MAX_EVENTS, Long.toString(v)));
                d = d.with(overrides);
            }
            result.add(d);
        }
        return result;
    }

    static boolean isSimulator(ConnectorDefinition d) {
        return d.connectorClass().endsWith(SIMULATOR_CLASS_SUFFIX);
    }
}
