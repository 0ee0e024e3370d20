package io.clickstream.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.clickstream.local.connect.ConnectRestClient;
import io.clickstream.local.connect.ConnectorStatus;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The simulator in a real Connect cluster (two worker processes, exactly-once source support) created through the
 * REST API from the plugin bundle, read back by a read_committed consumer.
 */
class SimulatorConnectorIT {

    static final List<String> REQUIRED_FIELDS = List.of(
            "event_id",
            "event_type",
            "user_id",
            "session_id",
            "timestamp",
            "page_url",
            "referrer",
            "ip_address",
            "user_agent",
            "device");
    private static final ObjectMapper JSON = new ObjectMapper();

    private static LocalStack stack;

    @BeforeAll
    static void start() {
        stack = TestStacks.builder("SimulatorConnectorIT").workers(2).build().start();
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void theWorkerLoadsTheSimulatorFromTheBundleOnly() {
        List<ConnectRestClient.ConnectorPlugin> plugins = stack.connect().connectorPlugins();

        assertThat(plugins).anySatisfy(p -> {
            assertThat(p.className()).isEqualTo(SimulatorConfigs.CONNECTOR_CLASS);
            assertThat(p.type()).isEqualTo("source");
        });
        // Not on the classpath the workers share with this JVM: the worker found it through plugin.path.
        assertThatThrownBy(() -> Class.forName(SimulatorConfigs.CONNECTOR_CLASS))
                .isInstanceOf(ClassNotFoundException.class);
    }

    @Test
    void producesExactlyMaxEventsValidEventsKeyedBySession() throws Exception {
        String topic = "sim_exact";
        int n = 20_000;
        stack.createTopic(topic, 6);
        ConnectRestClient rest = stack.connect();
        rest.putConnectorConfig("sim-exact", SimulatorConfigs.bounded(topic, n, 0));
        rest.awaitRunning("sim-exact", Duration.ofSeconds(60));

        List<ConsumerRecord<String, String>> records;
        try (TopicReader reader = new TopicReader(stack.bootstrapServers(), topic)) {
            reader.readAtLeast(n, Duration.ofSeconds(90), () -> statusOf("sim-exact"));
            awaitNoMoreThan(reader, n);
            records = reader.records();
        }

        assertThat(records).hasSize(n);
        Set<String> eventIds = new HashSet<>();
        for (ConsumerRecord<String, String> record : records) {
            JsonNode event = JSON.readTree(record.value());
            assertThat(REQUIRED_FIELDS)
                    .allSatisfy(f -> assertThat(event.hasNonNull(f))
                            .as("%s in %s", f, event)
                            .isTrue());
            assertThat(record.key()).isEqualTo(event.get("session_id").asText());
            eventIds.add(event.get("event_id").asText());
        }
        assertThat(eventIds).hasSize(n);
        rest.delete("sim-exact");
    }

    /**
     * A worker that runs a simulator task is SIGKILLed mid-run and started again. The simulator is deterministic (same
     * seed, simulated clock) and resumes from its committed offset, so the crashed run must hold exactly the events of
     * an uninterrupted run: nothing lost (aborted transactions are replayed), nothing twice (read_committed).
     */
    @Test
    void aWorkerKilledMidRunLosesAndDuplicatesNothing() throws Exception {
        int n = 8_000;
        stack.createTopic("sim_reference", 6);
        stack.createTopic("sim_crash", 6);
        ConnectRestClient rest = stack.connect();
        rest.putConnectorConfig("sim-reference", SimulatorConfigs.bounded("sim_reference", n, 0));
        List<String> reference;
        try (TopicReader reader = new TopicReader(stack.bootstrapServers(), "sim_reference")) {
            reader.readAtLeast(n, Duration.ofSeconds(90), () -> statusOf("sim-reference"));
            awaitNoMoreThan(reader, n);
            reference = eventIds(reader.records());
        }
        rest.delete("sim-reference");

        rest.putConnectorConfig("sim-crash", SimulatorConfigs.bounded("sim_crash", n, 1_500));
        ConnectorStatus running = rest.awaitRunning("sim-crash", Duration.ofSeconds(60));
        List<String> crashed;
        try (TopicReader reader = new TopicReader(stack.bootstrapServers(), "sim_crash")) {
            reader.readAtLeast(n / 5, Duration.ofSeconds(60), () -> statusOf("sim-crash"));
            var victim = workerRunning(running.tasks().get(0).workerId());
            victim.kill();
            assertThat(victim.isAlive()).isFalse();
            victim.start(Duration.ofSeconds(90));
            stack.connect().awaitRunning("sim-crash", Duration.ofSeconds(90));

            reader.readAtLeast(n, Duration.ofSeconds(120), () -> statusOf("sim-crash"));
            awaitNoMoreThan(reader, n);
            crashed = eventIds(reader.records());
        }

        assertThat(crashed).hasSize(n).doesNotHaveDuplicates();
        assertThat(crashed).containsExactlyInAnyOrderElementsOf(reference);
        stack.connect().delete("sim-crash");
    }

    private static io.clickstream.local.connect.ConnectWorker workerRunning(String workerId) {
        return stack.workers().stream()
                .filter(w -> workerId.equals(
                        w.restUri().getHost() + ":" + w.restUri().getPort()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("No worker with id " + workerId));
    }

    private static List<String> eventIds(List<ConsumerRecord<String, String>> records) throws Exception {
        List<String> ids = new java.util.ArrayList<>(records.size());
        for (ConsumerRecord<String, String> record : records) {
            ids.add(JSON.readTree(record.value()).get("event_id").asText());
        }
        return ids;
    }

    /** The source stops at max.events: after reaching it, a few more polls must bring nothing. */
    private static void awaitNoMoreThan(TopicReader reader, int n) {
        long until = System.nanoTime() + Duration.ofSeconds(6).toNanos();
        while (System.nanoTime() < until) {
            reader.readToEnd();
            assertThat(reader.records())
                    .as("records after max.events was reached")
                    .hasSize(n);
            sleep(500);
        }
    }

    private static String statusOf(String connector) {
        return ConnectorStatusText.of(stack, connector);
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
