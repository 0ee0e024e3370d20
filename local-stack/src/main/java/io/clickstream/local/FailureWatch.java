package io.clickstream.local;

import io.clickstream.local.connect.ConnectorStatus;
import io.clickstream.local.process.TerminalText;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Says once, for the progress output, why a connector or task failed: the progress line shows only {@code FAILED},
 * and a failure that is not the record's (a GeoIP database of the wrong type, a dead letter that cannot be produced)
 * must be read where the user looks. The reason is the first line of Connect's trace and its last {@code Caused by},
 * each bounded and escaped ({@link TerminalText}). A task that runs again and fails again is reported again.
 */
final class FailureWatch {

    /** Characters of a trace line shown. */
    static final int MAX_LINE = 300;

    private final Set<String> reported = new HashSet<>();

    /** One line per connector or task that failed since the last call. */
    List<String> newFailures(Map<String, ConnectorStatus> statuses) {
        List<String> lines = new ArrayList<>();
        Set<String> failedNow = new HashSet<>();
        statuses.forEach((name, status) -> {
            if (status.isFailed()) {
                report(name, name + " FAILED", status.trace(), failedNow, lines);
            }
            for (ConnectorStatus.TaskStatus task : status.tasks()) {
                if (task.isFailed()) {
                    report(
                            name + "/" + task.id(),
                            name + " task " + task.id() + " FAILED on " + task.workerId(),
                            task.trace(),
                            failedNow,
                            lines);
                }
            }
        });
        reported.retainAll(failedNow);
        return lines;
    }

    private void report(String key, String what, String trace, Set<String> failedNow, List<String> lines) {
        failedNow.add(key);
        if (reported.add(key)) {
            lines.add(what + ": " + reason(trace) + " (the whole trace: GET /connectors/<name>/status)");
        }
    }

    /** The trace's first line and, when there is one, its last {@code Caused by:} line. */
    static String reason(String trace) {
        if (trace == null || trace.isBlank()) {
            return "no trace";
        }
        String[] lines = trace.strip().split("\\R");
        String reason = TerminalText.escape(lines[0].strip(), MAX_LINE);
        for (int i = lines.length - 1; i > 0; i--) {
            if (lines[i].strip().startsWith("Caused by:")) {
                return reason + " | " + TerminalText.escape(lines[i].strip(), MAX_LINE);
            }
        }
        return reason;
    }
}
