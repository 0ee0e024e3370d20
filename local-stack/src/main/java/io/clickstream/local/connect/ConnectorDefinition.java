package io.clickstream.local.connect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * One connector as a user would POST it: a {@code connectors/*.json} file in the REST form
 * ({@code {"name": ..., "config": {...}}}), or a flat config map with a {@code name} key.
 */
public record ConnectorDefinition(String name, Map<String, String> config, Path source) {

    /** The docker-compose layout keeps everything under this directory; a local run maps it to its data dir. */
    public static final String COMPOSE_DATA_DIR = "/data";

    static final String BOOTSTRAP_SERVERS = "bootstrap.servers";
    static final String CONNECTION_URL = "connection.url";

    private static final ObjectMapper JSON = new ObjectMapper();

    public ConnectorDefinition {
        config = Map.copyOf(config);
    }

    /** Every {@code *.json} in the directory, ordered by file name (a stable order: sources before sinks by name). */
    public static List<ConnectorDefinition> loadAll(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("Connectors directory " + dir.toAbsolutePath() + " does not exist");
        }
        try (Stream<Path> files = Files.list(dir)) {
            List<ConnectorDefinition> all = new ArrayList<>();
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".json"))
                    .sorted()
                    .toList()) {
                all.add(load(file));
            }
            return all;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + dir, e);
        }
    }

    public static ConnectorDefinition load(Path file) {
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new IllegalArgumentException("Connector file " + file + " is not valid JSON: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("Connector file " + file + " must hold a JSON object");
        }
        JsonNode configNode = root.has("config") ? root.get("config") : root;
        if (!configNode.isObject()) {
            throw new IllegalArgumentException("Connector file " + file + ": \"config\" must be a JSON object");
        }
        Map<String, String> config = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = configNode.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            // Connect configs are strings; accept numbers and booleans the way the REST API does.
            config.put(
                    e.getKey(),
                    e.getValue().isValueNode()
                            ? e.getValue().asText()
                            : e.getValue().toString());
        }
        String name = root.hasNonNull("name") ? root.get("name").asText() : config.get("name");
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("Connector file " + file + " has no \"name\"");
        }
        config.remove("name");
        if (!config.containsKey("connector.class")) {
            throw new IllegalArgumentException("Connector file " + file + " has no \"connector.class\"");
        }
        return new ConnectorDefinition(name, config, file);
    }

    public String connectorClass() {
        return config.get("connector.class");
    }

    /** Replaces {@code /data} at the start of any value by the given directory (absolute). */
    public ConnectorDefinition withDataDir(Path dataDir) {
        String local = dataDir.toAbsolutePath().normalize().toString();
        Map<String, String> mapped = new LinkedHashMap<>();
        config.forEach((k, v) -> mapped.put(k, mapDataPath(v, local)));
        return new ConnectorDefinition(name, mapped, source);
    }

    static String mapDataPath(String value, String localDataDir) {
        for (String prefix : List.of("file://" + COMPOSE_DATA_DIR, COMPOSE_DATA_DIR)) {
            if (value.equals(prefix) || value.startsWith(prefix + "/")) {
                String scheme = prefix.startsWith("file://") ? "file://" : "";
                return scheme + localDataDir + value.substring(prefix.length());
            }
        }
        return value;
    }

    /**
     * Points the connector's own Kafka clients (its {@code bootstrap.servers}, e.g. the Hudi sink's control topic) at
     * the given brokers; a connector without that key is returned as it is.
     */
    public ConnectorDefinition withBootstrapServers(String servers) {
        return config.containsKey(BOOTSTRAP_SERVERS) ? with(Map.of(BOOTSTRAP_SERVERS, servers)) : this;
    }

    /** Whether the connector writes to a PostgreSQL database ({@code connection.url}): the Gold database here. */
    public boolean usesGoldDatabase() {
        return config.getOrDefault(CONNECTION_URL, "").startsWith("jdbc:postgresql:");
    }

    /**
     * Points a JDBC connector at the local stack's PostgreSQL: its URL and user; the password is dropped, as that
     * server trusts local connections (the file's {@code ${env:...}} names the docker-compose secret).
     */
    public ConnectorDefinition withGoldDatabase(String jdbcUrl, String user) {
        Map<String, String> mapped = new LinkedHashMap<>(config);
        mapped.put(CONNECTION_URL, jdbcUrl);
        mapped.put("connection.username", user);
        mapped.remove("connection.password");
        return new ConnectorDefinition(name, mapped, source);
    }

    /** A copy with the given keys set (an override wins over the file). */
    public ConnectorDefinition with(Map<String, String> overrides) {
        Map<String, String> merged = new LinkedHashMap<>(config);
        merged.putAll(overrides);
        return new ConnectorDefinition(name, merged, source);
    }

    /** Topics this connector reads or writes: {@code topic}, {@code topics} and a dead letter queue topic. */
    public Set<String> topics() {
        Set<String> topics = new LinkedHashSet<>();
        for (String key : List.of("topic", "topics", "errors.deadletterqueue.topic.name")) {
            String value = config.get(key);
            if (value != null) {
                for (String t : value.split(",")) {
                    if (!t.isBlank()) {
                        topics.add(t.trim());
                    }
                }
            }
        }
        return topics;
    }
}
