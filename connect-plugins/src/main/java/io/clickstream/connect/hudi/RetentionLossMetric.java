package io.clickstream.connect.hudi;

import java.util.LinkedHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Gauge;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The task's {@value #NAME} metric: records retention deleted before the sink read them, summed since the task
 * started. Registered through Connect's plugin metrics (Kafka 4.1+, shown in JMX under the task's
 * {@code kafka.connect:type=plugins} MBean); without them (an older worker) only the count and the warnings remain.
 * Never fails the task: when the name is still taken (Connect restarted the task on this worker while its previous
 * instance is still stopping, e.g. after the worker was frozen) the metric is left out with a warning.
 */
final class RetentionLossMetric implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(RetentionLossMetric.class);

  static final String NAME = "records-lost-to-retention";

  private final AtomicLong total = new AtomicLong();
  private final PluginMetrics metrics;
  private final MetricName registered; // null when this instance did not register the metric

  RetentionLossMetric(PluginMetrics metrics) {
    this.metrics = metrics;
    if (metrics == null) {
      this.registered = null;
      return;
    }
    MetricName name = metrics.metricName(NAME, "Records of the sink's topics deleted by retention before the sink read "
        + "them (the table's offset was below the log start offset), since the task started", new LinkedHashMap<>());
    MetricName registered = name;
    try {
      metrics.addMetric(name, (Gauge<Long>) (config, now) -> total.get());
    } catch (IllegalArgumentException e) {
      LOG.warn("Metric {} of this task is still registered by its previous instance; this instance runs without it: "
          + "{}", NAME, e.getMessage());
      registered = null;
    }
    this.registered = registered;
  }

  void add(long records) {
    total.addAndGet(records);
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
