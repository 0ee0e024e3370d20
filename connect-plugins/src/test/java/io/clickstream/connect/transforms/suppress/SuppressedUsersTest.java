package io.clickstream.connect.transforms.suppress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clickstream.connect.transforms.SimulatedEvents;
import io.clickstream.connect.transforms.parse.ParseClickEvent;
import io.clickstream.connect.transforms.parse.ParseClickEventConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SuppressedUsersTest {

    private static final long SECOND = 1_000_000_000L;

    @TempDir
    Path dir;

    private static final String KEY = ParseClickEventConfig.SUPPRESSED_USERS_PATH;

    private final AtomicLong now = new AtomicLong();

    @Test
    void dropsTheListedUsersAndCountsThem() throws IOException {
        Path file = write("# forgotten on request\nuser_1\n\n  user_2  \r\nuser_3\n");
        SuppressedUsers users = SuppressedUsers.of(KEY, file.toString(), 1000, 256, now::get);
        assertThat(users.size()).isEqualTo(3);
        assertThat(users.drops("user_2")).isTrue();
        assertThat(users.drops("user_4")).isFalse();
        assertThat(users.drops(null)).isFalse();
        assertThat(users.drops(42L)).isFalse();
        assertThat(users.drops("# forgotten on request")).isFalse();
        assertThat(users.dropped()).isEqualTo(1);
    }

    @Test
    void aChangedFileIsReadAgainAtTheNextCheckWithoutARestart() throws IOException {
        Path file = write("user_1\n");
        SuppressedUsers users = SuppressedUsers.of(KEY, file.toString(), 1000, 256, now::get);
        Files.writeString(file, "user_1\nuser_9\n");
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(5)));
        assertThat(users.drops("user_9"))
                .as("before the check interval has passed")
                .isFalse();
        now.addAndGet(SECOND);
        assertThat(users.drops("user_9")).as("at the next check").isTrue();
    }

    @Test
    void aFileThatCannotBeReadLaterLeavesTheLastListInForce() throws IOException {
        Path file = write("user_1\n");
        SuppressedUsers users = SuppressedUsers.of(KEY, file.toString(), 1000, 256, now::get);
        Files.delete(file);
        now.addAndGet(SECOND);
        assertThat(users.drops("user_1")).isTrue();
        Files.write(file, new byte[] {'u', (byte) 0xff, '\n'});
        now.addAndGet(SECOND);
        assertThat(users.drops("user_1")).as("not UTF-8: the last list stays").isTrue();
    }

    @Test
    void aFileThatDoesNotExistIsAnEmptyListUntilItDoes() throws IOException {
        Path file = dir.resolve("suppressed.txt");
        SuppressedUsers users = SuppressedUsers.of(KEY, file.toString(), 1000, 256, now::get);
        assertThat(users.drops("user_1")).isFalse();
        Files.writeString(file, "user_1\n");
        now.addAndGet(SECOND);
        assertThat(users.drops("user_1")).as("created after the start").isTrue();
    }

    @Test
    void aFileThatCannotBeReadAtStartFailsTheConfigurationNamingTheKey() throws IOException {
        Path notText = dir.resolve("bin");
        Files.write(notText, new byte[] {(byte) 0xc3, 0x28});
        assertThatThrownBy(() -> SuppressedUsers.of(KEY, notText.toString(), 1000, 256, now::get))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(KEY)
                .hasMessageContaining("not UTF-8");
        assertThatThrownBy(() -> SuppressedUsers.of(KEY, dir.toString(), 1000, 256, now::get))
                .as("a directory")
                .isInstanceOf(ConfigException.class);
    }

    @Test
    void linesThatNameNoSilverUserAreSkipped() throws IOException {
        Path file = write("x".repeat(257) + "\nuser\u0007bell\nuser_1\n");
        SuppressedUsers users = SuppressedUsers.of(KEY, file.toString(), 1000, 256, now::get);
        assertThat(users.size()).isEqualTo(1);
        assertThat(users.drops("user_1")).isTrue();
    }

    @Test
    void theParseTransformDropsASuppressedUsersEventsEvenInvalidOnes() throws IOException {
        Path file = write("user_1\n");
        ParseClickEvent<SinkRecord> transform = new ParseClickEvent.Value<>();
        Map<String, String> props = new HashMap<>();
        props.put(ParseClickEventConfig.SUPPRESSED_USERS_PATH, file.toString());
        props.put(ParseClickEventConfig.EVENT_TIME_MAX_PAST_MS, Long.toString(86_400_000L));
        transform.configure(props);
        Instant kafkaTime = SimulatedEvents.CLOCK_START.plusSeconds(3600);
        String valid = "{\"event_id\":\"e-1\",\"event_type\":\"page_view\",\"timestamp\":\"" + kafkaTime
                + "\",\"user_id\":\"%s\",\"session_id\":\"s-1\",\"page_url\":\"https://shop.example.com/\",\"referrer\":\"\","
                + "\"ip_address\":\"91.177.75.8\",\"user_agent\":\"Mozilla/5.0\",\"device\":\"desktop\"}";
        assertThat(transform.apply(SimulatedEvents.record(String.format(valid, "user_1"), 1, kafkaTime)))
                .isNull();
        // an event that would be rejected (unknown event type) is dropped too: a dead letter would keep its content
        assertThat(transform.apply(SimulatedEvents.record(
                        String.format(valid, "user_1").replace("page_view", "no_such_type"), 2, kafkaTime)))
                .isNull();
        SinkRecord other = transform.apply(SimulatedEvents.record(String.format(valid, "user_2"), 3, kafkaTime));
        assertThat(((Struct) other.value()).getString("user_id")).isEqualTo("user_2");
        transform.close();
    }

    private Path write(String text) throws IOException {
        Path file = dir.resolve("suppressed.txt");
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }

    @Test
    void dropSuppressedUsersDropsTheRecordsOfListedUsersWhateverTheirBytes() throws IOException {
        Path file = write("user_1\n");
        DropSuppressedUsers<SinkRecord> transform = new DropSuppressedUsers.Value<>();
        transform.configure(Map.of(DropSuppressedUsersConfig.PATH, file.toString()));
        Instant time = Instant.parse("2026-03-01T10:00:00Z");
        byte[] listed =
                "{\"event_id\":\"e-1\",\"user_id\":\"user_1\",\"bad\":\"\u00e9\"}".getBytes(StandardCharsets.UTF_8);
        assertThat(transform.apply(SimulatedEvents.record(listed, 1, time)))
                .as("bytes")
                .isNull();
        assertThat(transform.apply(SimulatedEvents.record("{\"user_id\":\"user_1\"}", 2, time)))
                .as("a string")
                .isNull();
        SinkRecord other = SimulatedEvents.record("{\"user_id\":\"user_2\"}", 3, time);
        assertThat(transform.apply(other)).isSameAs(other);
        SinkRecord notJson = SimulatedEvents.record("user_id=user_1", 4, time);
        assertThat(transform.apply(notJson)).as("no JSON object: passes").isSameAs(notJson);
        SinkRecord tombstone = SimulatedEvents.record(null, 5, time);
        assertThat(transform.apply(tombstone)).isSameAs(tombstone);
        transform.close();
        assertThatThrownBy(() -> new DropSuppressedUsers.Value<SinkRecord>().configure(Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(DropSuppressedUsersConfig.PATH);
    }
}
