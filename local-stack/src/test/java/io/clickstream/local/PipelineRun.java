package io.clickstream.local;

import io.clickstream.local.connect.ConnectWorker;
import io.clickstream.local.connect.ConnectorDefinition;
import io.clickstream.local.gold.GoldStage;
import io.clickstream.local.process.ProcessReaper;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The whole pipeline as {@code ./run.sh} starts it, for benchmarks outside this package: the broker, the worker(s),
 * every {@code connectors/*.json} with the simulator's rate overridden, PostgreSQL and the Gold job
 * ({@link LocalStackCommand#deployWithGold}), and the exact count of events the simulator has written
 * ({@link SimulatorEvents}). {@link #close()} stops Gold, then the stack; the data stays on disk.
 */
public final class PipelineRun implements AutoCloseable {

    private final LocalStack stack;
    private final GoldStage gold;
    private final List<ConnectorDefinition> connectors;
    private final SimulatorEvents events;

    private PipelineRun(LocalStack stack, GoldStage gold, List<ConnectorDefinition> connectors) {
        this.stack = stack;
        this.gold = gold;
        this.connectors = connectors;
        Set<String> simulators = new LinkedHashSet<>();
        connectors.stream().filter(LocalStackCommand::isSimulator).forEach(c -> simulators.add(c.name()));
        this.events = new SimulatorEvents(stack.bootstrapServers(), ConnectWorker.OFFSET_TOPIC, simulators);
    }

    /**
     * Starts everything on free ports; {@code runOptions} are {@code ./run.sh} options ({@code --data-dir},
     * {@code --workers}, {@code --worker-heap}, {@code --events-per-second}, {@code --connectors}, {@code --partitions}).
     */
    public static PipelineRun start(Path goldModule, String... runOptions) {
        LocalStackOptions options = LocalStackOptions.parse(runOptions);
        // The lake on the local disk, as ./run.sh keeps it by default.
        List<ConnectorDefinition> connectors = LocalStackCommand.connectors(options, UnaryOperator.identity());
        LocalStack stack = LocalStack.builder()
                .dataDir(options.dataDir())
                .pluginPath(options.pluginPath())
                .workers(options.workers())
                .workerHeap(options.workerHeap())
                .kafkaPort(0)
                .connectPort(0)
                .build();
        try {
            stack.start();
            GoldStage gold = LocalStackCommand.deployWithGold(stack, connectors, options.partitions(), goldModule);
            PipelineRun run = new PipelineRun(stack, gold, connectors);
            ProcessReaper.register(run); // a Ctrl-C stops Gold and PostgreSQL too, not only the stack's JVMs
            return run;
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
    }

    public LocalStack stack() {
        return stack;
    }

    public GoldStage gold() {
        return gold;
    }

    /** The connectors as deployed (data paths mapped, simulator overrides applied). */
    public List<ConnectorDefinition> connectors() {
        return connectors;
    }

    public static boolean isSimulator(ConnectorDefinition d) {
        return LocalStackCommand.isSimulator(d);
    }

    /** The events the simulators have written so far, exactly (their committed source offsets). */
    public long events(Duration timeout) {
        return events.count(timeout);
    }

    @Override
    public void close() {
        ProcessReaper.unregister(this);
        events.close();
        try {
            gold.close();
        } finally {
            stack.close();
        }
    }
}
