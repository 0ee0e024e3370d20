package io.clickstream.gold.testing;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Gold recomputed in plain Java from the events themselves, independently of the job's code: every distinct event
 * (first delivery per user and id: an id another user sends again is that user's event) that is not in
 * {@code lateIds} counts; a user's events sorted by (time, id) form one session while consecutive events are less
 * than the gap apart. Tables come out in the shapes {@link GoldTables} reads from PostgreSQL; a session's key is
 * not computed (it depends on which event opened the session in the job, i.e. on the batching), only checked to be
 * unique by the table's primary key.
 */
public final class GoldOracle {

    /** One closed session as gold.sessions holds it (without its key). */
    public record Session(
            String userId,
            String clientSessionId,
            long start,
            long end,
            long durationMs,
            int events,
            int pageViews,
            String entryPage,
            String exitPage,
            boolean bounced,
            boolean converted,
            long revenueCents,
            String country,
            String city,
            String device,
            String browser,
            Double latitude,
            Double longitude) {}

    public final List<Session> sessions = new ArrayList<>();
    /** minute|country → events, active users, purchases, revenue cents, started, closed, bounces, conversions. */
    public final Map<String, List<Long>> countryMinutes = new TreeMap<>();
    /** minute|page → views. */
    public final Map<String, Long> pageMinutes = new TreeMap<>();
    /** minute → landings, product views, carts, checkouts, purchases. */
    public final Map<Long, List<Long>> funnel = new TreeMap<>();
    /** minute → events, bot users. */
    public final Map<Long, List<Long>> bots = new TreeMap<>();

    private GoldOracle() {}

    public static GoldOracle compute(List<SilverRow> deliveries, Set<String> lateIds, long gapMs) {
        Map<String, SilverRow> distinct = new LinkedHashMap<>();
        for (SilverRow row : deliveries) {
            if (!lateIds.contains(row.eventId())) {
                distinct.putIfAbsent(row.userId() + "\n" + row.eventId(), row);
            }
        }
        GoldOracle gold = new GoldOracle();
        Map<String, List<SilverRow>> byUser = new HashMap<>();
        Map<String, Set<String>> activeHumans = new HashMap<>();
        Map<Long, Set<String>> activeBots = new HashMap<>();
        for (SilverRow row : distinct.values()) {
            long minute = Math.floorDiv(row.eventTimeMillis(), 60_000L);
            if (row.bot()) {
                List<Long> b = gold.bots.computeIfAbsent(minute, m -> zeros(2));
                b.set(0, b.get(0) + 1);
                if (activeBots.computeIfAbsent(minute, m -> new HashSet<>()).add(row.userId())) {
                    b.set(1, b.get(1) + 1);
                }
                continue;
            }
            byUser.computeIfAbsent(row.userId(), u -> new ArrayList<>()).add(row);
            String cell = minute + "|" + country(row.countryIso());
            List<Long> c = gold.countryMinutes.computeIfAbsent(cell, k -> zeros(8));
            c.set(0, c.get(0) + 1);
            if (activeHumans.computeIfAbsent(cell, k -> new HashSet<>()).add(row.userId())) {
                c.set(1, c.get(1) + 1);
            }
            if (row.eventType().equals("purchase")) {
                c.set(2, c.get(2) + 1);
                c.set(3, c.get(3) + row.revenueCents());
            }
            if (row.eventType().equals("page_view") || row.eventType().equals("product_view")) {
                gold.pageMinutes.merge(minute + "|" + row.pagePath(), 1L, Long::sum);
            }
        }
        for (List<SilverRow> events : byUser.values()) {
            events.sort(Comparator.comparingLong(SilverRow::eventTimeMillis).thenComparing(SilverRow::eventId));
            int from = 0;
            for (int i = 1; i <= events.size(); i++) {
                if (i == events.size()
                        || events.get(i).eventTimeMillis() - events.get(i - 1).eventTimeMillis() >= gapMs) {
                    gold.addSession(events.subList(from, i));
                    from = i;
                }
            }
        }
        return gold;
    }

    private void addSession(List<SilverRow> events) {
        SilverRow first = events.get(0);
        SilverRow last = events.get(events.size() - 1);
        int pageViews = 0;
        long revenue = 0;
        boolean converted = false;
        boolean product = false;
        boolean cart = false;
        boolean checkout = false;
        for (SilverRow e : events) {
            switch (e.eventType()) {
                case "page_view" -> pageViews++;
                case "product_view" -> {
                    pageViews++;
                    product = true;
                }
                case "add_to_cart" -> cart = true;
                case "checkout" -> checkout = true;
                case "purchase" -> {
                    converted = true;
                    revenue += e.revenueCents();
                }
                default -> {}
            }
        }
        boolean bounced = events.size() == 1;
        String country = country(first.countryIso());
        sessions.add(new Session(
                first.userId(),
                first.sessionId(),
                first.eventTimeMillis(),
                last.eventTimeMillis(),
                last.eventTimeMillis() - first.eventTimeMillis(),
                events.size(),
                pageViews,
                first.pagePath(),
                last.pagePath(),
                bounced,
                converted,
                revenue,
                country,
                first.city(),
                first.device(),
                first.browserFamily(),
                first.latitude(),
                first.longitude()));
        long minute = Math.floorDiv(first.eventTimeMillis(), 60_000L);
        List<Long> c = countryMinutes.computeIfAbsent(minute + "|" + country, k -> zeros(8));
        c.set(4, c.get(4) + 1);
        c.set(5, c.get(5) + 1);
        c.set(6, c.get(6) + (bounced ? 1 : 0));
        c.set(7, c.get(7) + (converted ? 1 : 0));
        List<Long> f = funnel.computeIfAbsent(minute, k -> zeros(5));
        f.set(0, f.get(0) + 1);
        f.set(1, f.get(1) + (product ? 1 : 0));
        f.set(2, f.get(2) + (cart ? 1 : 0));
        f.set(3, f.get(3) + (checkout ? 1 : 0));
        f.set(4, f.get(4) + (converted ? 1 : 0));
    }

    private static String country(String iso) {
        return iso == null ? "ZZ" : iso;
    }

    private static List<Long> zeros(int n) {
        List<Long> list = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            list.add(0L);
        }
        return list;
    }
}
