package io.clickstream.connect.hudi;

import java.util.LinkedHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Gauge;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A count since the task started, shown as one of the task's plugin metrics (Kafka 4.1+, JMX
 * {@code kafka.connect:type=plugins,connector=...,task=...}); without plugin metrics (an older worker) only the count
 * remains. Never fails the task: when the name is still taken (Connect restarted the task on this worker while its
 * previous instance is still stopping, e.g. after the worker was frozen) the metric is left out with a warning.
 */
class TaskCounter implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TaskCounter.class);

    private final AtomicLong total = new AtomicLong();
    private final PluginMetrics metrics;
    private final MetricName registered; // null when this instance did not register the metric

    TaskCounter(PluginMetrics metrics, String name, String description) {
        this.metrics = metrics;
        if (metrics == null) {
            this.registered = null;
            return;
        }
        MetricName metricName = metrics.metricName(name, description, new LinkedHashMap<>());
        MetricName added = metricName;
        try {
            metrics.addMetric(metricName, (Gauge<Long>) (config, now) -> total.get());
        } catch (IllegalArgumentException e) {
            LOG.warn(
                    "Metric {} of this task is still registered by its previous instance; this instance runs without it: "
                            + "{}",
                    name,
                    e.getMessage());
            added = null;
        }
        this.registered = added;
    }

    void add(long count) {
        total.addAndGet(count);
    }

    long total() {
        return total.get();
    }

    @Override
    public void close() {
        if (registered != null) {
            metrics.removeMetric(registered);
        }
    }
}
