package io.clickstream.connect.transforms.useragent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.clickstream.connect.transforms.SimulatedEvents;
import io.clickstream.connect.transforms.TransformHalt;
import io.clickstream.contract.SilverFields;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class UserAgentEnrichTest {
    private static final Schema AGENT_ONLY = SchemaBuilder.struct()
            .name("ua")
            .field("user_agent", Schema.OPTIONAL_STRING_SCHEMA)
            .field("n", Schema.INT32_SCHEMA)
            .build();

    private final UserAgentEnrich<SinkRecord> transform = new UserAgentEnrich.Value<>();

    @AfterEach
    void close() {
        transform.close();
    }

    private Struct enrich(String agent) {
        return (Struct) transform
                .apply(SimulatedEvents.record(
                        new Struct(AGENT_ONLY).put("user_agent", agent).put("n", 1), 1, Instant.now()))
                .value();
    }

    /** agent → browser family, OS family, device class, is_bot. */
    private static final Map<String, String[]> REAL_AGENTS = Map.ofEntries(
            Map.entry(
                    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
                            + "Chrome/120.0.0.0 Safari/537.36",
                    new String[] {"Chrome", "Windows NT", "desktop", "false"}),
            Map.entry(
                    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) "
                            + "Version/17.1 Safari/605.1.15",
                    new String[] {"Safari", "Mac OS", "desktop", "false"}),
            Map.entry(
                    "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:121.0) Gecko/20100101 Firefox/121.0",
                    new String[] {"Firefox", "Windows NT", "desktop", "false"}),
            Map.entry(
                    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
                            + "Chrome/120.0.0.0 Safari/537.36 Edg/120.0.2210.91",
                    new String[] {"Edge", "Windows NT", "desktop", "false"}),
            Map.entry(
                    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
                            + "Version/17.1.2 Mobile/15E148 Safari/604.1",
                    new String[] {"Safari", "iOS", "mobile", "false"}),
            Map.entry(
                    "Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) "
                            + "Chrome/120.0.6099.144 Mobile Safari/537.36",
                    new String[] {"Chrome", "Android", "mobile", "false"}),
            Map.entry(
                    "Mozilla/5.0 (iPad; CPU OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
                            + "Version/17.1 Mobile/15E148 Safari/604.1",
                    new String[] {"Safari", "iOS", "tablet", "false"}),
            Map.entry(
                    "Mozilla/5.0 (Linux; Android 13; SM-X710) AppleWebKit/537.36 (KHTML, like Gecko) "
                            + "Chrome/119.0.0.0 Safari/537.36",
                    new String[] {"Chrome", "Android", "tablet", "false"}),
            Map.entry(
                    "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
                    new String[] {"Googlebot", null, "bot", "true"}),
            Map.entry(
                    "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
                    new String[] {"Bingbot", null, "bot", "true"}),
            Map.entry(
                    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
                            + "HeadlessChrome/120.0.6099.109 Safari/537.36",
                    new String[] {"Chrome", "Linux", "bot", "true"}),
            Map.entry("curl/8.4.0", new String[] {"Curl", null, "bot", "true"}),
            Map.entry("python-requests/2.31.0", new String[] {"Python-Requests", null, "bot", "true"}));

    @Test
    void realAgentsGetTheirBrowserOsDeviceClassAndBotFlag() {
        transform.configure(Map.of());
        REAL_AGENTS.forEach((agent, expected) -> {
            Struct out = enrich(agent);
            assertThat(out.getString(SilverFields.BROWSER_FAMILY))
                    .as("browser of %s", agent)
                    .isEqualTo(expected[0]);
            if (expected[1] != null) {
                assertThat(out.getString(SilverFields.OS_FAMILY))
                        .as("OS of %s", agent)
                        .isEqualTo(expected[1]);
            }
            assertThat(out.getString(SilverFields.DEVICE_CLASS))
                    .as("device class of %s", agent)
                    .isEqualTo(expected[2]);
            assertThat(out.getBoolean(SilverFields.IS_BOT))
                    .as("bot flag of %s", agent)
                    .isEqualTo(Boolean.parseBoolean(expected[3]));
            assertThat(out.getInt32("n")).as("input fields kept").isEqualTo(1);
        });
    }

    @Test
    void versionsAreKeptAndUnknownPartsAreNull() {
        transform.configure(Map.of());
        Struct chrome = enrich("Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) "
                + "Chrome/120.0.6099.144 Mobile Safari/537.36");
        assertThat(chrome.getString(SilverFields.BROWSER_VERSION))
                .as("browser version")
                .startsWith("120");
        assertThat(chrome.getString(SilverFields.OS_VERSION)).as("OS version").isEqualTo("14");
        Struct curl = enrich("curl/8.4.0");
        assertThat(curl.getString(SilverFields.OS_VERSION))
                .as("no OS version for curl")
                .isNull();
    }

    @Test
    void aMissingAgentGivesNullsAndANonStringIsRejectedNamingTheField() {
        transform.configure(Map.of());
        Struct none = enrich(null);
        assertThat(none.getString(SilverFields.BROWSER_FAMILY)).as("no agent").isNull();
        assertThat(none.getBoolean(SilverFields.IS_BOT)).as("no bot verdict").isNull();
        assertThatThrownBy(() -> transform.apply(SimulatedEvents.record(Map.of("user_agent", 42), 1, Instant.now())))
                .as("a number")
                .isInstanceOf(DataException.class)
                .hasMessageContaining("field 'user_agent'");
        assertThatThrownBy(() -> transform.apply(SimulatedEvents.record("raw text", 1, Instant.now())))
                .as("not a struct or map")
                .isInstanceOf(DataException.class)
                .hasMessageContaining("struct or a map");
    }

    @Test
    void schemalessMapsAreEnriched() {
        transform.configure(Map.of());
        Map<String, Object> value = new HashMap<>();
        value.put("user_agent", "curl/8.4.0");
        @SuppressWarnings("unchecked")
        Map<String, Object> out = (Map<String, Object>)
                transform.apply(SimulatedEvents.record(value, 1, Instant.now())).value();
        assertThat(out)
                .as("map output")
                .containsEntry("browser_family", "Curl")
                .containsEntry("is_bot", true)
                .containsEntry("device_class", "bot")
                .containsEntry("user_agent", "curl/8.4.0");
    }

    @Test
    void theCacheIsBoundedByItsSetting() {
        transform.configure(Map.of(UserAgentConfig.CACHE_SIZE, "3"));
        for (int i = 0; i < 50; i++) {
            enrich("curl/8." + i + ".0");
        }
        assertThat(transform.cachedAgents())
                .as("agents cached after 50 distinct")
                .isLessThanOrEqualTo(3);
        Struct again = enrich("curl/8.49.0");
        assertThat(again.getString(SilverFields.BROWSER_VERSION))
                .as("a cached answer")
                .isEqualTo("8.49.0");
    }

    @Test
    void anAgentTooLongToCacheIsParsedEveryTimeAndNeverKept() {
        transform.configure(Map.of());
        String agent = "curl/8.4.0 " + "x".repeat(UserAgentEnrich.MAX_CACHED_LENGTH);

        Struct first = enrich(agent);
        Struct second = enrich(agent);

        assertThat(transform.cachedAgents()).as("agents cached").isZero();
        assertThat(second.getString(SilverFields.BROWSER_FAMILY))
                .as("parsed again, the same")
                .isEqualTo(first.getString(SilverFields.BROWSER_FAMILY))
                .isEqualTo("Curl");
        enrich("curl/8.4.0");
        assertThat(transform.cachedAgents()).as("a short agent is kept").isEqualTo(1);
    }

    @Test
    void aMisnamedAgentFieldFailsTheTaskAtTheFirstStructInsteadOfRejectingEveryRecord() {
        transform.configure(Map.of(UserAgentConfig.FIELD, "useragent"));
        Throwable thrown = catchThrowable(() -> enrich("curl/8.4.0"));
        assertThat(thrown)
                .as("a halt of the task")
                .isInstanceOf(TransformHalt.class)
                .as("not an Exception, which errors.tolerance=all would dead-letter")
                .isNotInstanceOf(Exception.class)
                .hasMessageContaining(UserAgentConfig.FIELD)
                .hasMessageContaining("'useragent'")
                .hasMessageContaining("[user_agent, n]");
        Map<String, Object> map = new HashMap<>(Map.of("user_agent", "curl/8.4.0"));
        assertThat(transform
                        .apply(SimulatedEvents.record(map, 1, Instant.now()))
                        .value())
                .as("a map without the key")
                .asInstanceOf(InstanceOfAssertFactories.MAP)
                .containsEntry("browser_family", null);
        assertThatThrownBy(() -> transform.configure(Map.of(UserAgentConfig.FIELD, "user agent")))
                .as("white space")
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(UserAgentConfig.FIELD);
    }

    @Test
    void anInvalidSettingFailsNamingTheKey() {
        assertThatThrownBy(() -> transform.configure(Map.of(UserAgentConfig.CACHE_SIZE, "-5")))
                .as("negative cache")
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(UserAgentConfig.CACHE_SIZE);
    }
}
