package io.clickstream.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clickstream.local.connect.ConnectorDefinition;
import io.clickstream.local.lifecycle.LifecycleJobProcess;
import io.clickstream.local.process.ManagedProcess;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A replay of Silver from Bronze while the pipeline runs (docs/lifecycle.md): the shipped Silver connector with one
 * rule changed (IP anonymisation on) replayed into a new table by the replay job in its own JVM, then POSTed under a
 * new name with its dead-letter sink, which resume from the Bronze commit the replay stopped at. The checks read the
 * tables with Spark, independently of the sink's code.
 */
final class SilverReplay {

    static final String SILVER = "silver-v2";
    static final String LETTERS = "letters-v2";
    private static final Pattern RESUMES = Pattern.compile("resumes at \\{([^}]*)\\} \\(commit (\\d+)\\)");
    private static final ObjectMapper JSON = new ObjectMapper();

    final ConnectorDefinition silver;
    final ConnectorDefinition letters;
    final String letterTopic;
    private ManagedProcess process;
    /** Where the new connector resumes: "topic-partition" → offset; and the replay's stamped commit. */
    private final Map<String, Long> cut = new TreeMap<>();

    private String stampedInstant;

    SilverReplay(LocalStack stack, String topic, Path silverTable, Path letterTable, String letterTopic) {
        this.letterTopic = letterTopic;
        ConnectorDefinition s = SilverSink.definition(stack, topic, silverTable, letterTopic)
                .with(Map.of("transforms.geoip.geoip.anonymize.ip", "true", "table.name", "silver_v2"));
        this.silver = new ConnectorDefinition(SILVER, s.config(), s.source());
        Path connectors = Path.of(System.getProperty("clickstream.connectors.dir", "../connectors"));
        ConnectorDefinition l = ConnectorDefinition.load(connectors.resolve("dead-letter-hudi-sink.json"))
                .withBootstrapServers(stack.bootstrapServers())
                .with(Map.of(
                        "topics",
                        letterTopic,
                        "table.path",
                        letterTable.toUri().toString(),
                        "table.name",
                        "letters_v2",
                        "control.topic",
                        topic + "-hudi-control",
                        "commit.interval.ms",
                        "3000"));
        this.letters = new ConnectorDefinition(LETTERS, l.config(), l.source());
    }

    /** Starts the replay of Bronze up to its sink commit {@code instant}. */
    void start(Path bronzeTable, String instant, Path logDir) throws IOException {
        List<String> args = List.of(
                "--bronze-path", bronzeTable.toUri().toString(),
                "--bronze-instant", instant,
                "--silver-connector",
                        LifecycleJobProcess.write(logDir, "replay-", silver).toString(),
                "--dead-letter-connector",
                        LifecycleJobProcess.write(logDir, "replay-", letters).toString(),
                "--batch-rows", "500");
        process = LifecycleJobProcess.replay(LifecycleJobProcess.module(), logDir, args)
                .start();
    }

    /** Waits for the replay to end well, then reads where it says the new connector resumes. */
    void await(Duration timeout) throws Exception {
        assertThat(process.awaitExit(timeout))
                .as("the replay ended within %s; see %s", timeout, process.logFile())
                .isTrue();
        assertThat(process.exitCode().orElse(-1))
                .as("the replay's exit code; see %s", process.logFile())
                .isZero();
        String log = Files.readString(process.logFile());
        Matcher m = RESUMES.matcher(log);
        assertThat(m.find()).as("the replay's summary in %s", process.logFile()).isTrue();
        for (String entry : m.group(1).split(", ")) {
            String[] kv = entry.split("=");
            cut.put(kv[0], Long.parseLong(kv[1]));
        }
        stampedInstant = m.group(2);
    }

    Map<String, Long> cut() {
        return cut;
    }

    void deploy(LocalStack stack) {
        stack.connect().putConnectorConfig(letters.name(), letters.config());
        stack.connect().putConnectorConfig(silver.name(), silver.config());
    }

