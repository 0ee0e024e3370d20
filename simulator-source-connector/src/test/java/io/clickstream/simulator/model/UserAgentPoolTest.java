package io.clickstream.simulator.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clickstream.contract.EventFields.Device;
import io.clickstream.simulator.model.UserAgentPool.Agent;
import io.clickstream.simulator.model.UserAgentPool.Kind;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UserAgentPoolTest {
    private final UserAgentPool pool = UserAgentPool.defaultPool();

    @Test
    void thePoolHoldsHundredsOfAgentsForEveryDeviceAndEveryKindOfBot() {
        assertThat(pool.agents()).as("agents").hasSizeGreaterThanOrEqualTo(300);
        Map<Device, Long> perDevice = new HashMap<>();
        pool.agents().forEach(a -> perDevice.merge(a.device(), 1L, Long::sum));
        assertThat(perDevice.get(Device.DESKTOP)).as("desktop agents").isGreaterThan(100);
        assertThat(perDevice.get(Device.MOBILE)).as("mobile agents").isGreaterThan(60);
        assertThat(perDevice.get(Device.TABLET)).as("tablet agents").isGreaterThan(20);
        assertThat(perDevice.get(Device.BOT)).as("bot agents").isGreaterThan(50);
        assertThat(pool.agents().stream()
                        .filter(a -> a.device() == Device.BOT)
                        .map(Agent::kind)
                        .distinct())
                .as("kinds of bot")
                .containsExactlyInAnyOrder(Kind.CRAWLER, Kind.HEADLESS, Kind.SCRIPT);
        assertThat(pool.agents().stream().map(Agent::network).distinct())
                .as("bot networks")
                .containsExactlyInAnyOrder(
                        null,
                        UserAgentPool.BotNetwork.GOOGLE,
                        UserAgentPool.BotNetwork.BING,
                        UserAgentPool.BotNetwork.CLOUD);
    }

    @Test
    void drawsFollowTheWeightsAndStayInsideTheDevice() {
        for (Device device : Device.values()) {
            List<Agent> listed =
                    pool.agents().stream().filter(a -> a.device() == device).toList();
            long total = listed.stream().mapToLong(Agent::weight).sum();
            Map<String, Integer> drawn = new HashMap<>();
            int draws = 400_000;
            for (int i = 0; i < draws; i++) {
                Agent agent = pool.pick(device, Rng.mix(7, i));
                assertThat(agent.device()).as("device of a draw").isEqualTo(device);
                drawn.merge(agent.text(), 1, Integer::sum);
            }
            for (Agent agent : listed.subList(0, 3)) {
                double expected = agent.weight() / (double) total;
                double seen = drawn.getOrDefault(agent.text(), 0) / (double) draws;
                assertThat(seen).as("share of %s", agent.text()).isBetween(expected * 0.9, expected * 1.1);
            }
            assertThat(drawn).as("%s agents drawn", device).hasSizeGreaterThan(listed.size() * 9 / 10);
        }
    }

    @Test
    void aDrawIsAPureFunctionOfTheDeviceAndHash() {
        UserAgentPool reloaded = UserAgentPool.load(
                UserAgentPool.class.getResourceAsStream(UserAgentPool.RESOURCE), UserAgentPool.RESOURCE);
        Rng rng = new Rng(99);
        for (int i = 0; i < 10_000; i++) {
            long hash = rng.nextLong();
            Device device = Device.values()[i % Device.values().length];
            assertThat(reloaded.pick(device, hash)).as("draw %d", i).isEqualTo(pool.pick(device, hash));
        }
        // Pinned: a change of the pool or of the draw changes every simulated run, so it must be deliberate.
        assertThat(pool.pick(Device.MOBILE, 0L).text()).startsWith("Mozilla/5.0 (iPhone; CPU iPhone OS 18_2");
        assertThat(pool.pick(Device.BOT, -1L).text()).isEqualTo("PostmanRuntime/7.39.0");
    }

    @Test
    void aMalformedPoolFailsNamingTheLine() {
        String text = "# header\ndesktop\tbrowser\t-\t10\tMozilla/5.0 ok\nbot\tbrowser\tcloud\t5\tcurl/8.0\n";
        assertThatThrownBy(() ->
                        UserAgentPool.load(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "test.tsv"))
                .as("a bot listed as a browser")
                .hasMessageContaining("test.tsv:3");
        String missing = "mobile\tbrowser\t-\t1\tMozilla/5.0 (iPhone) Mobile\n";
        assertThatThrownBy(() -> UserAgentPool.load(
                        new ByteArrayInputStream(missing.getBytes(StandardCharsets.UTF_8)), "test.tsv"))
                .as("a device without agents")
                .hasMessageContaining("no agent for device desktop");
    }
}
