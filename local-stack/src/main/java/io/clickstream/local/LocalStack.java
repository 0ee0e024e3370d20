package io.clickstream.local;

import io.clickstream.local.broker.KafkaBroker;
import io.clickstream.local.connect.ConnectRestClient;
import io.clickstream.local.connect.ConnectRestException;
import io.clickstream.local.connect.ConnectWorker;
import io.clickstream.local.connect.ConnectorDefinition;
import io.clickstream.local.connect.ConnectorStatus;
import io.clickstream.local.process.ProcessReaper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local stack: one KRaft Kafka broker and N distributed Connect workers, each its own process, with the plugin
 * bundle as the workers' plugin.path and all state under one data directory. Used by {@link #main} (the
 * {@code run.sh} command) and by the integration tests, so both run exactly the same parts.
 *
 * <pre>{@code
 * try (LocalStack stack = LocalStack.builder().dataDir(dir).workers(2).build().start()) {
 *     stack.connect().putConnectorConfig("sim", config);
 *     stack.worker(0).kill();
 * }
 * }</pre>
 *
 * <p>Layout of the data directory: {@code kafka/} (broker logs and cluster id), {@code connect/worker-N.properties},
 * {@code logs/<process>.log}, and whatever the connectors write (their {@code /data/...} paths are mapped here).
 */
