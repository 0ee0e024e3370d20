package io.clickstream.connect.hudi.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.clickstream.connect.hudi.protocol.CommitFailures.CommitFailedException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import org.apache.hadoop.security.AccessControlException;
import org.apache.hudi.exception.HoodieException;
import org.apache.hudi.exception.HoodieIOException;
import org.apache.hudi.exception.HoodieSchemaEvolutionConflictException;
import org.apache.hudi.exception.SchemaCompatibilityException;
import org.junit.jupiter.api.Test;

class CommitFailuresTest {

    private final CommitFailures failures = new CommitFailures(3, "sink");

    @Test
    void theTaskFailsOnTheThirdFailureInARowWithTheLastCause() {
        RuntimeException timeout = new HoodieIOException("read timed out", new IOException("timeout"));
        failures.failed(timeout);
        failures.failed(timeout);
        assertThat(failures.consecutive()).as("failures in a row").isEqualTo(2);

        assertThatThrownBy(() -> failures.failed(timeout))
                .isInstanceOf(CommitFailedException.class)
                .hasMessageContaining("3 times in a row")
                .hasMessageContaining("commit.max.failures=3")
                .hasCause(timeout);
        assertThat(failures.total()).isEqualTo(3);
    }

    @Test
    void aSuccessfulCommitResetsTheCountButNotTheTotal() {
        RuntimeException error = new HoodieException("transient");
        failures.failed(error);
        failures.failed(error);
        failures.succeeded();
        failures.failed(error);

        assertThat(failures.consecutive()).isEqualTo(1);
        assertThat(failures.total()).isEqualTo(3);
    }

    @Test
    void abortsHandedOverFromEarlierCoordinatorsCountTowardsTheLimit() {
        // each aborted commit ends its coordinator; the task hands the count to the next one
        CommitFailures third = new CommitFailures(3, "sink", 2);
        RuntimeException abort = new CommitDeadline.CommitAbortedException("aborted past commit.deadline.ms", null);

        assertThatThrownBy(() -> third.failed(abort))
                .isInstanceOf(CommitFailedException.class)
                .hasMessageContaining("3 times in a row")
                .hasCause(abort);
    }

    @Test
    void accessDeniedAnywhereInTheCauseChainFailsAtOnce() {
        RuntimeException s3Forbidden = new HoodieIOException(
                "write failed", new AccessDeniedException("s3a://bucket/t/.hoodie: 403 Forbidden"));
        RuntimeException hdfsDenied = new UncheckedIOException(new AccessControlException("Permission denied: user=x"));

        assertThatThrownBy(() -> failures.failed(s3Forbidden))
                .isInstanceOf(CommitFailedException.class)
                .hasMessageContaining("cannot heal")
                .hasCause(s3Forbidden);
        assertThat(CommitFailures.cannotHeal(hdfsDenied))
                .as("HDFS permission denied")
                .isTrue();
    }

    @Test
    void aSchemaHudiRefusesFailsAtOnceButOrdinaryErrorsDoNot() {
        assertThat(CommitFailures.cannotHeal(new HoodieException(
                        "upsert failed", new SchemaCompatibilityException("field n changed type") {})))
                .as("a subclass of an incompatible schema")
                .isTrue();
        assertThat(CommitFailures.cannotHeal(new HoodieSchemaEvolutionConflictException("evolution conflict")))
                .as("a schema evolution conflict")
                .isTrue();
        assertThat(CommitFailures.cannotHeal(new HoodieIOException("connection reset", new IOException("reset"))))
                .as("an I/O error")
                .isFalse();
        assertThat(CommitFailures.cannotHeal(new IllegalStateException("stale offsets")))
                .as("a fence")
                .isFalse();
    }
}
