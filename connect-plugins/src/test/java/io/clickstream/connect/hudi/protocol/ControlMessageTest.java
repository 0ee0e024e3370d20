package io.clickstream.connect.hudi.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ControlMessageTest {

    @Test
    void everyMessageSurvivesItsJsonForm() {
        ControlMessage chunk = ControlMessage.chunkReady(
                        "sink",
                        "c1",
                        "p1",
                        "events",
                        3,
                        10,
                        20,
                        9,
                        4_096,
                        "file:/t/.hoodie/.connect-staging/x.avro",
                        "{\"type\":\"record\"}")
                .forChain("file:///t", 4);
        ControlMessage start = ControlMessage.start("sink", "coord", "c1");
        ControlMessage rejected = ControlMessage.rejected("sink", "coord", "p1", "events", 3, 20, 4);
        ControlMessage committed = ControlMessage.committed("sink", "coord", "c1", Map.of("events-3", 20L));

        for (ControlMessage message : new ControlMessage[] {chunk, start, rejected, committed}) {
            assertThat(ControlMessage.fromBytes(message.toBytes())).isEqualTo(message);
        }
        assertThat(new String(chunk.toBytes(), StandardCharsets.UTF_8))
                .contains("\"type\":\"CHUNK_READY\"", "\"version\":1", "\"table\":\"file:///t\"", "\"epoch\":4")
                .doesNotContain("committedOffset");
    }

    @Test
    void unknownFieldsAreIgnoredButNewerVersionsAndGarbageAreNot() {
        String future = "{\"version\":1,\"type\":\"START\",\"connector\":\"sink\",\"commitId\":\"c\",\"extra\":true}";
        assertThat(ControlMessage.fromBytes(future.getBytes(StandardCharsets.UTF_8))
                        .commitId())
                .isEqualTo("c");
        String newer = "{\"version\":2,\"type\":\"START\",\"connector\":\"sink\"}";
        assertThat(ControlMessage.fromBytes(newer.getBytes(StandardCharsets.UTF_8)))
                .isNull();
        assertThat(ControlMessage.fromBytes("not json".getBytes(StandardCharsets.UTF_8)))
                .isNull();
        assertThat(ControlMessage.fromBytes(null)).isNull();
    }
}