public final class LocalStack implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalStack.class);

    private final Builder settings;
    private final Path dataDir;
    private final KafkaBroker broker;
    private final List<ConnectWorker> workers = new ArrayList<>();
    private Admin admin;

    private LocalStack(Builder b) {
        this.settings = b;
        this.dataDir = b.dataDir.toAbsolutePath().normalize();
        Path logDir = dataDir.resolve("logs");
        this.broker = new KafkaBroker(dataDir, logDir, port(b.kafkaPort, "Kafka"), FreePorts.any(), b.brokerHeap);
        int restPort = b.connectPort;
        for (int i = 0; i < b.workers; i++) {
            int port = port(restPort == 0 ? 0 : restPort + i, "Connect REST");
            workers.add(new ConnectWorker(
                    i,
                    dataDir,
                    logDir,
                    broker.bootstrapServers(),
                    b.pluginPath,
                    port,
                    b.workerHeap,
                    b.workerOverrides));
        }
    }

    /** The {@code run.sh} command; see {@link LocalStackOptions} for the options. */
    public static void main(String[] args) {
        System.exit(new LocalStackCommand(System.out).run(args));
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The wanted port if free, else any free port (0 means any). */
    private static int port(int wanted, String what) {
        if (wanted == 0) {
            return FreePorts.any();
        }
        if (FreePorts.isFree(wanted)) {
            return wanted;
        }
        int other = FreePorts.any();
        LOG.warn("{} port {} is in use; using {} instead", what, wanted, other);
        return other;
    }

    /** Starts the broker, then all workers (in parallel), and waits until every REST API serves requests. */
    public LocalStack start() {
        ProcessReaper.register(this); // a start that fails half-way still stops what it started
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the data directory " + dataDir, e);
        }
        if (!Files.isDirectory(settings.pluginPath)) {
            throw new IllegalStateException("Plugin path " + settings.pluginPath + " does not exist: build the plugin"
                    + " bundle first (mvn -B -DskipTests install, or ./run.sh --rebuild)");
        }
        long started = System.nanoTime();
        broker.start(settings.startTimeout);
        LOG.info("Kafka broker ready at {} in {} ms", bootstrapServers(), elapsedMillis(started));
        // Start all worker JVMs first, then wait: plugin scanning is the slow part and overlaps.
        workers.forEach(ConnectWorker::launch);
        for (ConnectWorker worker : workers) {
            worker.start(settings.startTimeout);
        }
        LOG.info(
                "{} Connect worker(s) ready at {} in {} ms",
                workers.size(),
                workers.stream().map(w -> w.restUri().toString()).toList(),
                elapsedMillis(started));
        // Again, now newer than the processes: at JVM exit the stack closes first, in order, with its admin client.
        ProcessReaper.register(this);
        return this;
    }

    private static long elapsedMillis(long startNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }

    public Path dataDir() {
        return dataDir;
    }

    public String bootstrapServers() {
        return broker.bootstrapServers();
    }

    public KafkaBroker broker() {
        return broker;
    }

    public ConnectWorker worker(int index) {
        return workers.get(index);
    }

    public List<ConnectWorker> workers() {
        return List.copyOf(workers);
    }

    /** A REST client of the first worker that is alive (any worker forwards writes to the leader). */
    public ConnectRestClient connect() {
        return workers.stream()
                .filter(ConnectWorker::isAlive)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("No Connect worker is running"))
                .rest();
    }

    /** An admin client for the broker, owned by the stack (closed with it). */
    public synchronized Admin admin() {
        if (admin == null) {
            admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()));
        }
        return admin;
    }

    /** Creates the topic with replication 1 unless it exists already. */
    public void createTopic(String name, int partitions) {
        try {
            admin().createTopics(List.of(new NewTopic(name, partitions, (short) 1)))
                    .all()
                    .get(30, TimeUnit.SECONDS);
            LOG.info("Created topic {} with {} partitions", name, partitions);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("Cannot create topic " + name + ": " + e.getCause(), e.getCause());
            }
        } catch (Exception e) {
            throw new IllegalStateException("Cannot create topic " + name + ": " + e, e);
        }
    }

    /** Creates the topics the connectors name (read, write, dead letters), unless they exist. */
    public void createTopics(Collection<ConnectorDefinition> definitions, int partitions) {
        for (ConnectorDefinition definition : definitions) {
            definition.topics().forEach(topic -> createTopic(topic, partitions));
        }
    }

    /**
     * Creates (or updates) each connector the way a user does, {@code PUT /connectors/{name}/config}, after creating
     * the topics it names, then waits until all are RUNNING. A connector the workers cannot create (e.g. its plugin is
     * not in the bundle) fails here with the worker's message and the file it came from.
     */
    public void deploy(Collection<ConnectorDefinition> files, int partitions, Duration timeout) {
        // The files name the docker-compose broker; the connectors' own clients must reach this stack's broker.
        List<ConnectorDefinition> definitions = files.stream()
                .map(d -> d.withBootstrapServers(bootstrapServers()))
                .toList();
        createTopics(definitions, partitions);
        ConnectRestClient rest = connect();
        for (ConnectorDefinition definition : definitions) {
            try {
                rest.putConnectorConfig(definition.name(), definition.config());
            } catch (ConnectRestException e) {
                String hint = e.getMessage().contains("Failed to find any class")
                        ? "\nIs the plugin in the bundle on the workers' plugin.path ("
                                + settings.pluginPath.toAbsolutePath()
                                + ")? Rebuild with ./run.sh --rebuild, or remove "
                                + definition.source().getFileName()
                        : "";
                throw new IllegalStateException(
                        "Cannot create connector '" + definition.name() + "' from " + definition.source() + " ("
                                + definition.connectorClass() + "): " + e.getMessage() + hint,
                        e);
            }
            LOG.info(
                    "Created connector {} ({}) from {}",
                    definition.name(),
                    definition.connectorClass(),
                    definition.source());
        }
        for (ConnectorDefinition definition : definitions) {
            ConnectorStatus status = rest.awaitRunning(definition.name(), timeout);
            LOG.info("Connector {} is {}", definition.name(), status.summary());
        }
    }

    /** Stops the workers first (so tasks commit and release their work), then the broker; data stays on disk. */
    @Override
    public synchronized void close() {
        ProcessReaper.unregister(this);
        List<ConnectWorker> reversed = new ArrayList<>(workers);
        java.util.Collections.reverse(reversed);
        // Stop workers in parallel: each may wait for its tasks' graceful shutdown.
        List<Thread> stoppers = reversed.stream()
                .map(w -> new Thread(w::stop, "stop-" + w.process().name()))
                .toList();
        stoppers.forEach(Thread::start);
        for (Thread t : stoppers) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (admin != null) {
            admin.close(Duration.ofSeconds(5));
            admin = null;
        }
        broker.close();
        workers.forEach(w -> ProcessReaper.unregister(w.process()));
        ProcessReaper.unregister(broker.process());
        LOG.info("Local stack stopped; data kept under {}", dataDir);
    }

    public static final class Builder {
        private Path dataDir = Path.of("data");
        private int workers = 1;
        private Path pluginPath = defaultPluginPath();
        private int kafkaPort;
        private int connectPort;
        private String brokerHeap = "512m";
        private String workerHeap = "768m";
        private Duration startTimeout = Duration.ofSeconds(120);
        private final Map<String, String> workerOverrides = new HashMap<>();

        private Builder() {}

        /**
         * The unpacked bundle: {@code clickstream.plugin.path} when set (tests), else {@code local-stack/target/plugins}
         * from the repository root, else {@code target/plugins} from the module directory.
         */
        static Path defaultPluginPath() {
            String configured = System.getProperty("clickstream.plugin.path");
            if (configured != null && !configured.isBlank()) {
                return Path.of(configured);
            }
            Path fromRoot = Path.of("local-stack", "target", "plugins");
            return Files.isDirectory(fromRoot) ? fromRoot : Path.of("target", "plugins");
        }

        public Builder dataDir(Path dir) {
            this.dataDir = Objects.requireNonNull(dir);
            return this;
        }

        public Builder workers(int count) {
            if (count < 1) {
                throw new IllegalArgumentException("workers must be at least 1, was " + count);
            }
            this.workers = count;
            return this;
        }

        public Builder pluginPath(Path path) {
            this.pluginPath = Objects.requireNonNull(path);
            return this;
        }

        /** The broker's client port; 0 (the default) picks a free one. */
        public Builder kafkaPort(int port) {
            this.kafkaPort = port;
            return this;
        }

        /** The first worker's REST port (worker i gets port + i); 0 (the default) picks free ones. */
        public Builder connectPort(int port) {
            this.connectPort = port;
            return this;
        }

        public Builder brokerHeap(String heap) {
            this.brokerHeap = heap;
            return this;
        }

        public Builder workerHeap(String heap) {
            this.workerHeap = heap;
            return this;
        }

        /** Extra or changed worker properties, e.g. a shorter {@code offset.flush.interval.ms}. */
        public Builder workerProperty(String key, String value) {
            workerOverrides.put(key, value);
            return this;
        }

        public Builder startTimeout(Duration timeout) {
            this.startTimeout = timeout;
            return this;
        }

        public LocalStack build() {
            return new LocalStack(this);
        }
    }

    /** Statuses of all connectors the workers know, by name; unreachable workers give an empty map. */
    public Map<String, ConnectorStatus> connectorStatuses() {
        Map<String, ConnectorStatus> all = new java.util.TreeMap<>();
        try {
            ConnectRestClient rest = connect();
            for (String name : rest.connectors()) {
                try {
                    all.put(name, rest.status(name));
                } catch (ConnectRestException e) {
                    LOG.debug("No status for {}: {}", name, e.getMessage());
                }
            }
        } catch (RuntimeException e) {
            LOG.debug("Cannot read connector statuses: {}", e.getMessage());
        }
        return all;
    }

    /** Topic names that are not Kafka's or Connect's internal ones. */
    public Set<String> userTopics() throws Exception {
        return admin().listTopics().names().get(10, TimeUnit.SECONDS).stream()
                .filter(t -> !t.startsWith("__") && !t.startsWith(ConnectWorker.GROUP_ID + "-"))
                .collect(java.util.stream.Collectors.toCollection(java.util.TreeSet::new));
    }
}
