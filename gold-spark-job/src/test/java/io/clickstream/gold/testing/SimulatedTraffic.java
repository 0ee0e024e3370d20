package io.clickstream.gold.testing;

import io.clickstream.contract.EventFields.Device;
import io.clickstream.simulator.event.ClickEvent;
import io.clickstream.simulator.model.EventClock;
import io.clickstream.simulator.model.ModelSettings;
import io.clickstream.simulator.model.TrafficModel;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Silver rows from the simulator's own traffic model (simulated clock, so hours of traffic in a moment), with late
 * and duplicate deliveries on, bots included. GeoIP and user-agent enrichment are stood in for by pure functions of
 * the address and the agent (the Gold job only groups by them).
 */
public final class SimulatedTraffic {

    private static final String[] COUNTRIES = {"DE", "US", "FR", "BR", "JP", null};
    private static final String[] CITIES = {"Berlin", "Chicago", "Lyon", "Recife", "Osaka", null};
    /** GeoIP's coordinates, stood in for by the city's (none without a city). */
    private static final Double[][] LOCATIONS = {
        {52.52, 13.405}, {41.8781, -87.6298}, {45.764, 4.8357}, {-8.0476, -34.877}, {34.6937, 135.5023}, {null, null}
    };

    private SimulatedTraffic() {}

    /**
     * {@code records} deliveries (duplicates included) of a model with {@code concurrent} sessions over
     * {@code population} users; the simulator's session timeout is {@code inactivityMs}.
     */
    public static List<SilverRow> generate(
            long seed,
            int records,
            int concurrent,
            int population,
            long inactivityMs,
            double lateShare,
            double duplicateShare,
            Instant start) {
        ModelSettings settings = new ModelSettings(
                seed,
                ModelSettings.streamSeed(seed, 0, 1),
                concurrent,
                0,
                population,
                6.0,
                inactivityMs,
                20_000.0,
                0.35,
                0.05,
                0.03,
                lateShare,
                120_000L,
                duplicateShare,
                0.0,
                0.01,
                0.1,
                500);
        TrafficModel model = new TrafficModel(settings, EventClock.simulated(start));
        List<SilverRow> rows = new ArrayList<>(records);
        for (int i = 0; i < records; i++) {
            rows.add(toSilver(model.next()));
        }
        return rows;
    }

    static SilverRow toSilver(ClickEvent e) {
        int geo = Math.floorMod(e.ipAddress().hashCode(), COUNTRIES.length);
        boolean bot = e.device() == Device.BOT;
        return new SilverRow(
                e.eventId(),
                e.type().wireName(),
                e.timestampMillis(),
                e.userId(),
                e.sessionId(),
                e.pageUrl(),
                URI.create(e.pageUrl()).getPath(),
                e.referrer().isEmpty() ? null : e.referrer(),
                e.ipAddress(),
                e.userAgent(),
                e.device().wireName(),
                e.revenueCents(),
                e.late(),
                COUNTRIES[geo],
                CITIES[geo],
                LOCATIONS[geo][0],
                LOCATIONS[geo][1],
                browser(e.userAgent()),
                bot);
    }

    private static String browser(String userAgent) {
        for (String family : new String[] {"Firefox", "Edg", "Chrome", "Safari"}) {
            if (userAgent.contains(family)) {
                return family;
            }
        }
        return null;
    }
}
