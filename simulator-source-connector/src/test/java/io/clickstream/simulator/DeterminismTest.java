package io.clickstream.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.clickstream.simulator.event.ClickEventJson;
import io.clickstream.simulator.model.TrafficModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Same seed and settings give the same bytes; a restart from offset k continues exactly where k left off. */
class DeterminismTest {
    /** Every fault enabled, so duplicates (two records from one step) and late/malformed draws are exercised. */
    private static final Map<String, String> FAULTY = Simulations.props(
            ClickstreamSourceConfig.DUPLICATE_SHARE, "0.05",
            ClickstreamSourceConfig.LATE_EVENT_SHARE, "0.05",
            ClickstreamSourceConfig.MALFORMED_SHARE, "0.05",
            ClickstreamSourceConfig.USERS_CONCURRENT, "500",
            ClickstreamSourceConfig.MAX_EVENTS, "0");

    @Test
    void sameSeedAndSettingsGiveIdenticalBytes() {
        List<String> first = Simulations.json(Simulations.model(FAULTY), 30_000);
        List<String> second = Simulations.json(Simulations.model(FAULTY), 30_000);
        assertThat(second).isEqualTo(first);
    }

    @Test
    void anotherSeedOrAnotherTaskGivesAnotherStream() {
        List<String> base = Simulations.json(Simulations.model(FAULTY), 1000);
        Map<String, String> otherSeed = new java.util.HashMap<>(FAULTY);
        otherSeed.put(ClickstreamSourceConfig.SEED, "43");
        List<String> reseeded = Simulations.json(Simulations.model(otherSeed), 1000);
        List<String> task1 = Simulations.json(Simulations.model(FAULTY, 1, 2), 1000);
        List<String> task0 = Simulations.json(Simulations.model(FAULTY, 0, 2), 1000);
        assertThat(reseeded.get(0)).isNotEqualTo(base.get(0));
        assertThat(task0.get(0)).isNotEqualTo(task1.get(0));
        assertThat(reseeded).doesNotContainAnyElementsOf(base);
        assertThat(task1).doesNotContainAnyElementsOf(task0);
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 17, 999, 4_321, 12_345})
    void skippingToAnOffsetEqualsTheTailOfAFullRun(long offset) {
        List<String> full = Simulations.json(Simulations.model(FAULTY), 15_000);
        TrafficModel resumed = Simulations.model(FAULTY);
        resumed.skip(offset);
        assertThat(resumed.position()).isEqualTo(offset);
        List<String> tail = Simulations.json(resumed, (int) (15_000 - offset));
        assertThat(tail).isEqualTo(full.subList((int) offset, 15_000));
    }

    @Test
    void resumingRightAfterTheOriginalOfADuplicateEmitsTheDuplicateNext() {
        TrafficModel model = Simulations.model(FAULTY);
        List<String> full = Simulations.json(model, 5_000);
        int k = -1;
        for (int i = 1; i < full.size(); i++) {
            if (full.get(i).equals(full.get(i - 1))) {
                k = i;
                break;
            }
        }
        assertThat(k).as("a duplicate delivery in the first 5000 records").isPositive();
        TrafficModel resumed = Simulations.model(FAULTY);
        resumed.skip(k);
        assertThat(ClickEventJson.toJson(resumed.next())).isEqualTo(full.get(k - 1));
    }

    @Test
    void aRestartedTaskContinuesFromItsCommittedOffsetWithoutGapOrRepeat() throws Exception {
        Map<String, String> props = new java.util.HashMap<>(FAULTY);
        props.put(ClickstreamSourceConfig.EVENTS_PER_SECOND, "0");
        props.put(ClickstreamSourceConfig.BATCH_MAX_RECORDS, "700");
        InMemoryTaskContext context = new InMemoryTaskContext(props);

        // An uninterrupted run: the reference.
        List<SourceRecord> reference = pollRecords(new InMemoryTaskContext(props), props, 5);

        // First life: three polls, all committed, then a crash.
        List<SourceRecord> firstLife = pollRecords(context, props, 3);
        firstLife.forEach(context::commit);
        // Second life reads the committed offset and must continue with record 2101.
        List<SourceRecord> secondLife = pollRecords(context, props, 2);

        List<SourceRecord> joined = new ArrayList<>(firstLife);
        joined.addAll(secondLife);
        assertThat(joined).hasSize(reference.size());
        for (int i = 0; i < joined.size(); i++) {
            assertThat(joined.get(i).value()).isEqualTo(reference.get(i).value());
            assertThat(joined.get(i).key()).isEqualTo(reference.get(i).key());
            assertThat(joined.get(i).timestamp()).isEqualTo(reference.get(i).timestamp());
            assertThat(joined.get(i).sourceOffset()).isEqualTo(Map.of("seq", (long) i + 1));
        }
    }

    private static List<SourceRecord> pollRecords(InMemoryTaskContext context, Map<String, String> props, int polls)
            throws InterruptedException {
        ClickstreamSourceTask task = new ClickstreamSourceTask();
        task.initialize(context);
        task.start(props);
        List<SourceRecord> out = new ArrayList<>();
        for (int i = 0; i < polls; i++) {
            out.addAll(task.poll());
        }
        task.stop();
        return out;
    }
}
