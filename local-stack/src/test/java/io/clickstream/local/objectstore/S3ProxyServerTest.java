package io.clickstream.local.objectstore;

import static org.assertj.core.api.Assertions.assertThat;

import io.clickstream.local.FreePorts;
import io.clickstream.local.connect.ConnectorDefinition;
import io.clickstream.local.gold.SilverSource;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class S3ProxyServerTest {

    private static final Path DATA = Path.of("/tmp/s3-test-data");

    private static S3ProxyServer server() {
        return new S3ProxyServer(DATA, DATA.resolve("logs"), 18080, "lake", "unused-classpath");
    }

    private static ConnectorDefinition sink(String tablePath) {
        return new ConnectorDefinition(
                "bronze",
                Map.of("connector.class", "io.clickstream.connect.hudi.HudiSinkConnector", "table.path", tablePath),
                Path.of("bronze.json"));
    }

    @Test
    void aDataDirectoryTableMovesToTheBucketWithTheS3aKeys() {
        ConnectorDefinition moved = server().onLake(sink("file:///data/bronze/clickstream"), 1);
        assertThat(moved.config())
                .as("moved config")
                .containsEntry("table.path", "s3a://lake/bronze/clickstream")
                .containsEntry("fs.s3a.endpoint", "http://127.0.0.1:18080")
                .containsEntry("fs.s3a.path.style.access", "true")
                .containsEntry("fs.s3a.access.key", S3ProxyServer.ACCESS_KEY)
                .containsEntry("fs.s3a.secret.key", S3ProxyServer.SECRET_KEY)
                .containsEntry("object.store.single.writer", "true");
    }

    @Test
    void severalWorkersGetNoSingleWriterDeclaration() {
        assertThat(server().onLake(sink("file:///data/bronze/clickstream"), 2).config())
                .as("two workers")
                .doesNotContainKey("object.store.single.writer");
    }

    @Test
    void connectorsWithoutADataDirectoryTableStayAsTheyAre() {
        ConnectorDefinition elsewhere = sink("s3a://other/t");
        ConnectorDefinition simulator =
                new ConnectorDefinition("sim", Map.of("connector.class", "Sim"), Path.of("sim.json"));
        assertThat(server().onLake(elsewhere, 1)).as("table elsewhere").isEqualTo(elsewhere);
        assertThat(server().onLake(simulator, 1)).as("no table").isEqualTo(simulator);
    }

    @Test
    void theGoldJobReadsSilverOnTheBucketWithItsKeysInTheEnvironmentNotOnItsCommandLine() {
        SilverSource silver = server().silverSource();
        assertThat(silver.tablePath()).as("Silver's path").isEqualTo("s3a://lake/silver/enriched_events");
        assertThat(silver.hadoopSettings())
                .as("Hadoop settings (command line)")
                .containsEntry("fs.s3a.endpoint", "http://127.0.0.1:18080")
                .containsEntry("fs.s3a.path.style.access", "true")
                .containsEntry("fs.s3a.directory.marker.retention", "keep")
                .doesNotContainKeys("fs.s3a.access.key", "fs.s3a.secret.key");
        assertThat(silver.hadoopSettings().values())
                .as("no key on the command line")
                .doesNotContain(S3ProxyServer.SECRET_KEY, S3ProxyServer.ACCESS_KEY);
        assertThat(silver.environment())
                .as("environment")
                .containsEntry("AWS_ACCESS_KEY_ID", S3ProxyServer.ACCESS_KEY)
                .containsEntry("AWS_SECRET_ACCESS_KEY", S3ProxyServer.SECRET_KEY);
    }

    @Test
    void propertiesServeTheS3ApiOverTheDataDirectoryWithSignatures() {
        assertThat(server().properties())
                .as("s3proxy.properties")
                .containsEntry("jclouds.provider", "filesystem")
                .containsEntry(
                        "jclouds.filesystem.basedir", DATA.resolve("s3/blobs").toString())
                .containsEntry("s3proxy.endpoint", "http://127.0.0.1:18080")
                .containsEntry("s3proxy.authorization", "aws-v2-or-v4")
                .containsEntry("s3proxy.identity", S3ProxyServer.ACCESS_KEY)
                .containsEntry("s3proxy.credential", S3ProxyServer.SECRET_KEY);
        assertThat(server().bucketDir()).as("bucket directory").isEqualTo(DATA.resolve("s3/blobs/lake"));
    }

    @Test
    void theFirstRunRemembersAFreePortAndLaterRunsReuseIt(@TempDir Path data) throws IOException {
        Path file = data.resolve("s3").resolve(S3ProxyServer.PORT_FILE);
        AtomicInteger picks = new AtomicInteger();
        int first = S3ProxyServer.rememberedPort(file, FreePorts::isFree, () -> {
            picks.incrementAndGet();
            return FreePorts.any();
        });
        assertThat(Files.readString(file).trim())
                .as("port file after the first run")
                .isEqualTo(Integer.toString(first));

        int second = S3ProxyServer.rememberedPort(file, FreePorts::isFree, () -> {
            picks.incrementAndGet();
            return FreePorts.any();
        });
        assertThat(second).as("second run's port").isEqualTo(first);
        assertThat(picks).as("free ports picked").hasValue(1);
    }

    @Test
    void aRememberedPortThatAnotherProcessHoldsIsReplacedAndTheNewOneRemembered(@TempDir Path data) throws IOException {
        Path file = data.resolve("s3").resolve(S3ProxyServer.PORT_FILE);
        try (ServerSocket other = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Files.createDirectories(file.getParent());
            Files.writeString(file, other.getLocalPort() + "\n");

            int port = S3ProxyServer.rememberedPort(file, FreePorts::isFree, FreePorts::any);

            assertThat(port).as("port while the remembered one is held").isNotEqualTo(other.getLocalPort());
            assertThat(Files.readString(file).trim()).as("port file").isEqualTo(Integer.toString(port));
            assertThat(S3ProxyServer.rememberedPort(file, p -> true, () -> -1))
                    .as("next run")
                    .isEqualTo(port);
        }
    }

    @Test
    void aPortFileWithoutAPortIsReplaced(@TempDir Path data) throws IOException {
        Path file = data.resolve(S3ProxyServer.PORT_FILE);
        Files.writeString(file, "not a port\n");
        assertThat(S3ProxyServer.rememberedPort(file, p -> true, () -> 18181))
                .as("port")
                .isEqualTo(18181);
        assertThat(Files.readString(file).trim()).as("port file").isEqualTo("18181");
    }

    @Test
    void anObjectPathOfTheBucketLiesUnderTheBucketDirectory() {
        assertThat(server().localPath("s3a://lake/silver/enriched_events"))
                .as("Silver")
                .contains(DATA.resolve("s3/blobs/lake/silver/enriched_events"));
        assertThat(server().localPath("s3a://other/silver"))
                .as("another bucket")
                .isEmpty();
        assertThat(server().localPath("s3a://lake/../../x"))
                .as("outside the bucket")
                .isEmpty();
        assertThat(server().localPath("file:///data/silver")).as("not S3").isEmpty();
    }
}
