package io.clickstream.local.connect;

import static org.assertj.core.api.Assertions.assertThat;

import io.clickstream.local.connect.ConnectorStatus.TaskStatus;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ConnectorStatusTest {

    private static final ConnectorStatus SINK = new ConnectorStatus(
            "sink",
            "RUNNING",
            "localhost:8083",
            null,
            List.of(
                    new TaskStatus(0, "RUNNING", "localhost:8083", null),
                    new TaskStatus(1, "FAILED", "localhost:8084", "trace of a dead worker's task")));

    @Test
    void statesReportedByDeadWorkersShowAsLost() {
        ConnectorStatus live = SINK.onLiveWorkers(Set.of("localhost:8083"));

        assertThat(live.summary()).as("summary with worker 8084 dead").isEqualTo("RUNNING [0:RUNNING 1:LOST]");
        assertThat(live.tasks().get(1).trace())
                .as("a dead worker's stale trace")
                .isNull();
        assertThat(live.isRunning()).as("running, with a task on a dead worker").isFalse();
    }

    @Test
    void aConnectorWhoseWorkerDiedIsLostToo() {
        ConnectorStatus live = SINK.onLiveWorkers(Set.of("localhost:8084"));

        assertThat(live.summary()).isEqualTo("LOST [0:LOST 1:FAILED]");
    }

    @Test
    void withEveryWorkerAliveTheStatusIsUnchanged() {
        assertThat(SINK.onLiveWorkers(Set.of("localhost:8083", "localhost:8084")))
                .isEqualTo(SINK);
    }
}
