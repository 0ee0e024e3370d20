package io.clickstream.connect.hudi.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class CommitDeadlineTest {

    private final AtomicBoolean fenced = new AtomicBoolean();
    private final CountDownLatch fileSystemsClosed = new CountDownLatch(1);

    private CommitDeadline deadline(long deadlineMs, Duration grace) {
        return new CommitDeadline(
                "test-sink", deadlineMs, grace, () -> fenced.set(true), fileSystemsClosed::countDown, 2);
    }

    @Test
    void aCommitWithinTheDeadlineIsLeftAlone() throws Exception {
        try (CommitDeadline deadline = deadline(200, Duration.ofMillis(100))) {
            deadline.begin("c1");
            Thread.sleep(20);
            assertThat(deadline.end()).isFalse();
            Thread.sleep(400);
            assertThat(Thread.interrupted()).as("interrupted").isFalse();
            assertThat(fenced).isFalse();
            assertThat(fileSystemsClosed.getCount()).isEqualTo(1);
            assertThat(deadline.abortedCommits())
                    .as("the count of earlier coordinators")
                    .isEqualTo(2);
            assertThat(deadline.lastReport()).isNull();
        }
    }

    @Test
    void aCommitPastTheDeadlineIsFencedInterruptedAndReportedWithWhereItWaited() throws Exception {
        try (CommitDeadline deadline = deadline(200, Duration.ofSeconds(30))) {
            deadline.begin("c7");
            boolean interrupted = waitingForAPoolConnection(10_000);
            assertThat(interrupted).as("interrupted").isTrue();
            assertThat(deadline.end()).as("aborted").isTrue();
            assertThat(fenced).as("fenced").isTrue();
            assertThat(deadline.abortedCommits()).isEqualTo(3);
            assertThat(deadline.lastReport())
                    .contains(
                            "Commit c7 of test-sink ran ",
                            "commit.deadline.ms=200",
                            Thread.currentThread().getName())
                    .contains("\tat " + CommitDeadlineTest.class.getName() + ".waitingForAPoolConnection(");
            assertThat(deadline.lastReport().lines().filter(l -> l.startsWith("\tat ")))
                    .hasSizeLessThanOrEqualTo(15);
            Thread.sleep(100);
            assertThat(fileSystemsClosed.getCount())
                    .as("not closed: the commit ended on the interrupt")
                    .isEqualTo(1);

            deadline.begin("c8"); // a later commit starts clean
            assertThat(deadline.end()).isFalse();
        }
    }

    @Test
    void aCommitDeafToTheInterruptHasItsFileSystemsClosedAfterTheGrace() throws Exception {
        try (CommitDeadline deadline = deadline(100, Duration.ofMillis(300))) {
            deadline.begin("c9");
            long started = System.nanoTime();
            // blocked I/O that ignores interrupts and fails only when its file system closes
            while (fileSystemsClosed.getCount() > 0) {
                try {
                    fileSystemsClosed.await(20, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    // deaf to it
                }
                assertThat(System.nanoTime() - started).as("closed in time").isLessThan(TimeUnit.SECONDS.toNanos(10));
            }
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started))
                    .isGreaterThanOrEqualTo(400);
            assertThat(deadline.end()).isTrue();
            assertThat(fenced).isTrue();
        }
    }

    /** Stands for a commit's blocked I/O; true when interrupted. */
    private static boolean waitingForAPoolConnection(long ms) {
        try {
            Thread.sleep(ms);
            return false;
        } catch (InterruptedException e) {
            return true;
        }
    }
}
