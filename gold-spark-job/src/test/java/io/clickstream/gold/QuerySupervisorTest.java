package io.clickstream.gold;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class QuerySupervisorTest {

    private static final String INVALID_BATCH = "assertion failed: Invalid batch: a#1,b#2 != a#3,b#4,c#5";

    @Test
    void sparksInvalidBatchAssertionInMicroBatchExecutionIsASchemaChangeWhereverItIsWrapped() {
        AssertionError refused = fromMicroBatchExecution(new AssertionError(INVALID_BATCH));
        assertThat(QuerySupervisor.schemaChanged(refused))
                .as("the assertion itself")
                .isTrue();
        assertThat(QuerySupervisor.schemaChanged(new RuntimeException("Query gold terminated with exception", refused)))
                .as("as the cause of the query's exception")
                .isTrue();
    }

    @Test
    void anyOtherFailureIsNot() {
        assertThat(QuerySupervisor.schemaChanged(
                        new IllegalStateException("Gold batch 7 failed", new SQLException("duplicate key", "23505"))))
                .as("a load failure")
                .isFalse();
        assertThat(QuerySupervisor.schemaChanged(
                        fromMicroBatchExecution(new AssertionError("assertion failed: Concurrent update to the log"))))
                .as("another assertion of Spark's")
                .isFalse();
        assertThat(QuerySupervisor.schemaChanged(new AssertionError(INVALID_BATCH)))
                .as("the same words thrown elsewhere")
                .isFalse();
        assertThat(QuerySupervisor.schemaChanged(null)).as("no failure").isFalse();
    }

    private static AssertionError fromMicroBatchExecution(AssertionError e) {
        e.setStackTrace(new StackTraceElement[] {
            new StackTraceElement("scala.Predef$", "assert", "Predef.scala", 279),
            new StackTraceElement(
                    "org.apache.spark.sql.execution.streaming.MicroBatchExecution",
                    "$anonfun$runBatch$3",
                    "MicroBatchExecution.scala",
                    722)
        });
        return e;
    }
}
