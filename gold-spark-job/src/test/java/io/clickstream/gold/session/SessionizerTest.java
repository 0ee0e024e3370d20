package io.clickstream.gold.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SessionizerTest {

    private static final long GAP = 30 * 60_000L;
    private static final long T0 = 1_700_000_000_000L;
    private final Sessionizer sessionizer = new Sessionizer(GAP, 1_000, 30_000);
    private final FakeGroupState state = new FakeGroupState();

    @Test
    void eventsWithinTheGapFormOneOpenSessionThatClosesWhenTheWatermarkPassesItsGap() {
        List<GoldRow> out = call("user:u1", event("a", "page_view", 0, null), event("b", "product_view", 60_000, null));
        GoldRow session = only(out, GoldRow.SESSION);
        assertThat(session.isOpen()).as("open while the watermark is behind").isTrue();
        assertThat(session.getEvents()).as("events").isEqualTo(2);
        assertThat(session.getUserId()).as("user").isEqualTo("u1");
        assertThat(only(out, GoldRow.COUNTS).getRowsIn()).as("rows in").isEqualTo(2);

        state.watermarkMs = T0 + 60_000 + GAP;
        GoldRow closed = only(call("user:u1"), GoldRow.SESSION);
        assertThat(closed.isOpen())
                .as("closed once the watermark reaches end + gap")
                .isFalse();
        assertThat(closed.isBounced()).as("two events: no bounce").isFalse();
        assertThat(state.exists()).as("state evicted").isFalse();
    }

    @Test
    void onlyTheRowOfTheBatchThatOpensASessionIsFreshSoTheLoaderMayInsertItWithoutLookingForAStoredOne() {
        GoldRow opened = only(call("user:u1", event("a", "page_view", 0, null)), GoldRow.SESSION);
        assertThat(opened.isFresh()).as("first row of the session").isTrue();
        GoldRow grown = only(call("user:u1", event("b", "page_view", 60_000, null)), GoldRow.SESSION);
        assertThat(grown.isFresh()).as("a later row replaces a stored one").isFalse();
        state.watermarkMs = T0 + 60_000 + GAP;
        assertThat(only(call("user:u1"), GoldRow.SESSION).isFresh())
                .as("the closing row")
                .isFalse();
    }

    @Test
    void aLateEventIsCountedAndADuplicateIsIgnoredAndALateBridgeMergesTwoSessions() {
        call("user:u1", event("a", "page_view", 0, null), event("c", "page_view", 40 * 60_000L, null));
        state.watermarkMs = T0 + 1;
        List<GoldRow> out = call(
                "user:u1",
                event("c", "page_view", 40 * 60_000L, null),
                event("old", "page_view", 1, null),
                event("b", "purchase", 20 * 60_000L, new BigDecimal("12.34")));
        GoldRow counts = only(out, GoldRow.COUNTS);
        assertThat(counts.getLateRows()).as("at the watermark is late").isEqualTo(1);
        assertThat(counts.getDuplicateRows()).as("event c again").isEqualTo(1);
        assertThat(out)
                .as("the later session merged away")
                .anyMatch(r -> r.getKind().equals(GoldRow.DELETED)
                        && r.getSessionKey().equals(SessionKey.of("u1", "c", T0 + 40 * 60_000L)));
        GoldRow merged = only(out, GoldRow.SESSION);
        assertThat(merged.getSessionKey()).as("earlier key survives").isEqualTo(SessionKey.of("u1", "a", T0));
        assertThat(merged.getEvents()).as("events").isEqualTo(3);
        assertThat(merged.getRevenueCents()).as("revenue").isEqualTo(1234);
        assertThat(merged.isConverted()).as("converted").isTrue();
    }

    @Test
    void anEventIdAnotherUserSendsAgainOpensASessionWithAKeyOfItsOwn() {
        GoldRow first = only(call("user:u1", event("a", "page_view", 0, null)), GoldRow.SESSION);
        SilverEvent reused = event("a", "page_view", 0, null);
        reused.setUserId("u2");
        GoldRow second = only(call(new FakeGroupState(), "user:u2", reused), GoldRow.SESSION);
        assertThat(second.getSessionKey()).as("the other user's session").isNotEqualTo(first.getSessionKey());
        assertThat(second.isFresh()).as("a new session").isTrue();
    }

    @Test
    void anEventIdTheSameUserSendsAgainAfterItsSessionClosedOpensASessionWithAnotherKey() {
        GoldRow opened = only(call("user:u1", event("a", "page_view", 0, null)), GoldRow.SESSION);
        state.watermarkMs = T0 + GAP;
        assertThat(only(call("user:u1"), GoldRow.SESSION).isOpen()).as("closed").isFalse();
        GoldRow again = only(call("user:u1", event("a", "page_view", 2 * GAP, null)), GoldRow.SESSION);
        assertThat(again.isFresh()).as("a new session").isTrue();
        assertThat(again.getSessionKey()).as("its key").isNotEqualTo(opened.getSessionKey());
    }

    @Test
    void aBatchRecomputedAfterARestartGivesTheSameKeys() {
        SilverEvent[] batch = {
            event("b", "page_view", 60_000, null),
            event("a", "page_view", 0, null),
            event("z", "page_view", 3 * GAP, null)
        };
        List<String> keys = call("user:u1", batch).stream()
                .filter(r -> r.getKind().equals(GoldRow.SESSION))
                .map(GoldRow::getSessionKey)
                .sorted()
                .toList();
        List<String> again = call(new FakeGroupState(), "user:u1", batch).stream()
                .filter(r -> r.getKind().equals(GoldRow.SESSION))
                .map(GoldRow::getSessionKey)
                .toList();
        assertThat(keys).as("two sessions").hasSize(2).doesNotHaveDuplicates();
        assertThat(again.stream().sorted().toList())
                .as("the same keys from the same state and batch")
                .isEqualTo(keys);
        assertThat(keys)
                .as("of the events that opened them")
                .contains(SessionKey.of("u1", "a", T0), SessionKey.of("u1", "z", T0 + 3 * GAP));
    }

    @Test
    void theSessionsLocationIsItsEarliestEventsEvenWhenThatEventArrivesLater() {
        SilverEvent second = located(event("b", "page_view", 60_000, null), 52.52, 13.405);
        GoldRow first = only(call("user:u1", second), GoldRow.SESSION);
        assertThat(first.getLatitude()).as("latitude of the only event").isEqualTo(52.52);

        state.watermarkMs = T0 - GAP;
        GoldRow moved =
                only(call("user:u1", located(event("a", "page_view", 0, null), -8.0476, -34.877)), GoldRow.SESSION);
        assertThat(moved.getLatitude()).as("latitude of the new earliest event").isEqualTo(-8.0476);
        assertThat(moved.getLongitude())
                .as("longitude of the new earliest event")
                .isEqualTo(-34.877);
        assertThat(only(call("user:u1", event("c", "page_view", 120_000, null)), GoldRow.SESSION)
                        .getLatitude())
                .as("an unlocated later event changes nothing")
                .isEqualTo(-8.0476);
    }

    @Test
    void everyStringOfASessionAndAnEventIsStorableBeforeItIsGroupedOrWritten() {
        SilverEvent odd = event("n", "page_view", 0, null);
        odd.setUserId("u\u0000");
        odd.setSessionId("s\uD800");
        odd.setPagePath("/a\u0000" + "p".repeat(2_000));
        odd.setCountryIso("D\u0001");
        odd.setCity("Kö\u001fln");
        List<GoldRow> out = call(new FakeGroupState(), "user:u\u0000", odd);
        GoldRow session = only(out, GoldRow.SESSION);
        GoldRow event = only(out, GoldRow.EVENT);
        assertThat(session.getUserId()).as("user").isEqualTo("u\\u0000");
        assertThat(session.getClientSessionId()).as("client session").isEqualTo("s\uFFFD");
        assertThat(session.getEntryPage())
                .as("entry page")
                .startsWith("/a\\u0000ppp")
                .hasSize(512);
        assertThat(event.getPagePath()).as("the event's page, as the session's").isEqualTo(session.getEntryPage());
        assertThat(event.getCountryIso()).as("country").isEqualTo("D\\u0001");
        assertThat(session.getCity()).as("city").isEqualTo("Kö\\u001fln");
    }

    @Test
    void aRowWithoutIdOrTimeIsCountedAndNullsNeverReachANotNullColumnOrTheEventTypeLookup() {
        SilverEvent noId = event("x", "page_view", 0, null);
        noId.setEventId(null);
        SilverEvent noTime = event("y", "page_view", 0, null);
        noTime.setEventTime(null);
        SilverEvent bare = event("b", "page_view", 0, null);
        bare.setPagePath(null);
        bare.setSessionId(null);
        SilverEvent noType = event("c", null, 1_000, null);
        List<GoldRow> out = call("user:u1", noId, noTime, bare, noType);
        GoldRow counts = only(out, GoldRow.COUNTS);
        assertThat(counts.getRowsIn()).as("every row read").isEqualTo(4);
        assertThat(counts.getLateRows() + counts.getDuplicateRows())
                .as("none late or duplicate")
                .isZero();
        GoldRow session = only(out, GoldRow.SESSION);
        assertThat(session.getEvents()).as("the two placeable events").isEqualTo(2);
        assertThat(session.getEntryPage()).as("entry page").isEmpty();
        assertThat(session.getClientSessionId()).as("client session").isEmpty();
        assertThat(out)
                .as("event rows")
                .filteredOn(r -> r.getKind().equals(GoldRow.EVENT))
                .hasSize(2)
                .allMatch(r -> r.getPagePath() != null);
    }

    @Test
    void botTrafficProducesBotRowsAndNoSession() {
        List<GoldRow> out = call("bot:b1", event("x", "page_view", 0, null));
        assertThat(out).as("no session for bots").noneMatch(r -> r.getKind().equals(GoldRow.SESSION));
        assertThat(only(out, GoldRow.BOT_EVENT).isFirstInCell())
                .as("first bot event in minute")
                .isTrue();
    }

    @Test
    void aHumanEventIsABusinessEvent() {
        List<GoldRow> out = call("user:u2", event("y", "page_view", 0, null));
        assertThat(only(out, GoldRow.EVENT).getCountryIso())
                .as("unknown country")
                .isEqualTo("ZZ");
    }

    private List<GoldRow> call(String key, SilverEvent... events) {
        return call(state, key, events);
    }

    private List<GoldRow> call(FakeGroupState groupState, String key, SilverEvent... events) {
        List<GoldRow> out = new ArrayList<>();
        sessionizer.call(key, List.of(events).iterator(), groupState).forEachRemaining(out::add);
        return out;
    }

    private static GoldRow only(List<GoldRow> rows, String kind) {
        List<GoldRow> matching =
                rows.stream().filter(r -> r.getKind().equals(kind)).toList();
        assertThat(matching).as("rows of kind " + kind).hasSize(1);
        return matching.get(0);
    }

    private static SilverEvent located(SilverEvent event, double latitude, double longitude) {
        event.setLatitude(latitude);
        event.setLongitude(longitude);
        return event;
    }

    /** A human user u1's event in session s1 on page "/", {@code time} ms after a fixed instant. */
    static SilverEvent event(String id, String type, long time, BigDecimal revenue) {
        SilverEvent e = new SilverEvent();
        e.setEventId(id);
        e.setEventType(type);
        e.setEventTime(new Timestamp(T0 + time));
        e.setUserId("u1");
        e.setSessionId("s1");
        e.setPagePath("/");
        e.setRevenue(revenue);
        e.setBot(false);
        return e;
    }
}
