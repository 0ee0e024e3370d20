package io.clickstream.local.connect;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small client for the Kafka Connect REST API, doing exactly what a user does with curl.
 *
 * <p>Writes are retried while the worker answers 409 (a rebalance is in progress) or 503 (still starting), because
 * right after a worker starts or another one joins the group those are normal; any other error is thrown at once with
 * the worker's own message.
 */
public final class ConnectRestClient {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectRestClient.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration RETRY_FOR = Duration.ofSeconds(90);

    private final URI baseUri;
    private final HttpClient http;

    public ConnectRestClient(URI baseUri) {
        this.baseUri = URI.create(baseUri.toString().replaceAll("/+$", "") + "/");
        this.http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    public URI baseUri() {
        return baseUri;
    }

    /** Plugins the worker found on its plugin.path and classpath ({@code GET /connector-plugins}). */
    public List<ConnectorPlugin> connectorPlugins() {
        JsonNode array = send("GET", "connector-plugins?connectorsOnly=false", null);
        List<ConnectorPlugin> plugins = new ArrayList<>();
        array.forEach(p -> plugins.add(new ConnectorPlugin(
                p.path("class").asText(),
                p.path("type").asText(),
                p.path("version").asText())));
        return plugins;
    }

    public List<String> connectors() {
        List<String> names = new ArrayList<>();
        send("GET", "connectors", null).forEach(n -> names.add(n.asText()));
        return names;
    }

    /** Creates the connector or updates its configuration ({@code PUT /connectors/{name}/config}); idempotent. */
    public void putConnectorConfig(String name, Map<String, String> config) {
        send("PUT", "connectors/" + encode(name) + "/config", config);
    }

    /**
     * The worker's validation of a config ({@code PUT /connector-plugins/{class}/config/validate}): every key's value
     * (PASSWORD keys masked by Connect) and errors.
     */
    public JsonNode validate(String connectorClass, Map<String, String> config) {
        return send("PUT", "connector-plugins/" + encode(connectorClass) + "/config/validate", config);
    }

    public ConnectorStatus status(String name) {
        JsonNode s = send("GET", "connectors/" + encode(name) + "/status", null);
        List<ConnectorStatus.TaskStatus> tasks = new ArrayList<>();
        s.path("tasks")
                .forEach(t -> tasks.add(new ConnectorStatus.TaskStatus(
                        t.path("id").asInt(),
                        t.path("state").asText(),
                        t.path("worker_id").asText(),
                        textOrNull(t.get("trace")))));
        JsonNode c = s.path("connector");
        return new ConnectorStatus(
                s.path("name").asText(name),
                c.path("state").asText(),
                c.path("worker_id").asText(),
                textOrNull(c.get("trace")),
                tasks);
    }

    /** The offsets Connect keeps for the connector ({@code GET /connectors/{name}/offsets}). */
    public JsonNode offsets(String name) {
        return send("GET", "connectors/" + encode(name) + "/offsets", null);
    }

    public void restart(String name, boolean includeTasks, boolean onlyFailed) {
        send(
                "POST",
                "connectors/" + encode(name) + "/restart?includeTasks=" + includeTasks + "&onlyFailed=" + onlyFailed,
                null);
    }

    public void restartTask(String name, int task) {
        send("POST", "connectors/" + encode(name) + "/tasks/" + task + "/restart", null);
    }

    public void pause(String name) {
        send("PUT", "connectors/" + encode(name) + "/pause", null);
    }

    public void resume(String name) {
        send("PUT", "connectors/" + encode(name) + "/resume", null);
    }

    public void delete(String name) {
        send("DELETE", "connectors/" + encode(name), null);
    }

    /** Waits until the REST API answers {@code GET /connectors}, i.e. the worker joined its group and is serving. */
    public void awaitReady(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            try {
                connectors();
                return;
            } catch (ConnectRestException e) {
                if (Instant.now().isAfter(deadline)) {
                    throw new ConnectRestException(
                            "The Connect worker at " + baseUri + " did not become ready within " + timeout.toSeconds()
                                    + " s: " + e.getMessage(),
                            e);
                }
                sleep(250);
            }
        }
    }

    /**
     * Waits until the connector and all its tasks are RUNNING. Fails at once, with the worker's stack trace, when the
     * connector or a task is FAILED; fails with the last seen state when the timeout passes.
     */
    public ConnectorStatus awaitRunning(String name, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        String last = "no status yet";
        while (Instant.now().isBefore(deadline)) {
            try {
                ConnectorStatus status = status(name);
                if (status.isFailed()) {
                    throw new ConnectorFailedException(
                            "Connector " + name + " FAILED on " + status.workerId() + ":\n" + status.trace());
                }
                for (ConnectorStatus.TaskStatus task : status.tasks()) {
                    if (task.isFailed()) {
                        throw new ConnectorFailedException("Task " + name + "-" + task.id() + " FAILED on "
                                + task.workerId() + ":\n" + task.trace());
                    }
                }
                if (status.isRunning()) {
                    return status;
                }
                last = status.summary();
            } catch (ConnectRestException e) {
                last = e.getMessage(); // 404 right after creation: the status is not written yet
            }
            sleep(250);
        }
        throw new ConnectorFailedException(
                "Connector " + name + " was not RUNNING within " + timeout.toSeconds() + " s; last status: " + last);
    }

    private JsonNode send(String method, String path, Object body) {
        Instant deadline = Instant.now().plus(RETRY_FOR);
        while (true) {
            try {
                return sendOnce(method, path, body);
            } catch (ConnectRestException e) {
                boolean retriable = e.status() == 409 || e.status() == 503 || e.status() == -1;
                // Reads are cheap to repeat by the caller; only writes wait out rebalances here.
                if (!retriable || "GET".equals(method) || Instant.now().isAfter(deadline)) {
                    throw e;
                }
                LOG.debug("{} {} answered {}; retrying", method, path, e.getMessage());
                sleep(500);
            }
        }
    }

    private JsonNode sendOnce(String method, String path, Object body) {
        URI uri = baseUri.resolve(path);
        HttpRequest.BodyPublisher publisher;
        try {
            publisher = body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Cannot serialize the request body for " + uri, e);
        }
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(90))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .method(method, publisher)
                .build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new ConnectRestException(method + " " + uri + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectRestException(method + " " + uri + " interrupted", e);
        }
        String text = response.body();
        if (response.statusCode() >= 300) {
            throw new ConnectRestException(
                    response.statusCode(),
                    method + " " + uri + " -> " + response.statusCode() + ": " + errorMessage(text));
        }
        try {
            return text == null || text.isBlank() ? JSON.nullNode() : JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new ConnectRestException(method + " " + uri + " returned no JSON: " + text, e);
        }
    }

    private static String errorMessage(String body) {
        try {
            JsonNode node = JSON.readTree(body);
            if (node != null && node.hasNonNull("message")) {
                return node.get("message").asText();
            }
        } catch (JsonProcessingException | RuntimeException ignored) {
            // not JSON (e.g. Jetty's own HTML error page): show it as it is
        }
        return body;
    }

    private static String textOrNull(JsonNode node) {
        return node == null || node.isNull() ? null : node.asText();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectRestException("Interrupted while talking to the Connect worker", e);
        }
    }

    /** One entry of {@code GET /connector-plugins}. */
    public record ConnectorPlugin(String className, String type, String version) {}

    /** A connector or task reached FAILED, or never reached RUNNING. */
    public static final class ConnectorFailedException extends RuntimeException {
        public ConnectorFailedException(String message) {
            super(message);
        }
    }
}
