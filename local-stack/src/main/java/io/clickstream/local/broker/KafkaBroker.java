package io.clickstream.local.broker;

import io.clickstream.local.process.ManagedProcess;
import io.clickstream.local.process.ProcessLogs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The launcher's side of the broker: writes {@code <data>/kafka/server.properties} for a single-node KRaft broker,
 * runs {@link KafkaBrokerMain} as a child process and waits until it answers on its port.
 */
public final class KafkaBroker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaBroker.class);

    private final Path dir;
    private final int port;
    private final int controllerPort;
    private final ManagedProcess process;

    public KafkaBroker(Path dataDir, Path logDir, int port, int controllerPort, String maxHeap) {
        this.dir = dataDir.resolve("kafka");
        this.port = port;
        this.controllerPort = controllerPort;
        this.process = ManagedProcess.builder("kafka-broker", KafkaBrokerMain.class.getName())
                .jvmOption("-Xmx" + maxHeap)
                .jvmOption("-XX:+UseSerialGC")
                .logDir(logDir)
                .arg(dir.resolve("server.properties"))
                .arg(dir.resolve("cluster.id"))
                .build();
    }

    public String bootstrapServers() {
        return "localhost:" + port;
    }

    /**
     * The bootstrap address of the broker last started on {@code dataDir}, from the {@code advertised.listeners} of its
     * {@code kafka/server.properties} (rewritten at every start); for a tool that talks to a running stack.
     */
    public static String bootstrapServersOf(Path dataDir) {
        Path file = dataDir.resolve("kafka").resolve("server.properties");
        Properties props = new Properties();
        try (var in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            props.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "No broker configuration " + file + " (has ./run.sh started a stack on " + dataDir + "?)", e);
        }
        String listeners = props.getProperty("advertised.listeners", "");
        for (String listener : listeners.split(",")) {
            if (listener.strip().startsWith("PLAINTEXT://")) {
                return listener.strip().substring("PLAINTEXT://".length());
            }
        }
        throw new IllegalStateException("No PLAINTEXT listener in advertised.listeners='" + listeners + "' of " + file);
    }

    public ManagedProcess process() {
        return process;
    }

    /** Server properties for one node that is broker and controller; every internal topic gets replication 1. */
    Map<String, String> serverProperties() {
        Map<String, String> p = new TreeMap<>();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@localhost:" + controllerPort);
        p.put("listeners", "PLAINTEXT://localhost:" + port + ",CONTROLLER://localhost:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://localhost:" + port);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("log.dirs", dir.resolve("logs").toAbsolutePath().toString());
        p.put("num.partitions", "1");
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "10");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "10");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        // One node: nobody else will join the group, so do not wait for them.
        p.put("group.initial.rebalance.delay.ms", "0");
        return p;
    }

    public KafkaBroker start(Duration timeout) {
        writeServerProperties();
        process.start();
        awaitReady(timeout);
        return this;
    }

    private void writeServerProperties() {
        Properties props = new Properties();
        props.putAll(serverProperties());
        try {
            Files.createDirectories(dir);
            try (Writer out = Files.newBufferedWriter(dir.resolve("server.properties"), StandardCharsets.UTF_8)) {
                props.store(out, "Generated by the clickstream local stack; rewritten on every start");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the broker configuration under " + dir, e);
        }
    }

    private void awaitReady(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        // Wait for the port first: an admin client on a closed port only fills the terminal with warnings.
        while (!portOpen()) {
            checkAlive(deadline, timeout);
            sleep(100);
        }
        Map<String, Object> adminProps = Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000);
        try (Admin admin = Admin.create(adminProps)) {
            while (true) {
                checkAlive(deadline, timeout);
                try {
                    admin.describeCluster().nodes().get(3, TimeUnit.SECONDS);
                    LOG.info("Kafka broker is up at {}", bootstrapServers());
                    return;
                } catch (Exception notYet) {
                    sleep(200);
                }
            }
        }
    }

    private void checkAlive(Instant deadline, Duration timeout) {
        if (!process.isAlive()) {
            throw new IllegalStateException("The Kafka broker exited during start-up (exit "
                    + process.exitCode() + "). Last lines of " + process.logFile() + ":\n"
                    + ProcessLogs.tail(process.logFile(), 40));
        }
        if (Instant.now().isAfter(deadline)) {
            throw new IllegalStateException("The Kafka broker did not answer on " + bootstrapServers()
                    + " within " + timeout.toSeconds() + " s. Last lines of " + process.logFile() + ":\n"
                    + ProcessLogs.tail(process.logFile(), 40));
        }
    }

    private boolean portOpen() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("localhost", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the Kafka broker", e);
        }
    }

    @Override
    public void close() {
        process.stop();
    }
}
