package io.clickstream.connect.hudi;

import java.util.LinkedHashMap;
import org.apache.kafka.common.metrics.PluginMetrics;

/** The task's number as Connect tags its metrics; Connect does not hand it to a task otherwise. */
final class TaskIds {

    /** Connect's task threads are named {@code task-thread-<connector>-<task>} while the task runs. */
    private static final String THREAD_PREFIX = "task-thread-";

    private TaskIds() {}

    /** The {@code task} tag of the task's plugin metrics, else the number ending the task thread's name, else null. */
    static String of(PluginMetrics metrics) {
        if (metrics != null) {
            try {
                String tag = metrics.metricName("task-id", "", new LinkedHashMap<>())
                        .tags()
                        .get("task");
                if (tag != null) {
                    return tag;
                }
            } catch (RuntimeException e) {
                // closed or unusable metrics: fall back to the thread's name
            }
        }
        String thread = Thread.currentThread().getName();
        int dash = thread.lastIndexOf('-');
        if (thread.startsWith(THREAD_PREFIX)
                && dash > 0
                && thread.substring(dash + 1).matches("\\d+")) {
            return thread.substring(dash + 1);
        }
        return null;
    }
}
