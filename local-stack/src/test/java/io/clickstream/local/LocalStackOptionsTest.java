package io.clickstream.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class LocalStackOptionsTest {

    @Test
    void defaultsMatchTheDocumentedOnes() {
        LocalStackOptions o = LocalStackOptions.parse();
        assertThat(o.dataDir()).isEqualTo(Path.of("data"));
        assertThat(o.connectorsDir()).isEqualTo(Path.of("connectors"));
        assertThat(o.workers()).isEqualTo(1);
        assertThat(o.partitions()).isEqualTo(6);
        assertThat(o.kafkaPort()).isEqualTo(9092);
        assertThat(o.connectPort()).isEqualTo(8083);
        assertThat(o.eventsPerSecond()).isEmpty();
        assertThat(o.maxEvents()).isEmpty();
        assertThat(o.durationSeconds()).isEmpty();
        assertThat(o.help()).isFalse();
    }

    @Test
    void parsesSeparateAndEqualsForms() {
        LocalStackOptions o = LocalStackOptions.parse(
                "--data-dir",
                "/tmp/x",
                "--workers=2",
                "--events-per-second",
                "0",
                "--max-events=1000",
                "--duration",
                "30",
                "--connectors",
                "c",
                "--kafka-port",
                "0");
        assertThat(o.dataDir()).isEqualTo(Path.of("/tmp/x"));
        assertThat(o.workers()).isEqualTo(2);
        assertThat(o.eventsPerSecond()).hasValue(0);
        assertThat(o.maxEvents()).hasValue(1000);
        assertThat(o.durationSeconds()).hasValue(30);
        assertThat(o.connectorsDir()).isEqualTo(Path.of("c"));
        assertThat(o.kafkaPort()).isZero();
    }

    @Test
    void theLakeIsTheDataDirectoryUnlessS3IsAsked() {
        assertThat(LocalStackOptions.parse().lake()).as("default").isEqualTo(LocalStackOptions.Lake.FILE);
        assertThat(LocalStackOptions.parse("--lake", "s3").lake())
                .as("--lake s3")
                .isEqualTo(LocalStackOptions.Lake.S3);
        assertThatThrownBy(() -> LocalStackOptions.parse("--lake", "hdfs"))
                .as("unknown lake")
                .hasMessageContaining("--lake")
                .hasMessageContaining("file or s3");
        assertThat(LocalStackOptions.USAGE).as("usage").contains("--lake");
    }

    @Test
    void theLivePageIsOnPort8090UnlessAnotherPortOrNoPageIsAsked() {
        assertThat(LocalStackOptions.parse().livePage())
                .as("default: a live page")
                .isTrue();
        assertThat(LocalStackOptions.parse().pagePort()).as("default port").isEqualTo(8090);
        assertThat(LocalStackOptions.parse("--page-port", "0").pagePort())
                .as("--page-port 0")
                .isZero();
        assertThat(LocalStackOptions.parse("--no-page", "--workers", "2").livePage())
                .as("--no-page")
                .isFalse();
        assertThatThrownBy(() -> LocalStackOptions.parse("--page-port", "70000"))
                .as("port out of range")
                .hasMessageContaining("--page-port")
                .hasMessageContaining("between 0 and 65535");
        assertThat(LocalStackOptions.USAGE).as("usage").contains("--page-port", "--no-page");
    }

    @Test
    void eachWorkerGetsTwoGigabytesOfHeapUnlessAnotherSizeIsAsked() {
        assertThat(LocalStackOptions.parse().workerHeap()).as("default").isEqualTo("2g");
        assertThat(LocalStackOptions.parse("--worker-heap", "1536M").workerHeap())
                .as("--worker-heap 1536M")
                .isEqualTo("1536m");
        assertThatThrownBy(() -> LocalStackOptions.parse("--worker-heap", "2 GB"))
                .as("not an -Xmx size")
                .hasMessageContaining("--worker-heap")
                .hasMessageContaining("heap size such as");
        assertThatThrownBy(() -> LocalStackOptions.parse("--worker-heap", "0g"))
                .as("zero")
                .hasMessageContaining("--worker-heap");
        assertThat(LocalStackOptions.USAGE).as("usage").contains("--worker-heap");
    }

    @Test
    void helpIsRecognised() {
        assertThat(LocalStackOptions.parse("--help").help()).isTrue();
        assertThat(LocalStackOptions.USAGE)
                .contains(
                        "--data-dir",
                        "--events-per-second",
                        "--max-events",
                        "--workers",
                        "--connectors",
                        "--duration",
                        "--rebuild");
    }

    @Test
    void badOptionsNameTheOptionAndTheReason() {
        assertThatThrownBy(() -> LocalStackOptions.parse("--workers", "zero"))
                .hasMessageContaining("--workers")
                .hasMessageContaining("number");
        assertThatThrownBy(() -> LocalStackOptions.parse("--workers", "0"))
                .hasMessageContaining("--workers")
                .hasMessageContaining("between 1 and");
        assertThatThrownBy(() -> LocalStackOptions.parse("--max-events"))
                .hasMessageContaining("--max-events")
                .hasMessageContaining("needs a value");
        assertThatThrownBy(() -> LocalStackOptions.parse("--colour", "red"))
                .hasMessageContaining("Unknown option --colour");
    }

    @Test
    void commandPrintsUsageAndRejectsBadOptionsWithoutStartingAnything() {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        java.io.PrintStream out = new java.io.PrintStream(bytes, true, java.nio.charset.StandardCharsets.UTF_8);
        assertThat(new LocalStackCommand(out).run("--help")).isZero();
        assertThat(new LocalStackCommand(out).run("--duration", "-1")).isEqualTo(2);
        assertThat(bytes.toString(java.nio.charset.StandardCharsets.UTF_8))
                .contains("Usage: ./run.sh")
                .contains("Option --duration must be between 1");
    }
}
