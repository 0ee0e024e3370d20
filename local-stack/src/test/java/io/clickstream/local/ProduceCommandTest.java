package io.clickstream.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clickstream.local.broker.KafkaBroker;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProduceCommandTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    private int run(String... args) {
        return new ProduceCommand(new PrintStream(bytes, true, StandardCharsets.UTF_8)).run(args);
    }

    private String output() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void eachLineIsARecordsTextOrWithBase64ItsBytesAndADashANullValue() {
        assertThat(ProduceCommand.values(List.of("{\"price\": -1}", "", "not json"), false))
                .containsExactly(
                        "{\"price\": -1}".getBytes(StandardCharsets.UTF_8),
                        new byte[0],
                        "not json".getBytes(StandardCharsets.UTF_8));
        assertThat(ProduceCommand.values(List.of("//79AA==", " - ", ""), true))
                .containsExactly(new byte[] {(byte) 0xff, (byte) 0xfe, (byte) 0xfd, 0}, null, new byte[0]);
        assertThatThrownBy(() -> ProduceCommand.values(List.of("AAAA", "not base64!"), true))
                .hasMessageContaining("Line 2 is not Base64");
    }

    @Test
    void optionsHaveTheDocumentedDefaultsAndNameWhatIsWrong() {
        ProduceCommand.Options o = ProduceCommand.Options.parse("--file", "bad.txt");
        assertThat(o.topic()).isEqualTo("clickstream_events");
        assertThat(o.dataDir()).isEqualTo(Path.of("data"));
        assertThat(o.count()).isEmpty();
        assertThat(o.base64()).isFalse();
        assertThat(o.bootstrap()).isNull();
        ProduceCommand.Options all = ProduceCommand.Options.parse(
                "--file", "b64.txt", "--base64", "--count", "1000", "--topic", "t", "--bootstrap", "localhost:1234");
        assertThat(all.count()).hasValue(1000);
        assertThat(all.base64()).isTrue();
        assertThat(all.bootstrap()).isEqualTo("localhost:1234");

        assertThat(run("--count", "5")).isEqualTo(2);
        assertThat(run("--file", "x", "--count", "-1")).isEqualTo(2);
        assertThat(run("--file", dir.resolve("missing.txt").toString())).isEqualTo(2);
        assertThat(run("--help")).isZero();
        assertThat(output())
                .contains(
                        "Option --file is required",
                        "--count needs a number of 0 or more",
                        "missing.txt",
                        "Usage: ./run.sh produce");
    }

    @Test
    void theBrokerIsTheOneTheLauncherLastStartedOnTheDataDirectory() throws Exception {
        Path kafka = Files.createDirectories(dir.resolve("kafka"));
        Properties p = new Properties();
        p.put("listeners", "PLAINTEXT://localhost:19092,CONTROLLER://localhost:19093");
        p.put("advertised.listeners", "PLAINTEXT://localhost:19092");
        try (Writer w = Files.newBufferedWriter(kafka.resolve("server.properties"))) {
            p.store(w, "as KafkaBroker writes it");
        }

        assertThat(KafkaBroker.bootstrapServersOf(dir)).isEqualTo("localhost:19092");
        assertThatThrownBy(() -> KafkaBroker.bootstrapServersOf(dir.resolve("nothing")))
                .hasMessageContaining("has ./run.sh started a stack on");
    }
}
