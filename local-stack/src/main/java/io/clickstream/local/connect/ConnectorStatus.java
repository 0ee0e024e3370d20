package io.clickstream.local.connect;

import java.util.List;
import java.util.Set;

/** The answer of {@code GET /connectors/{name}/status}: the connector's state and each task's. */
public record ConnectorStatus(String name, String state, String workerId, String trace, List<TaskStatus> tasks) {

    /** The state {@link #onLiveWorkers} shows for a connector or task whose worker died. */
    public static final String LOST = "LOST";

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

    /**
     * This status with the connector's and each task's state replaced by {@value #LOST} where the worker that reported
     * it is not among {@code liveWorkerIds}: a dead worker's last report is no longer true.
     */
    public ConnectorStatus onLiveWorkers(Set<String> liveWorkerIds) {
        List<TaskStatus> live = tasks.stream()
                .map(t -> liveWorkerIds.contains(t.workerId()) ? t : new TaskStatus(t.id(), LOST, t.workerId(), null))
                .toList();
        return new ConnectorStatus(
                name,
                liveWorkerIds.contains(workerId) ? state : LOST,
                workerId,
                liveWorkerIds.contains(workerId) ? trace : null,
                live);
    }

    /** A one-line summary for progress output, e.g. {@code RUNNING [0:RUNNING 1:RUNNING]}. */
    public String summary() {
        StringBuilder sb = new StringBuilder(state).append(" [");
        for (int i = 0; i < tasks.size(); i++) {
            sb.append(i == 0 ? "" : " ")
                    .append(tasks.get(i).id())
                    .append(':')
                    .append(tasks.get(i).state());
        }
        return sb.append(']').toString();
    }
}
