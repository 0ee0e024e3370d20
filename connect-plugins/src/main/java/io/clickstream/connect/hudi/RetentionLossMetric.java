package io.clickstream.connect.hudi;

import org.apache.kafka.common.metrics.PluginMetrics;

/**
 * The task's {@value #NAME} metric: records retention deleted before the sink read them, summed since the task
 * started (see {@link TaskCounter}).
 */
final class RetentionLossMetric extends TaskCounter {

    static final String NAME = "records-lost-to-retention";

    RetentionLossMetric(PluginMetrics metrics) {
        super(
                metrics,
                NAME,
                "Records of the sink's topics deleted by retention before the sink read them (the table's "
                        + "offset was below the log start offset), since the task started");
    }
}
