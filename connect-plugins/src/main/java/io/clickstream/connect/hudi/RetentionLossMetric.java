package io.clickstream.connect.hudi;

import java.util.LinkedHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Gauge;
import org.apache.kafka.common.metrics.PluginMetrics;

/**
 * The task's {@value #NAME} metric: records retention deleted before the sink read them, summed since the task
 * started. Registered through Connect's plugin metrics (Kafka 4.1+, shown in JMX under the task's
 * {@code kafka.connect:type=plugins} MBean); without them (an older worker) only the count and the warnings remain.
 */
final class RetentionLossMetric implements AutoCloseable {

  static final String NAME = "records-lost-to-retention";

  private final AtomicLong total = new AtomicLong();
  private final PluginMetrics metrics;
  private final MetricName name;

  RetentionLossMetric(PluginMetrics metrics) {
    this.metrics = metrics;
    if (metrics == null) {
      this.name = null;
      return;
    }
    this.name = metrics.metricName(NAME, "Records of the sink's topics deleted by retention before the sink read "
        + "them (the table's offset was below the log start offset), since the task started", new LinkedHashMap<>());
    metrics.addMetric(name, (Gauge<Long>) (config, now) -> total.get());
  }

  void add(long records) {
    total.addAndGet(records);
  }

  long total() {
    return total.get();
  }

  @Override
  public void close() {
    if (metrics != null) {
      metrics.removeMetric(name);
    }
  }
}