    /**
     * Silver v2 holds the events Silver v1 holds, each from the same record, with the rule applied (the IP address
     * truncated to its network) and every other column as v1 has it; at the seam, every row below the cut was written
     * by the replay and every row at or above it by the new connector: none read twice, none skipped.
     */
    void assertSilver(List<String> v1Lines, List<String> v2Lines) throws Exception {
        Map<String, JsonNode> v1 = byEventId(v1Lines);
        Map<String, JsonNode> v2 = byEventId(v2Lines);
        assertThat(v2.keySet()).as("Silver v2's event ids").isEqualTo(v1.keySet());
        String ip = BundleFields.silver("IP_ADDRESS");
        int replayed = 0;
        for (Map.Entry<String, JsonNode> e : v1.entrySet()) {
            ObjectNode before = (ObjectNode) e.getValue().deepCopy();
            ObjectNode after = (ObjectNode) v2.get(e.getKey()).deepCopy();
            String commit = after.remove("_hoodie_commit_time").asText();
            JsonNode address = before.remove(ip);
            JsonNode anonymised = after.remove(ip);
            assertThat(anonymised == null ? null : anonymised.asText())
                    .as("%s's address in v2", e.getKey())
                    .isEqualTo(address == null ? null : network(address.asText()));
            assertThat(after)
                    .as("event %s in v2, but for its address", e.getKey())
                    .isEqualTo(before);
            String key = after.get(BundleFields.silver("KAFKA_TOPIC")).asText() + "-"
                    + after.get(BundleFields.silver("KAFKA_PARTITION")).asInt();
            long offset = after.get(BundleFields.silver("KAFKA_OFFSET")).asLong();
            boolean belowCut = offset < cut.get(key);
            assertThat(commit.compareTo(stampedInstant) <= 0)
                    .as(
                            "event %s (%s@%d, cut %s) written by the %s",
                            e.getKey(),
                            key,
                            offset,
                            cut,
                            belowCut ? "replay" : "new connector, after the replay's commit " + stampedInstant)
                    .isEqualTo(belowCut);
            if (belowCut) {
                replayed++;
            }
        }
        assertThat(replayed).as("rows the replay wrote").isPositive();
        assertThat(replayed).as("rows the new connector wrote").isLessThan(v1.size());
    }

    /**
     * The v2 dead-letter table holds a letter for exactly the records v1 rejected, with v1's reason; the new
     * connector's dead-letter topic holds none below the cut (those are the replay's).
     */
    void assertDeadLetters(Map<String, String> v1ReasonOfOrigin, List<String> tableLines, List<String> topicOrigins)
            throws IOException {
        Map<String, String> v2 = new HashMap<>();
        for (String line : tableLines) {
            JsonNode row = JSON.readTree(line);
            String origin = row.get("original_partition").asText() + "/"
                    + row.get("original_offset").asText();
            assertThat(v2.put(origin, row.get("reason").asText()))
                    .as("one v2 letter for %s", origin)
                    .isNull();
        }
        assertThat(v2).as("v2's dead letters: origins and reasons").isEqualTo(v1ReasonOfOrigin);
        for (String origin : topicOrigins) {
            String[] po = origin.split("/");
            long cutOffset = cut.entrySet().stream()
                    .filter(c -> c.getKey().endsWith("-" + po[0]))
                    .findFirst()
                    .orElseThrow()
                    .getValue();
            assertThat(Long.parseLong(po[1]))
                    .as("the new connector dead-lettered %s: at or above the cut %s", origin, cut)
                    .isGreaterThanOrEqualTo(cutOffset);
        }
    }

    private static Map<String, JsonNode> byEventId(List<String> lines) throws IOException {
        Map<String, JsonNode> rows = new TreeMap<>();
        for (String line : lines) {
            JsonNode row = JSON.readTree(line);
            assertThat(rows.put(row.get(BundleFields.silver("EVENT_ID")).asText(), row))
                    .as("one row per event id")
                    .isNull();
        }
        return rows;
    }

    /** The rule, from its documentation: IPv4 to its /24, IPv6 to its /48. */
    private static String network(String address) throws UnknownHostException {
        byte[] b = InetAddress.getByName(address).getAddress();
        if (InetAddress.getByName(address) instanceof Inet4Address) {
            return (b[0] & 0xff) + "." + (b[1] & 0xff) + "." + (b[2] & 0xff) + ".0";
        }
        return Integer.toHexString(((b[0] & 0xff) << 8) | (b[1] & 0xff)) + ":"
                + Integer.toHexString(((b[2] & 0xff) << 8) | (b[3] & 0xff)) + ":"
                + Integer.toHexString(((b[4] & 0xff) << 8) | (b[5] & 0xff)) + "::";
    }
}
