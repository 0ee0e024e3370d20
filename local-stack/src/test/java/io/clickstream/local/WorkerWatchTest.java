package io.clickstream.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.clickstream.local.process.ExitCodes;
import io.clickstream.local.process.ManagedProcess;
import io.clickstream.local.process.SleeperMain;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real child JVMs stand for the workers: the watch must see their exits as the launcher would. */
class WorkerWatchTest {

    @TempDir
    Path logs;

    private final Map<String, ManagedProcess> workers = new LinkedHashMap<>();

    @AfterEach
    void stopChildren() {
        workers.values().forEach(ManagedProcess::kill);
    }

    private ManagedProcess worker(String id, String name) {
        ManagedProcess process = ManagedProcess.builder(name, SleeperMain.class.getName())
                .jvmOption("-Xmx32m")
                .logDir(logs)
                .build();
        workers.put(id, process);
        return process;
    }

    @Test
    void aKilledWorkerIsReportedOnceWithItsExitCodeAndLeavesTheLiveSet() {
        ManagedProcess first = worker("localhost:8083", "connect-worker-0").start();
        ManagedProcess second = worker("localhost:8084", "connect-worker-1").start();
        WorkerWatch watch = new WorkerWatch(workers);
        assertThat(watch.newExits()).as("exits while both run").isEmpty();
        assertThat(watch.liveWorkerIds()).containsExactly("localhost:8083", "localhost:8084");

        long pid = second.pid();
        second.kill();

        assertThat(watch.newExits())
                .as("exits after the kill")
                .singleElement()
                .asString()
                .contains(
                        "connect-worker-1",
                        "localhost:8084",
                        "pid " + pid,
                        "exit code 137",
                        "SIGKILL",
                        "move to the live workers",
                        second.logFile().toString());
        assertThat(watch.newExits()).as("the same exit, asked again").isEmpty();
        assertThat(watch.liveWorkerIds()).containsExactly("localhost:8083");
        assertThat(first.isAlive()).isTrue();
    }

    @Test
    void aWorkerStartedAgainThatDiesAgainIsReportedAgain() {
        ManagedProcess only = worker("localhost:8083", "connect-worker-0").start();
        WorkerWatch watch = new WorkerWatch(workers);
        only.kill();
        assertThat(watch.newExits())
                .singleElement()
                .asString()
                .contains("no worker is left, so nothing runs until the stack is started again");

        only.start();
        assertThat(watch.newExits()).as("exits while it runs again").isEmpty();
        assertThat(watch.liveWorkerIds()).containsExactly("localhost:8083");
        only.stop();

        assertThat(watch.newExits()).singleElement().asString().contains("exit code 143 (SIGTERM)");
    }

    @Test
    void aWorkerNeverStartedIsNeitherLiveNorDead() {
        worker("localhost:8083", "connect-worker-0");
        WorkerWatch watch = new WorkerWatch(workers);

        assertThat(watch.newExits()).isEmpty();
        assertThat(watch.liveWorkerIds()).isEmpty();
    }

    @Test
    void exitCodesAboveOneHundredTwentyEightNameTheirSignal() {
        assertThat(ExitCodes.describe(1)).isEqualTo("exit code 1");
        assertThat(ExitCodes.describe(139)).isEqualTo("exit code 139 (signal 11)");
        assertThat(ExitCodes.describe(134)).contains("SIGABRT");
    }
}
