package io.clickstream.local;

import io.clickstream.local.connect.ConnectorStatus;

/** A connector's state for assertion messages, with the task traces when a task failed. */
final class ConnectorStatusText {

    private ConnectorStatusText() {}

    static String of(LocalStack stack, String connector) {
        try {
            ConnectorStatus s = stack.connect().status(connector);
            return "connector " + connector + " " + s.summary()
                    + (s.tasks().stream().anyMatch(ConnectorStatus.TaskStatus::isFailed)
                            ? "\n"
                                    + s.tasks().stream()
                                            .map(ConnectorStatus.TaskStatus::trace)
                                            .toList()
                            : "");
        } catch (RuntimeException e) {
            return "no status: " + e.getMessage();
        }
    }
}
