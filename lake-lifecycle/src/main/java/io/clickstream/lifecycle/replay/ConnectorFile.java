package io.clickstream.lifecycle.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A connector as its JSON file holds it: {@code {"name": ..., "config": {...}}} (what is POSTed to a Connect worker)
 * or the bare config map (what is PUT to {@code /connectors/NAME/config}). The name goes into the config as Connect
 * passes it.
 */
public record ConnectorFile(String name, Map<String, String> config) {

    /** Larger files are refused before they are parsed: a connector's config is a few kilobytes. */
    static final long MAX_BYTES = 1 << 20;

    public static ConnectorFile read(Path file) {
        JsonNode root;
        try {
            long size = Files.size(file);
            if (size > MAX_BYTES) {
                throw new IllegalArgumentException(
                        file + ": " + size + " bytes; a connector file holds at most " + MAX_BYTES);
            }
            root = new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": not a readable JSON file (" + e.getMessage() + ")", e);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException(file + ": a connector file is a JSON object");
        }
        JsonNode configNode = root.has("config") ? root.get("config") : root;
        if (!configNode.isObject()) {
            throw new IllegalArgumentException(file + ": \"config\" is not a JSON object");
        }
        Map<String, String> config = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = configNode.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            JsonNode value = entry.getValue();
            if (value.isContainerNode()) {
                throw new IllegalArgumentException(file + ": config key '" + entry.getKey() + "' holds "
                        + value.getNodeType() + "; values are text");
            }
            config.put(entry.getKey(), value.isNull() ? null : value.asText());
        }
        String name = root.has("name") ? root.get("name").asText() : config.get("name");
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException(file + ": the connector has no \"name\"");
        }
        config.put("name", name);
        return new ConnectorFile(name, config);
    }

    /** Writes a connector's config as its JSON file ({@code {"name", "config"}}), the form {@link #read} reads. */
    public static Path write(Path file, Map<String, String> config) throws IOException {
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = json.createObjectNode();
        root.put("name", config.get("name"));
        root.set("config", json.valueToTree(config));
        Files.writeString(file, json.writeValueAsString(root));
        return file;
    }
}
