package io.clickstream.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.clickstream.local.connect.ConnectRestException;
import io.clickstream.local.connect.ConnectWorker;
import io.clickstream.local.objectstore.S3ProxyServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The lake on object storage: one stack (S3Proxy as its own process, a broker, one worker) for the whole class, as
 * {@code ./run.sh --lake s3} runs it. Each layer's sink writes {@code s3a://lake/<layer>/...} through the S3 API, its
 * table is checked exactly (rows = records on the topic, every (partition, offset) once) with Spark reading the same
 * {@code s3a://} path, and bad object-store settings fail validation naming the key. A layer added to the pipeline adds
 * its connector in {@link #lakeConnectors} style and one more exactness check.
 */
class S3LakeIT {

    private static final String SECRET_PROBE = "not-the-secret-0123456789";

    private static S3ProxyServer s3;
    private static LocalStack stack;

    @BeforeAll
    static void start() {
        Path dataDir = TestStacks.freshDataDir("S3LakeIT");
        s3 = new S3ProxyServer(dataDir, dataDir.resolve("logs"), FreePorts.any(), S3ProxyServer.DEFAULT_BUCKET)
                .start(Duration.ofSeconds(120));
        stack = LocalStack.builder().dataDir(dataDir).kafkaPort(0).connectPort(0).workers(1).build().start();
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
        if (s3 != null) {
            s3.close();
        }
    }

    /** The Bronze sink as {@code --lake s3} deploys it: table on the bucket, S3A keys, one worker process. */
    private static Map<String, String> bronzeOnLake(String topic, String layerPath) {
        Map<String, String> config = new java.util.HashMap<>(BronzeSink.config(stack, topic, Path.of("/unused"), 2));
        config.putAll(s3.s3aProperties());
        config.put("table.path", "s3a://" + s3.bucket() + "/" + layerPath);
        config.put("object.store.single.writer", "true");
        return config;
    }

    /**
     * Runs with {@code -Dclickstream.s3.e2e=true}: minutes of produce, kills and a Spark read, beside
     * BronzeCrashRecoveryIT which covers the same protocol on the local file system in every CI run.
     */
    @Test
    @EnabledIfSystemProperty(named = "clickstream.s3.e2e", matches = "true")
    void bronzeOnS3IsExactAfterTheWorkerIsKilledMidCommit() throws Exception {
        String topic = "s3_bronze";
        int n = 20_000;
        stack.createTopic(topic, 4);
        stack.connect().putConnectorConfig("sink-s3", bronzeOnLake(topic, "bronze/clickstream"));
        stack.connect().awaitRunning("sink-s3", Duration.ofSeconds(120));
        stack.connect().putConnectorConfig("sim-s3", SimulatorConfigs.bounded(topic, n, 1_500));

        Path timeline = s3.bucketDir().resolve("bronze/clickstream/.hoodie/timeline");
        ConnectWorker worker = stack.worker(0);
        Set<String> killedIn = new java.util.HashSet<>();
        for (int kill = 0; kill < 2; kill++) {
            killedIn.add(HudiTimelineFiles.awaitInflightCommit(timeline, killedIn, Duration.ofSeconds(180),
                    () -> ConnectorStatusText.of(stack, "sink-s3")));
            worker.kill();
            worker.start(Duration.ofSeconds(120));
        }
        stack.connect().awaitRunning("sink-s3", Duration.ofSeconds(120));

        List<ConsumerRecord<String, String>> records;
        try (TopicReader reader = new TopicReader(stack.bootstrapServers(), topic)) {
            reader.readAtLeast(n, Duration.ofSeconds(240), () -> ConnectorStatusText.of(stack, "sim-s3"));
            reader.readToEnd();
            records = List.copyOf(reader.records());
        }
        assertThat(records).as("records on the topic (read_committed)").hasSize(n);
        BronzeSink.awaitCommittedThrough(stack.admin(), "sink-s3", records, Duration.ofSeconds(240),
                () -> ConnectorStatusText.of(stack, "sink-s3"));

        Map<String, Long> stats = SparkTableReader.read(
                Path.of(System.getProperty("clickstream.gold.module", "../gold-spark-job")),
                "s3a://" + s3.bucket() + "/bronze/clickstream", s3.s3aProperties(),
                stack.dataDir().resolve("logs/spark-s3-bronze.log"), Duration.ofSeconds(240),
                "kafka_partition", "kafka_offset");
        assertThat(stats).as("Bronze read by Spark from s3a://")
                .containsEntry("rows", (long) n).containsEntry("distinct", (long) n);
    }

    @Test
    void anUnknownBucketFailsValidationOnTheTablePath() {
        Map<String, String> config = bronzeOnLake("s3_bad", "x");
        config.put("table.path", "s3a://no-such-bucket/bronze");
        assertRefused("sink-bad-bucket", config, "table.path", "no-such-bucket", "does not exist");
    }

    @Test
    void aWrongSecretFailsValidationOnTheSecretKeyWithoutShowingIt() {
        Map<String, String> config = bronzeOnLake("s3_bad", "x");
        config.put("fs.s3a.secret.key", SECRET_PROBE);
        assertRefused("sink-bad-secret", config, "fs.s3a.secret.key", "signature");
    }

    @Test
    void anUnknownAccessKeyFailsValidationOnTheAccessKey() {
        Map<String, String> config = bronzeOnLake("s3_bad", "x");
        config.put("fs.s3a.access.key", "nobody-knows-me");
        assertRefused("sink-bad-access", config, "fs.s3a.access.key", "access key");
    }

    @Test
    void anEndpointThatDoesNotAnswerFailsValidationWithinSeconds() {
        Map<String, String> config = bronzeOnLake("s3_bad", "x");
        config.put("fs.s3a.endpoint", "http://127.0.0.1:" + FreePorts.any());
        long started = System.nanoTime();
        assertRefused("sink-dead-endpoint", config, "fs.s3a.endpoint", "no answer");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("time to refuse")
                .isLessThan(Duration.ofSeconds(60));
    }

    @Test
    void theDefaultFileLockIsRefusedOnS3WithoutTheSingleWriterOptIn() {
        Map<String, String> config = bronzeOnLake("s3_bad", "x");
        config.remove("object.store.single.writer");
        assertRefused("sink-unsafe-lock", config, "hoodie.write.lock.provider", "check-then-put");
    }

    @Test
    void theRestApiShowsS3aCredentialsMasked() {
        Map<String, String> config = bronzeOnLake("s3_bad", "x");
        config.put("fs.s3a.session.token", SECRET_PROBE);
        JsonNode validation = stack.connect().validate(BronzeSink.CONNECTOR_CLASS, config);
        assertThat(validation.toString()).as("validation response").doesNotContain(SECRET_PROBE)
                .doesNotContain(S3ProxyServer.SECRET_KEY);
        for (JsonNode entry : validation.path("configs")) {
            String name = entry.path("value").path("name").asText();
            if (name.equals("fs.s3a.secret.key") || name.equals("fs.s3a.session.token")) {
                assertThat(entry.path("value").path("value").asText()).as(name).isEqualTo("[hidden]");
            }
        }
    }

    /**
     * The worker's validation reports the reason on the key, and a PUT of the config is refused (400) with it; no
     * secret appears in either.
     */
    private static void assertRefused(String name, Map<String, String> config, String key, String... reason) {
        JsonNode validation = stack.connect().validate(BronzeSink.CONNECTOR_CLASS, config);
        assertThat(validation.toString()).as("validation response").doesNotContain(SECRET_PROBE)
                .doesNotContain(S3ProxyServer.SECRET_KEY);
        List<String> errors = new java.util.ArrayList<>();
        for (JsonNode entry : validation.path("configs")) {
            if (entry.path("value").path("name").asText().equals(key)) {
                entry.path("value").path("errors").forEach(e -> errors.add(e.asText()));
            }
        }
        assertThat(errors).as("errors on " + key + " in " + validation.path("configs").size() + " keys")
                .anySatisfy(e -> assertThat(e.toLowerCase(java.util.Locale.ROOT)).contains(
                        List.of(reason).stream().map(r -> r.toLowerCase(java.util.Locale.ROOT)).toList()));
        assertThatThrownBy(() -> stack.connect().putConnectorConfig(name, config)).as(name)
                .isInstanceOf(ConnectRestException.class)
                .hasMessageContaining(reason[reason.length - 1])
                .hasMessageNotContaining(SECRET_PROBE)
                .hasMessageNotContaining(S3ProxyServer.SECRET_KEY);
    }
}
