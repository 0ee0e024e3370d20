package io.clickstream.local;

import io.clickstream.local.connect.ConnectWorker;
import io.clickstream.local.process.ExitCodes;
import io.clickstream.local.process.ManagedProcess;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;

/**
 * Watches the Connect worker processes for the progress output: says once per exit that a worker died, with its exit
 * code and log, and names the live workers so that the task states a dead worker last reported are not shown as if
 * they were current (Connect keeps them until the worker group notices the death and moves the tasks).
 *
 * <p>A worker that is started again and dies again is reported again. Never throws; a worker never started is
 * neither alive nor dead.
 */
final class WorkerWatch {

    private final Map<String, ManagedProcess> byWorkerId;
    /** Per worker id, the pid of the exit already reported. */
    private final Map<String, Long> reported = new HashMap<>();

    /** @param byWorkerId each worker's process by its Connect worker id ({@code host:port}) */
    WorkerWatch(Map<String, ManagedProcess> byWorkerId) {
        this.byWorkerId = new LinkedHashMap<>(byWorkerId);
    }

    static WorkerWatch of(List<ConnectWorker> workers) {
        Map<String, ManagedProcess> byId = new LinkedHashMap<>();
        workers.forEach(w -> byId.put(w.workerId(), w.process()));
        return new WorkerWatch(byId);
    }

    /** One line per worker that exited since the last call, e.g. {@code Worker connect-worker-1 (...) died: exit code 137 ...}. */
    synchronized List<String> newExits() {
        List<String> lines = new ArrayList<>();
        String whereTo = liveWorkerIds().isEmpty()
                ? "no worker is left, so nothing runs until the stack is started again"
                : "its connectors and tasks move to the live workers within seconds";
        byWorkerId.forEach((id, process) -> {
            OptionalInt exit = process.exitCode();
            if (exit.isEmpty()) {
                return; // running, or never started
            }
            long pid = process.pid();
            Long before = reported.put(id, pid);
            if (before == null || before != pid) {
                lines.add(String.format(
                        "Worker %s (%s, pid %d) died: %s; %s. Log: %s",
                        process.name(), id, pid, ExitCodes.describe(exit.getAsInt()), whereTo, process.logFile()));
            }
        });
        return lines;
    }

    /** The ids of the workers whose process runs now. */
    Set<String> liveWorkerIds() {
        Set<String> live = new TreeSet<>();
        byWorkerId.forEach((id, process) -> {
            if (process.isAlive()) {
                live.add(id);
            }
        });
        return live;
    }
}
