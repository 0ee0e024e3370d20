package io.clickstream.local.connect;

import java.util.List;

/** The answer of {@code GET /connectors/{name}/status}: the connector's state and each task's. */
public record ConnectorStatus(String name, String state, String workerId, String trace, List<TaskStatus> tasks) {

    public record TaskStatus(int id, String state, String workerId, String trace) {
        public boolean isFailed() {
            return "FAILED".equals(state);
        }
    }

    public boolean isFailed() {
        return "FAILED".equals(state);
    }

    /** RUNNING with at least one task, and every task RUNNING. */
    public boolean isRunning() {
        return "RUNNING".equals(state) && !tasks.isEmpty() && tasks.stream().allMatch(t -> "RUNNING".equals(t.state()));
    }

    /** A one-line summary for progress output, e.g. {@code RUNNING [0:RUNNING 1:RUNNING]}. */
    public String summary() {
        StringBuilder sb = new StringBuilder(state).append(" [");
        for (int i = 0; i < tasks.size(); i++) {
            sb.append(i == 0 ? "" : " ").append(tasks.get(i).id()).append(':').append(tasks.get(i).state());
        }
        return sb.append(']').toString();
    }
}
