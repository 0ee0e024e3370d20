package io.clickstream.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.source.ConnectorTransactionBoundaries;
import org.apache.kafka.connect.source.ExactlyOnceSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ClickstreamSourceConnectorTest {

    private static List<TaskAssignment> assignments(int tasks, String... overrides) {
        ClickstreamSourceConnector connector = new ClickstreamSourceConnector();
        connector.start(Simulations.props(overrides));
        List<Map<String, String>> configs = connector.taskConfigs(tasks);
        assertThat(configs).hasSize(tasks);
        return configs.stream()
                .map(c -> TaskAssignment.fromProps(new ClickstreamSourceConfig(c), c))
                .toList();
    }

    @ParameterizedTest(name = "{0} tasks, {1} events, {2}/s")
    @CsvSource({"1,1000,50", "3,1000,50", "7,10,0.3", "4,3,1000", "6,1000003,12345.678"})
    void tasksShareMaxEventsRateAndUsersExactly(int tasks, long maxEvents, double rate) {
        List<TaskAssignment> split = assignments(
                tasks,
                "max.events",
                Long.toString(maxEvents),
                "events.per.second",
                Double.toString(rate),
                "users.concurrent",
                "1000",
                "users.population",
                "100000");
        assertThat(split.stream().mapToLong(TaskAssignment::maxEvents).sum()).isEqualTo(maxEvents);
        assertThat(split.stream().mapToDouble(TaskAssignment::eventsPerSecond).sum())
                .isCloseTo(rate, org.assertj.core.data.Offset.offset(rate * 1e-12));
        assertThat(split.stream().mapToInt(TaskAssignment::concurrentUsers).sum())
                .isEqualTo(1000);
        assertThat(split.stream().mapToInt(TaskAssignment::userCount).sum()).isEqualTo(100_000);
        for (int i = 0; i < tasks; i++) {
            TaskAssignment a = split.get(i);
            assertThat(a.index()).isEqualTo(i);
            assertThat(a.count()).isEqualTo(tasks);
            assertThat(a.maxEvents()).isBetween(maxEvents / tasks, maxEvents / tasks + 1);
            if (i > 0) {
                TaskAssignment previous = split.get(i - 1);
                assertThat(a.firstUser())
                        .as("disjoint user ranges")
                        .isEqualTo(previous.firstUser() + previous.userCount());
            }
        }
    }

    @Test
    void unlimitedStaysUnlimitedInEveryTask() {
        assertThat(assignments(3, "max.events", "0", "events.per.second", "0"))
                .allMatch(a -> a.maxEvents() == TaskAssignment.UNLIMITED && a.eventsPerSecond() == 0);
    }

    @Test
    void supportsExactlyOnceWithoutDefiningTransactionBoundaries() {
        ClickstreamSourceConnector connector = new ClickstreamSourceConnector();
        assertThat(connector.exactlyOnceSupport(Map.of())).isEqualTo(ExactlyOnceSupport.SUPPORTED);
        assertThat(connector.canDefineTransactionBoundaries(Map.of()))
                .isEqualTo(ConnectorTransactionBoundaries.UNSUPPORTED);
        assertThat(connector.version()).isNotBlank().isNotEqualTo("unknown");
        assertThat(connector.taskClass()).isEqualTo(ClickstreamSourceTask.class);
    }

    @Test
    void isRegisteredAsAServiceForPluginDiscovery() {
        assertThat(java.util.ServiceLoader.load(org.apache.kafka.connect.source.SourceConnector.class).stream()
                        .map(p -> p.type().getName()))
                .contains(ClickstreamSourceConnector.class.getName());
    }
}
