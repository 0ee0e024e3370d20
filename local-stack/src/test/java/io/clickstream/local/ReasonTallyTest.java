package io.clickstream.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ReasonTallyTest {

    @Test
    void countsAreExactWhileTheKindsFitAndTheTopComesMostFrequentFirst() {
        ReasonTally tally = new ReasonTally(10);
        add(tally, "price: must not be negative", 5);
        add(tally, "(record): unreadable JSON", 2);
        add(tally, "event_type: unknown event type", 7);
        add(tally, "currency: not an ISO currency code", 2);

        assertThat(tally.top(3))
                .containsExactly(
                        new ReasonTally.Count("event_type: unknown event type", 7, 0),
                        new ReasonTally.Count("price: must not be negative", 5, 0),
                        new ReasonTally.Count("(record): unreadable JSON", 2, 0));
        assertThat(tally.total()).isEqualTo(16);
    }

    @Test
    void hundredsOfThousandsOfDistinctKindsKeepTheTallyWithinItsCapacityAndTheFrequentKindsOnTop() {
        ReasonTally tally = new ReasonTally(200);
        for (int i = 0; i < 300_000; i++) {
            tally.add("hostile kind " + i); // first, so that the frequent kinds arrive in a full tally
            if (i % 50 == 0) {
                tally.add("price: must not be negative");
            }
            if (i % 100 == 0) {
                tally.add("event_type: unknown event type");
            }
        }

        // Space-Saving keeps every kind more frequent than total / capacity (here ~1,550).
        assertThat(tally.kinds()).as("kinds kept").isEqualTo(200);
        assertThat(tally.total()).isEqualTo(300_000 + 6_000 + 3_000);
        List<ReasonTally.Count> top = tally.top(2);
        assertThat(top)
                .extracting(ReasonTally.Count::kind)
                .containsExactly("price: must not be negative", "event_type: unknown event type");
        assertThat(top.get(0).count())
                .as("an upper bound of the true 6,000")
                .isGreaterThanOrEqualTo(6_000)
                .isLessThanOrEqualTo(6_000 + top.get(0).overcount());
    }

    @Test
    void aKindThatTookAnothersPlaceSaysItsCountMayBeTooHigh() {
        ReasonTally tally = new ReasonTally(2);
        add(tally, "a", 3);
        add(tally, "b", 1);
        tally.add("c");

        assertThat(tally.top(2)).containsExactly(new ReasonTally.Count("a", 3, 0), new ReasonTally.Count("c", 2, 1));
        assertThat(tally.top(2).get(1).exact()).isFalse();
    }

    private static void add(ReasonTally tally, String kind, int times) {
        for (int i = 0; i < times; i++) {
            tally.add(kind);
        }
    }
}
