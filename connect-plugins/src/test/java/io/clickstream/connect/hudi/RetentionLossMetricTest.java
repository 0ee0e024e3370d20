package io.clickstream.connect.hudi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.metrics.internals.PluginMetricsImpl;
import org.junit.jupiter.api.Test;

class RetentionLossMetricTest {

    private static Object value(Metrics metrics) {
        return metrics.metrics().entrySet().stream()
                .filter(e -> e.getKey().name().equals(RetentionLossMetric.NAME))
                .map(e -> e.getValue().metricValue())
                .findFirst()
                .orElse(null);
    }

    @Test
    void aTaskRestartedWhileItsPreviousInstanceStillHoldsTheMetricRunsWithoutItInsteadOfFailing() {
        try (Metrics metrics = new Metrics()) {
            PluginMetricsImpl taskMetrics = new PluginMetricsImpl(metrics, Map.of("task", "0"));
            RetentionLossMetric previous = new RetentionLossMetric(taskMetrics);
            previous.add(5);

            RetentionLossMetric restarted = new RetentionLossMetric(taskMetrics);
            restarted.add(7);
            assertThat(restarted.total())
                    .as("the restarted instance still counts")
                    .isEqualTo(7L);
            restarted.close();
            assertThat(value(metrics))
                    .as("the previous instance's metric is left alone")
                    .isEqualTo(5L);

            previous.close();
            assertThat(value(metrics))
                    .as("removed by the instance that registered it")
                    .isNull();
        }
    }
}
