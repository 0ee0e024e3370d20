package io.clickstream.local.connect;

import io.clickstream.local.process.ManagedProcess;
import io.clickstream.local.process.ProcessLogs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * One distributed-mode Connect worker process of the group {@value #GROUP_ID}: writes
 * {@code <data>/connect/worker-N.properties} and runs {@link ConnectWorkerMain} with it.
 */
public final class ConnectWorker implements AutoCloseable {

    public static final String GROUP_ID = "clickstream-connect";
    public static final String CONFIG_TOPIC = "clickstream-connect-configs";
    public static final String OFFSET_TOPIC = "clickstream-connect-offsets";
    public static final String STATUS_TOPIC = "clickstream-connect-status";
    /** The sink consumers' session timeout: how long a killed worker's sink partitions wait before they move. */
    public static final int SINK_CONSUMER_SESSION_TIMEOUT_MS = 10_000;

    private final int index;
    private final Path propertiesFile;
    private final Map<String, String> properties;
    private final ManagedProcess process;
    private final ConnectRestClient rest;

    public ConnectWorker(
            int index,
            Path dataDir,
            Path logDir,
            String bootstrapServers,
            Path pluginPath,
            int restPort,
            String maxHeap,
            Map<String, String> overrides) {
        this.index = index;
        this.propertiesFile = dataDir.resolve("connect").resolve("worker-" + index + ".properties");
        this.properties = workerProperties(bootstrapServers, pluginPath, restPort);
        this.properties.putAll(overrides);
        this.process = ManagedProcess.builder("connect-worker-" + index, ConnectWorkerMain.class.getName())
                .jvmOption("-Xmx" + maxHeap)
                .jvmOption("-XX:+UseSerialGC")
                .logDir(logDir)
                .arg(propertiesFile)
                .build();
        this.rest = new ConnectRestClient(URI.create("http://localhost:" + restPort + "/"));
    }

    static Map<String, String> workerProperties(String bootstrapServers, Path pluginPath, int restPort) {
        Map<String, String> p = new TreeMap<>();
        p.put("bootstrap.servers", bootstrapServers);
        p.put("group.id", GROUP_ID);
        p.put("config.storage.topic", CONFIG_TOPIC);
        p.put("offset.storage.topic", OFFSET_TOPIC);
        p.put("status.storage.topic", STATUS_TOPIC);
        p.put("config.storage.replication.factor", "1");
        p.put("offset.storage.replication.factor", "1");
        p.put("status.storage.replication.factor", "1");
        p.put("offset.storage.partitions", "5");
        p.put("status.storage.partitions", "3");
        // The clickstream connectors speak JSON strings; a connector may still set its own converters.
        p.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        p.put("value.converter", "org.apache.kafka.connect.storage.StringConverter");
        p.put("plugin.path", pluginPath.toAbsolutePath().toString());
        // The bundle ships ServiceLoader manifests for every plugin: loading them is seconds faster than scanning.
        p.put("plugin.discovery", "service_load");
        p.put("exactly.once.source.support", "enabled");
        p.put("listeners", "http://localhost:" + restPort);
        p.put("rest.advertised.host.name", "localhost");
        p.put("rest.advertised.port", String.valueOf(restPort));
        // Small values so that a local run commits often and a killed worker's tasks move quickly.
        p.put("offset.flush.interval.ms", "5000");
        p.put("scheduled.rebalance.max.delay.ms", "5000");
        p.put("session.timeout.ms", "6000");
        p.put("heartbeat.interval.ms", "1000");
        // The sink tasks' consumers (a group per connector): a killed worker's partitions move once its consumer's
        // session expires, so the consumer's 45 s default would hold them (and, with the eager assignor, every
        // partition of the sink) that long. A connector may still override them (consumer.override.*).
        p.put("consumer.session.timeout.ms", String.valueOf(SINK_CONSUMER_SESSION_TIMEOUT_MS));
        p.put("consumer.heartbeat.interval.ms", "2000");
        p.put("task.shutdown.graceful.timeout.ms", "10000");
        return p;
    }

    public int index() {
        return index;
    }

    public ConnectRestClient rest() {
        return rest;
    }

    public URI restUri() {
        return rest.baseUri();
    }

    /** The id Connect gives this worker in connector and task statuses ({@code worker_id}): its advertised host:port. */
    public String workerId() {
        return restUri().getHost() + ":" + restUri().getPort();
    }

    public ManagedProcess process() {
        return process;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Writes the worker's properties and starts its process without waiting (see {@link #start}). */
    public ConnectWorker launch() {
        if (!process.isAlive()) {
            writeProperties();
            process.start();
        }
        return this;
    }

    /** Starts the worker process (unless it runs) and waits until its REST API serves requests. */
    public ConnectWorker start(Duration timeout) {
        launch();
        try {
            awaitReady(timeout);
        } catch (RuntimeException e) {
            throw new IllegalStateException(
                    e.getMessage() + "\nLast lines of " + process.logFile() + ":\n"
                            + ProcessLogs.tail(process.logFile(), 40),
                    e);
        }
        return this;
    }

    private void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException(
                        "Connect worker " + index + " exited during start-up (exit " + process.exitCode() + ")");
            }
            try {
                rest.awaitReady(Duration.ofSeconds(2));
                return;
            } catch (ConnectRestException e) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(
                            "Connect worker " + index + " did not serve " + restUri() + " within " + timeout.toSeconds()
                                    + " s: " + e.getMessage(),
                            e);
                }
            }
        }
    }

    /** Graceful stop (SIGTERM, then SIGKILL after the timeout). */
    public void stop() {
        process.stop();
    }

    /** SIGKILL, as in a crash: no task is stopped, no offset is flushed, no transaction is finished. */
    public void kill() {
        process.kill();
    }

    /** Stops the worker if it runs and starts it again with the same configuration and port. */
    public ConnectWorker restart(Duration timeout) {
        stop();
        return start(timeout);
    }

    private void writeProperties() {
        Properties props = new Properties();
        props.putAll(properties);
        try {
            Files.createDirectories(propertiesFile.getParent());
            try (Writer out = Files.newBufferedWriter(propertiesFile, StandardCharsets.UTF_8)) {
                props.store(out, "Connect worker " + index + ", generated by the clickstream local stack");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + propertiesFile, e);
        }
    }

    @Override
    public void close() {
        stop();
    }

    @Override
    public String toString() {
        return "connect-worker-" + index + " " + restUri();
    }
}
