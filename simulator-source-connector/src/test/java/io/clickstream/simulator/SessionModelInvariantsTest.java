package io.clickstream.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.clickstream.contract.EventFields;
import io.clickstream.simulator.model.IpPool;
import io.clickstream.simulator.model.TrafficModel;
import io.clickstream.simulator.model.UserAgentPool;
import java.net.InetAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Invariants of the session model over 200,000 events of the default traffic mix (simulated clock). */
class SessionModelInvariantsTest {
    private static final int EVENTS = 200_000;
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9a-f:]+");
    private static final Pattern BOT_AGENT = Pattern.compile("(?i)bot|crawl|spider|slurp|headless|phantomjs|lighthouse"
            + "|python|curl|wget|java|go-http|okhttp|scrapy|axios|node-fetch|libwww|httpclient|^ruby$|postman|google"
            + "|facebookexternalhit|bingpreview|qwantify");
    private static final Pattern HUMAN_BOT_WORDS = Pattern.compile("(?i)bot|crawl|spider|headless|python|curl");

    /** One session as seen on the topic: its events in emission order. */
    record Session(int firstPosition, List<JsonNode> events) {
        String type(int i) {
            return events.get(i).get(EventFields.EVENT_TYPE).asText();
        }

        boolean bot() {
            return events.get(0).get(EventFields.DEVICE).asText().equals("bot");
        }

        boolean has(String type) {
            return events.stream()
                    .anyMatch(e -> e.get(EventFields.EVENT_TYPE).asText().equals(type));
        }

        long firstMillis() {
            return Instant.parse(events.get(0).get(EventFields.TIMESTAMP).asText())
                    .toEpochMilli();
        }

        long lastMillis() {
            return events.stream()
                    .mapToLong(e ->
                            Instant.parse(e.get(EventFields.TIMESTAMP).asText()).toEpochMilli())
                    .max()
                    .orElseThrow();
        }
    }

    static Map<String, Session> sessions = new LinkedHashMap<>();
    static List<JsonNode> events = new ArrayList<>();

    @BeforeAll
    static void generate() {
        TrafficModel model = Simulations.model(Simulations.props());
        for (int i = 0; i < EVENTS; i++) {
            List<String> problems = new ArrayList<>();
            JsonNode event = StrictEventParser.parse(
                    io.clickstream.simulator.event.ClickEventJson.toJson(model.next()), problems);
            assertThat(problems).as("event %d", i).isEmpty();
            events.add(event);
            int position = i;
            sessions.computeIfAbsent(
                            event.get(EventFields.SESSION_ID).asText(), id -> new Session(position, new ArrayList<>()))
                    .events()
                    .add(event);
        }
    }

    /** Sessions that started in the first half of the run: they have ended by its end. */
    static List<Session> completed() {
        return sessions.values().stream()
                .filter(s -> s.firstPosition() < EVENTS / 2)
                .toList();
    }

    @Test
    void everyPurchaseFollowsAnAddToCartAndACheckoutOfItsSession() {
        int purchases = 0;
        for (Session s : sessions.values()) {
            boolean added = false;
            boolean checkedOut = false;
            for (int i = 0; i < s.events().size(); i++) {
                switch (s.type(i)) {
                    case "add_to_cart" -> added = true;
                    case "checkout" -> checkedOut = true;
                    case "purchase" -> {
                        purchases++;
                        assertThat(added && checkedOut)
                                .as("purchase in %s", s.events())
                                .isTrue();
                        assertThat(s.events().get(i).get(EventFields.REVENUE).decimalValue())
                                .isPositive();
                    }
                    default -> {}
                }
            }
        }
        assertThat(purchases).isGreaterThan(100);
    }

    @Test
    void timestampsNeverDecreaseWithinASessionWithoutLateEvents() {
        for (Session s : sessions.values()) {
            long previous = Long.MIN_VALUE;
            for (JsonNode e : s.events()) {
                assertThat(e.has(EventFields.LATE)).isFalse();
                long t = Instant.parse(e.get(EventFields.TIMESTAMP).asText()).toEpochMilli();
                assertThat(t).isGreaterThanOrEqualTo(previous);
                previous = t;
            }
        }
    }

    @Test
    void bounceAndConversionRatesOfHumanSessionsMatchTheConfig() {
        List<Session> humans = completed().stream().filter(s -> !s.bot()).toList();
        assertThat(humans).hasSizeGreaterThan(10_000);
        double bounced = humans.stream().filter(s -> s.events().size() == 1).count() / (double) humans.size();
        double converted = humans.stream().filter(s -> s.has("purchase")).count() / (double) humans.size();
        assertThat(bounced).isBetween(0.33, 0.37);
        assertThat(converted).isBetween(0.025, 0.035);
        // A session that does not bounce has at least its landing page and one more event.
        assertThat(humans.stream()
                        .filter(s -> s.events().size() == 1)
                        .allMatch(s -> s.type(0).endsWith("view")))
                .isTrue();
    }

    @Test
    void botsCrawlFastAndNeverTouchTheCart() {
        List<Session> bots = completed().stream().filter(Session::bot).toList();
        double share = bots.size() / (double) completed().size();
        assertThat(share).isBetween(0.01, 0.03);
        for (Session s : bots) {
            assertThat(s.has("add_to_cart") || s.has("checkout") || s.has("purchase"))
                    .isFalse();
        }
        double botEventsPerSecond = bots.stream()
                .mapToDouble(s -> s.events().size() * 1000.0 / Math.max(1, s.lastMillis() - s.firstMillis()))
                .average()
                .orElseThrow();
        assertThat(botEventsPerSecond)
                .as("bot events per second within a session")
                .isGreaterThan(1.0);
    }

    @Test
    void hundredsOfDistinctUserAgentsAppearAndNoneDominates() {
        Map<String, Integer> perAgent = new HashMap<>();
        for (JsonNode e : events) {
            perAgent.merge(e.get(EventFields.USER_AGENT).asText(), 1, Integer::sum);
        }
        int top = perAgent.values().stream().max(Integer::compare).orElseThrow();
        assertThat(perAgent).as("distinct user agents in %d events", EVENTS).hasSizeGreaterThan(300);
        assertThat(perAgent.size())
                .as("share of the pool seen")
                .isGreaterThan(UserAgentPool.defaultPool().agents().size() * 6 / 10);
        assertThat(top / (double) EVENTS).as("share of the most frequent agent").isLessThan(0.08);
    }

    @Test
    void everyUserAgentFitsTheSimulatedDevice() throws Exception {
        Map<String, UserAgentPool.Agent> pool = new HashMap<>();
        UserAgentPool.defaultPool().agents().forEach(a -> pool.put(a.text(), a));
        IpPool ips = IpPool.defaultPool();
        for (JsonNode e : events) {
            String agent = e.get(EventFields.USER_AGENT).asText();
            String device = e.get(EventFields.DEVICE).asText();
            assertThat(pool.get(agent)).as("agent of the pool: %s", agent).isNotNull();
            assertThat(pool.get(agent).device().wireName())
                    .as("pool's device of %s", agent)
                    .isEqualTo(device);
            // Independent of the pool's own labels: what the agent text says about the device.
            switch (device) {
                case "bot" -> assertThat(agent).as("bot agent").containsPattern(BOT_AGENT);
                case "mobile" ->
                    assertThat(agent)
                            .as("mobile agent")
                            .contains("Mobile")
                            .doesNotContain("iPad")
                            .doesNotContainPattern(HUMAN_BOT_WORDS);
                case "tablet" ->
                    assertThat(agent.contains("iPad") || (agent.contains("Android") && !agent.contains("Mobile")))
                            .as("tablet agent %s", agent)
                            .isTrue();
                default ->
                    assertThat(agent)
                            .as("desktop agent")
                            .containsPattern("Windows|Macintosh|X11")
                            .doesNotContainPattern("Mobile|Android|iPhone|iPad")
                            .doesNotContainPattern(HUMAN_BOT_WORDS);
            }
            if (device.equals("bot")) {
                InetAddress address =
                        InetAddress.getByName(e.get(EventFields.IP_ADDRESS).asText());
                assertThat(ips.botNetworks()
                                .get(pool.get(agent).network().ordinal())
                                .contains(address))
                        .as("%s crawls from its own network", agent)
                        .isTrue();
            }
        }
    }

    @Test
    void usersKeepTheirDeviceAndAgentAndRestBetweenSessions() {
        Map<String, String> agentOfUser = new HashMap<>();
        Map<String, List<Session>> sessionsOfUser = new HashMap<>();
        for (Session s : sessions.values()) {
            String user = s.events().get(0).get(EventFields.USER_ID).asText();
            sessionsOfUser.computeIfAbsent(user, u -> new ArrayList<>()).add(s);
            for (JsonNode e : s.events()) {
                assertThat(e.get(EventFields.USER_ID).asText()).isEqualTo(user);
                String agent = e.get(EventFields.DEVICE).asText() + "|"
                        + e.get(EventFields.USER_AGENT).asText();
                assertThat(agentOfUser.computeIfAbsent(user, u -> agent)).isEqualTo(agent);
            }
        }
        long returning =
                sessionsOfUser.values().stream().filter(l -> l.size() > 1).count();
        assertThat(returning).as("users with several sessions").isGreaterThan(100);
        long timeout = 1_800_000;
        for (List<Session> list : sessionsOfUser.values()) {
            for (int i = 1; i < list.size(); i++) {
                assertThat(list.get(i).firstMillis() - list.get(i - 1).lastMillis())
                        .as("gap between two sessions of a user")
                        .isGreaterThanOrEqualTo(timeout);
            }
        }
    }

    @Test
    void addressesParseAndArePublicUnlessInTheUnknownShare() throws Exception {
        IpPool pool = IpPool.defaultPool();
        int reserved = 0;
        int v6 = 0;
        List<Session> humans = sessions.values().stream().filter(s -> !s.bot()).toList();
        for (Session s : humans) {
            String ip = s.events().get(0).get(EventFields.IP_ADDRESS).asText();
            assertThat(IPV4.matcher(ip).matches()
                            || (ip.contains(":") && IPV6.matcher(ip).matches()))
                    .as(ip)
                    .isTrue();
            InetAddress address = InetAddress.getByName(ip); // a literal: no lookup
            if (pool.isReserved(address)) {
                reserved++;
            } else {
                assertThat(pool.isPublicTableAddress(address)).as(ip).isTrue();
                assertThat(address.isSiteLocalAddress() || address.isLoopbackAddress() || address.isLinkLocalAddress())
                        .as(ip)
                        .isFalse();
            }
            if (ip.contains(":")) {
                v6++;
            }
            for (JsonNode e : s.events()) {
                assertThat(e.get(EventFields.IP_ADDRESS).asText())
                        .as("one address per session")
                        .isEqualTo(ip);
            }
        }
        assertThat(reserved / (double) humans.size()).isBetween(0.005, 0.015);
        assertThat(v6 / (double) humans.size()).isBetween(0.07, 0.13);
    }

    @Test
    void eventIdsAreUniqueWithoutDuplicates() {
        Set<String> ids = new HashSet<>();
        for (JsonNode e : events) {
            assertThat(ids.add(e.get(EventFields.EVENT_ID).asText())).isTrue();
        }
    }

    @Test
    void lateEventsAreMarkedAndAtMostTheMaxDelayEarlier() {
        TrafficModel model = Simulations.model(Simulations.props(
                ClickstreamSourceConfig.LATE_EVENT_SHARE,
                "0.05",
                ClickstreamSourceConfig.LATE_EVENT_MAX_DELAY_MS,
                "60000"));
        Map<String, Long> lastOnTime = new HashMap<>();
        int late = 0;
        int total = 50_000;
        for (int i = 0; i < total; i++) {
            JsonNode e = StrictEventParser.parse(
                    io.clickstream.simulator.event.ClickEventJson.toJson(model.next()), new ArrayList<>());
            long t = Instant.parse(e.get(EventFields.TIMESTAMP).asText()).toEpochMilli();
            String session = e.get(EventFields.SESSION_ID).asText();
            Long previous = lastOnTime.get(session);
            if (e.path(EventFields.LATE).asBoolean(false)) {
                late++;
                assertThat(previous).as("a first event is never late").isNotNull();
                assertThat(previous - t).isBetween(1L, 60_000L);
            } else {
                if (previous != null) {
                    assertThat(t).isGreaterThanOrEqualTo(previous);
                }
                lastOnTime.put(session, t);
            }
        }
        assertThat(late / (double) total).isBetween(0.03, 0.06);
    }
}
