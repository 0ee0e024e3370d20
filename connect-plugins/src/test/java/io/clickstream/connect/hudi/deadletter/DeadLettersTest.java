package io.clickstream.connect.hudi.deadletter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import javax.management.ObjectName;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

class DeadLettersTest {

    private static final TopicPartition TP = new TopicPartition("events", 0);

    private final MBeanServer server = MBeanServerFactory.newMBeanServer();
    private final List<CompletableFuture<Void>> sends = new ArrayList<>();

    private DeadLetters deadLetters(WorkerDeadLetterFailures worker) {
        return new DeadLetters(
                (record, error) -> {
                    CompletableFuture<Void> sent = new CompletableFuture<>();
                    sends.add(sent);
                    return sent;
                },
                worker);
    }

    private static SinkRecord record(long offset) {
        return new SinkRecord(TP.topic(), TP.partition(), null, null, null, "x", offset);
    }

    @Test
    void aLetterThatFailedFailsStagingOfItsRangeNamingTheRecordAndTheCauseAndEveryCheckAfter() {
        DeadLetters letters = deadLetters(new WorkerDeadLetterFailures(server, "sink", "0"));
        letters.report(record(7), TP, 7, new DataException("bad"));
        sends.get(0).completeExceptionally(new RecordTooLargeException("The message is 1048600 bytes"));

        assertThatThrownBy(() -> letters.beforeStaging(TP, 8))
                .isInstanceOf(ConnectException.class)
                .hasMessageContaining("events-0@7")
                .hasMessageContaining("RecordTooLargeException")
                .hasMessageContaining("not committed");
        assertThatThrownBy(letters::check)
                .as("sticky: the task fails at its next put")
                .isInstanceOf(ConnectException.class)
                .hasMessageContaining("events-0@7");
    }

    @Test
    void stagingWaitsOnlyForTheLettersInsideTheRange() {
        DeadLetters letters = deadLetters(new WorkerDeadLetterFailures(server, "sink", "0"));
        letters.report(record(3), TP, 3, new DataException("bad"));
        letters.report(record(9), TP, 9, new DataException("bad"));
        sends.get(0).complete(null);

        assertThatCode(() -> letters.beforeStaging(TP, 9))
                .as("offset 9 is outside [.., 9)")
                .doesNotThrowAnyException();
        sends.get(1).completeExceptionally(new RecordTooLargeException("too large"));
        assertThatThrownBy(() -> letters.beforeStaging(TP, 10)).hasMessageContaining("events-0@9");
    }

    @Test
    void withoutADeadLetterQueueARecordThatCannotBeWrittenFailsTheTaskWithItsCoordinates() {
        DeadLetters letters = new DeadLetters(null, new WorkerDeadLetterFailures(server, "sink", "0"));
        assertThatThrownBy(() -> letters.report(record(4), TP, 4, new DataException("not JSON")))
                .isInstanceOf(ConnectException.class)
                .hasMessageContaining("events-0@4")
                .hasMessageContaining("not JSON");
    }

    @Test
    void aDeadLetterTheWorkerFailedToProduceSinceTheTaskStartedFailsTheTaskSayingWhatToLookFor() throws Exception {
        try (TaskErrorMetrics mine = new TaskErrorMetrics(server, "sink", "1");
                TaskErrorMetrics other = new TaskErrorMetrics(server, "sink", "0")) {
            mine.recordDeadLetterQueueProduceFailed(); // before this task started: its predecessor's
            DeadLetters letters = deadLetters(new WorkerDeadLetterFailures(server, "sink", "1"));
            other.recordDeadLetterQueueProduceFailed();
            assertThatCode(letters::check).as("another task's failure").doesNotThrowAnyException();

            mine.recordDeadLetterQueueProduceFailed();
            mine.recordDeadLetterQueueProduceFailed();

            assertThatThrownBy(letters::check)
                    .isInstanceOf(ConnectException.class)
                    .hasMessageContaining("2 dead letter(s)")
                    .hasMessageContaining("not committed")
                    .hasMessageContaining("Could not produce message to dead letter queue");
            assertThatThrownBy(() -> letters.beforeStaging(TP, 1))
                    .as("nothing is staged after it")
                    .isInstanceOf(ConnectException.class);
        }
    }

    @Test
    void aQuotedConnectorNameIsMatchedAndAMissingMBeanCountsNothing() throws Exception {
        assertThat(new WorkerDeadLetterFailures(server, "sink", "0").count()).isZero();
        try (TaskErrorMetrics quoted = new TaskErrorMetrics(server, ObjectName.quote("a,b"), "0")) {
            quoted.recordDeadLetterQueueProduceFailed();
            assertThat(new WorkerDeadLetterFailures(server, "a,b", "0").count()).isEqualTo(1);
        }
    }
}
