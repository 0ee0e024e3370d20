package io.clickstream.gold.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Gold in PostgreSQL against the oracle, table by table, exactly. */
public final class GoldAssertions {

    private GoldAssertions() {}

    /** Every table equal to the oracle's, and the oracle's traffic varied enough to mean something. */
    public static void assertGoldEquals(GoldTables gold, GoldOracle oracle) throws Exception {
        assertTablesEqual(gold, oracle);
        assertThat(oracle.sessions.stream()
                        .filter(GoldOracle.Session::converted)
                        .count())
                .as("some conversions")
                .isPositive();
        assertThat(oracle.sessions.stream().filter(GoldOracle.Session::bounced).count())
                .as("some bounces")
                .isPositive();
        assertThat(oracle.bots).as("some bot traffic").hasSizeGreaterThan(1);
    }

    /** Every table equal to the oracle's (closed sessions, the per-minute tables), whatever the traffic. */
    public static void assertTablesEqual(GoldTables gold, GoldOracle oracle) throws Exception {
        Comparator<GoldOracle.Session> order =
                Comparator.comparing(GoldOracle.Session::userId).thenComparingLong(GoldOracle.Session::start);
        List<GoldOracle.Session> expected = new ArrayList<>(oracle.sessions);
        expected.sort(order);
        List<GoldOracle.Session> actual = gold.closedSessions();
        actual.sort(order);
        assertThat(actual).as("sessions").hasSize(expected.size()).isEqualTo(expected);
        assertThat(gold.countryMinutes()).as("per-minute metrics by country").isEqualTo(oracle.countryMinutes);
        assertThat(gold.pageMinutes()).as("page views per minute").isEqualTo(oracle.pageMinutes);
        assertThat(gold.funnel()).as("funnel per minute").isEqualTo(oracle.funnel);
        assertThat(gold.bots()).as("bot traffic per minute").isEqualTo(oracle.bots);
    }
}
