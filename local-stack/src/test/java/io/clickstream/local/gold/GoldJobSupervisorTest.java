package io.clickstream.local.gold;

import static org.assertj.core.api.Assertions.assertThat;

import io.clickstream.local.process.ManagedProcess;
import io.clickstream.local.process.SleeperMain;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real child JVMs stand for the Gold job; the clock is the test's, so no test waits for a backoff. */
class GoldJobSupervisorTest {

    private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path logs;

    private final AtomicLong clock = new AtomicLong();
    private ManagedProcess job;
    private GoldJobSupervisor supervisor;

    @AfterEach
    void stopChild() {
        if (job != null) {
            job.kill();
        }
    }

    private GoldJobSupervisor supervise(String mainClass, String... args) {
        ManagedProcess.Builder builder = ManagedProcess.builder("gold-job", mainClass)
                .jvmOption("-Xmx32m")
                .logDir(logs);
        for (String arg : args) {
            builder.arg(arg);
        }
        job = builder.build();
        supervisor = new GoldJobSupervisor(job, "data/gold/checkpoint", new GoldRestartPolicy(), clock::get);
        return supervisor.start();
    }

    private void awaitExit() throws InterruptedException {
        assertThat(job.awaitExit(EXIT_TIMEOUT)).as("the child exited").isTrue();
    }

    private void advance(Duration by) {
        clock.addAndGet(by.toNanos());
    }

    @Test
    void aJobThatDiesIsSaidWithItsExitCodeAndErrorsAndRestartedOnItsCheckpointAfterAGrowingWait() throws Exception {
        supervise(FailingJobMain.class.getName(), "1");
        long firstPid = job.pid();
        awaitExit();
        advance(Duration.ofSeconds(3));

        List<String> died = supervisor.check();

        assertThat(died.get(0))
                .as("the death")
                .contains(
                        "Gold job (pid " + firstPid + ") died: exit code 1 after 3 s",
                        "restarting it in 5 s on its checkpoint data/gold/checkpoint (restart 1)",
                        job.logFile().toString());
        assertThat(died.subList(1, died.size()))
                .as("the last errors of its log")
                .containsExactly(
                        "  | ERROR MicroBatchExecution: query failed in pid " + firstPid + " \\u001b[31mred\\u001b[0m",
                        "  | java.lang.IllegalStateException: boom in pid " + firstPid,
                        "  | Caused by: java.io.IOException: disk full");
        assertThat(supervisor.down())
                .as("progress while down")
                .hasValueSatisfying(s -> assertThat(s).startsWith("gold job EXITED 1, restart 1 in 5s"));
        assertThat(supervisor.check()).as("the same death, asked again").isEmpty();
        advance(Duration.ofSeconds(4));
        assertThat(supervisor.check()).as("before the wait is over").isEmpty();

        advance(Duration.ofSeconds(1));
        List<String> restarted = supervisor.check();

        long secondPid = job.pid();
        assertThat(secondPid).as("a new process").isNotEqualTo(firstPid);
        assertThat(restarted)
                .as("the restart")
                .singleElement()
                .asString()
                .isEqualTo("Gold job restarted (pid " + secondPid + ", restart 1) on its checkpoint "
                        + "data/gold/checkpoint");
        assertThat(supervisor.restarts()).isEqualTo(1);

        awaitExit();
        List<String> diedAgain = supervisor.check();
        assertThat(diedAgain.get(0))
                .as("the second death")
                .contains("(pid " + secondPid + ") died: exit code 1", "restarting it in 10 s", "(restart 2)");
        assertThat(String.join("\n", diedAgain))
                .as("only the second run's lines of the shared log")
                .contains("boom in pid " + secondPid)
                .doesNotContain("pid " + firstPid);
    }

    @Test
    void aJobThatExitsForInvalidSettingsIsNotRestarted() throws Exception {
        supervise(FailingJobMain.class.getName(), "2");
        awaitExit();

        List<String> lines = supervisor.check();

        assertThat(lines.get(0)).contains("exited: exit code 2", "settings are invalid, so it is not restarted");
        assertThat(lines).as("its errors").anySatisfy(l -> assertThat(l).contains("disk full"));
        advance(Duration.ofHours(1));
        assertThat(supervisor.check()).as("later").isEmpty();
        assertThat(job.isAlive()).isFalse();
        assertThat(supervisor.restarts()).isZero();
        assertThat(supervisor.down())
                .hasValueSatisfying(
                        s -> assertThat(s).startsWith("gold job EXITED 2, not restarted: invalid settings"));
    }

    @Test
    void aJobStoppedOnPurposeOrAfterCloseIsNeitherReportedNorRestarted() throws Exception {
        supervise(SleeperMain.class.getName());
        assertThat(supervisor.check()).as("while it runs").isEmpty();
        assertThat(supervisor.down()).as("progress while it runs").isEmpty();

        job.stop();
        advance(Duration.ofMinutes(10));

        assertThat(supervisor.check()).as("after stop()").isEmpty();
        assertThat(job.isAlive()).isFalse();

        job.start();
        job.kill();
        assertThat(supervisor.check())
                .as("a kill is a crash")
                .singleElement()
                .asString()
                .contains("exit code 137", "restarting it in 5 s");
        supervisor.close();
        advance(Duration.ofMinutes(10));
        assertThat(supervisor.check()).as("after close").isEmpty();
        assertThat(job.isAlive()).as("not restarted after close").isFalse();
    }
}
