package io.clickstream.local.broker;

import io.clickstream.local.process.ParentWatchdog;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one single-node KRaft Kafka broker (broker and controller in one process) in its own JVM.
 *
 * <p>Usage: {@code KafkaBrokerMain <server.properties> <cluster-id-file>}. The storage is formatted on first start with
 * a cluster id that is kept in the cluster-id file, so a restart on the same data directory reuses the formatted log
 * directory and all its data. Prints {@value #READY_LINE} once the server has started.
 */
public final class KafkaBrokerMain {

    public static final String READY_LINE = "KAFKA BROKER READY";
    private static final Logger LOG = LoggerFactory.getLogger(KafkaBrokerMain.class);

    private KafkaBrokerMain() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("Usage: KafkaBrokerMain <server.properties> <cluster-id-file>");
            System.exit(2);
        }
        ParentWatchdog.watchParent();
        Path propertiesFile = Path.of(args[0]);
        String clusterId = clusterId(Path.of(args[1]));
        format(propertiesFile, clusterId);

        Properties props = new Properties();
        try (InputStream in = Files.newInputStream(propertiesFile)) {
            props.load(in);
        }
        KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            LOG.info("Shutting down the Kafka broker");
                            server.shutdown();
                            server.awaitShutdown();
                        },
                        "kafka-broker-shutdown"));
        server.startup();
        LOG.info("Kafka broker started: cluster {}, listeners {}", clusterId, props.getProperty("listeners"));
        System.out.println(READY_LINE);
        System.out.flush();
        server.awaitShutdown();
    }

    /** The cluster id stored next to the data; created once, so a restart finds its formatted storage again. */
    static String clusterId(Path file) throws IOException {
        if (Files.exists(file)) {
            return Files.readString(file, StandardCharsets.UTF_8).trim();
        }
        String id = Uuid.randomUuid().toString();
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, id + System.lineSeparator(), StandardCharsets.UTF_8);
        return id;
    }

    private static void format(Path propertiesFile, String clusterId) {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        int rc;
        try (PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8)) {
            // execute(), not main(): main() exits the JVM. --ignore-formatted makes a restart a no-op here.
            rc = StorageTool.execute(
                    new String[] {"format", "-t", clusterId, "-c", propertiesFile.toString(), "--ignore-formatted"},
                    out);
        }
        String text = output.toString(StandardCharsets.UTF_8).trim();
        if (rc != 0) {
            throw new IllegalStateException("Formatting the Kafka storage failed (exit " + rc + "): " + text);
        }
        LOG.info("Kafka storage: {}", text);
    }
}
