package io.clickstream.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.clickstream.local.connect.ConnectorStatus;
import io.clickstream.local.connect.ConnectorStatus.TaskStatus;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FailureWatchTest {

    private static final String TRACE = """
            org.apache.kafka.connect.errors.ConnectException: Tolerance exceeded in error handler
            \tat org.apache.kafka.connect.runtime.errors.RetryWithToleranceOperator.execAndHandleError(X.java:1)
            Caused by: java.lang.IllegalStateException: outer
            \tat a.B.c(B.java:2)
            Caused by: io.clickstream.connect.transforms.TransformHalt: geoip.city.database.path: a 'GeoLite2-Country' \
            database, expected City\u0000
            \tat a.B.d(B.java:3)
            """;

    private static Map<String, ConnectorStatus> silver(String task1State, String trace) {
        return Map.of(
                "silver",
                new ConnectorStatus(
                        "silver",
                        "RUNNING",
                        "w0",
                        null,
                        List.of(new TaskStatus(0, "RUNNING", "w0", null), new TaskStatus(1, task1State, "w1", trace))));
    }

    @Test
    void aFailedTaskIsSaidOnceWithItsFirstLineAndItsLastCause() {
        FailureWatch watch = new FailureWatch();

        assertThat(watch.newFailures(silver("RUNNING", null))).isEmpty();
        List<String> lines = watch.newFailures(silver("FAILED", TRACE));

        assertThat(lines)
                .singleElement()
                .asString()
                .startsWith("silver task 1 FAILED on w1: org.apache.kafka.connect.errors.ConnectException: Tolerance")
                .contains("| Caused by: io.clickstream.connect.transforms.TransformHalt: geoip.city.database.path")
                .doesNotContain("outer")
                .doesNotContain("\u0000");
        assertThat(watch.newFailures(silver("FAILED", TRACE)))
                .as("the same failure again")
                .isEmpty();
    }

    @Test
    void aTaskThatRunsAgainAndFailsAgainIsSaidAgain() {
        FailureWatch watch = new FailureWatch();
        watch.newFailures(silver("FAILED", TRACE));
        watch.newFailures(silver("RUNNING", null));

        assertThat(watch.newFailures(silver("FAILED", "java.lang.OutOfMemoryError")))
                .singleElement()
                .asString()
                .endsWith("java.lang.OutOfMemoryError (the whole trace: GET /connectors/<name>/status)");
    }

    @Test
    void aHugeTraceLineIsBounded() {
        assertThat(FailureWatch.reason("x".repeat(1_000_000))).hasSizeLessThanOrEqualTo(FailureWatch.MAX_LINE);
        assertThat(FailureWatch.reason(null)).isEqualTo("no trace");
    }
}
