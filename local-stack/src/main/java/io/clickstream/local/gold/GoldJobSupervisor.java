package io.clickstream.local.gold;

import io.clickstream.local.process.ExitCodes;
import io.clickstream.local.process.ManagedProcess;
import io.clickstream.local.process.ProcessLogs;
import io.clickstream.local.process.TerminalText;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Keeps the Gold job running: {@link #check()}, called every few seconds (the progress loop does), notices a job that
 * exited, says so with its exit code and the last error lines its run wrote to the log, and starts it again on the
 * same arguments, so on the same checkpoint, after the wait {@link GoldRestartPolicy} gives; a job that exited for
 * invalid settings is left stopped, and said so. An exit asked for ({@link ManagedProcess#stop()}, e.g. on Ctrl-C)
 * is not a death, and nothing restarts after {@link #close()}.
 */
final class GoldJobSupervisor implements AutoCloseable {

    /** How many of the log's error lines a death shows, and how long each may be. */
    static final int ERROR_LINES = 5;

    static final int ERROR_LINE_CHARS = 240;
    /** The "exit code" of a restart that could not even start the JVM: retried as any other exit. */
    private static final int NOT_STARTED = -1;

    private final ManagedProcess job;
    private final GoldRestartPolicy policy;
    private final String checkpoint;
    private final LongSupplier nanoClock;
    private long startedNanos;
    private long logOffset;
    private int restarts;
    /** The exit seen and reported, while the job is down; null while it runs. */
    private Integer exit;

    private long restartAtNanos;
    private boolean gaveUp;
    private boolean closed;

    GoldJobSupervisor(ManagedProcess job, String checkpoint) {
        this(job, checkpoint, new GoldRestartPolicy(), System::nanoTime);
    }

    GoldJobSupervisor(ManagedProcess job, String checkpoint, GoldRestartPolicy policy, LongSupplier nanoClock) {
        this.job = job;
        this.checkpoint = checkpoint;
        this.policy = policy;
        this.nanoClock = nanoClock;
    }

    /** Starts the job (the first time). */
    synchronized GoldJobSupervisor start() {
        launch();
        return this;
    }

    private void launch() {
        logOffset = logSize();
        startedNanos = nanoClock.getAsLong();
        exit = null;
        job.start();
    }

    /** Lines to print: the job's death (with its log's last errors) or its restart; none while all is well. */
    synchronized List<String> check() {
        if (closed || gaveUp) {
            return List.of();
        }
        long now = nanoClock.getAsLong();
        if (exit == null) {
            OptionalInt code = job.exitCode();
            if (code.isEmpty() || job.stopRequested()) {
                return List.of(); // running, or stopped on purpose
            }
            exit = code.getAsInt();
            return died(exit, Duration.ofNanos(now - startedNanos), now);
        }
        if (job.isAlive()) {
            exit = null; // started again by someone else (a test)
            return List.of();
        }
        if (now - restartAtNanos < 0) {
            return List.of();
        }
        restarts++;
        try {
            launch();
            return List.of(String.format(
                    "Gold job restarted (pid %d, restart %d) on its checkpoint %s", job.pid(), restarts, checkpoint));
        } catch (RuntimeException e) {
            exit = NOT_STARTED;
            Duration delay = policy.afterExit(NOT_STARTED, Duration.ZERO).orElseThrow();
            restartAtNanos = now + delay.toNanos();
            return List.of(String.format(
                    "Gold job could not be started again: %s; trying again in %d s",
                    TerminalText.escape(String.valueOf(e.getMessage()), ERROR_LINE_CHARS), delay.toSeconds()));
        }
    }

    private List<String> died(int code, Duration ran, long now) {
        String how = ExitCodes.describe(code) + " after " + ran.toSeconds() + " s";
        Optional<Duration> delay = policy.afterExit(code, ran);
        List<String> lines = new ArrayList<>();
        if (delay.isEmpty()) {
            gaveUp = true;
            lines.add(String.format(
                    "Gold job (pid %d) exited: %s: its settings are invalid, so it is not restarted "
                            + "(it would fail again); fix them and start the stack again. Last errors in %s:",
                    job.pid(), how, job.logFile()));
        } else {
            restartAtNanos = now + delay.get().toNanos();
            lines.add(String.format(
                    "Gold job (pid %d) died: %s; restarting it in %d s on its checkpoint %s (restart "
                            + "%d). Last errors in %s:",
                    job.pid(), how, delay.get().toSeconds(), checkpoint, restarts + 1, job.logFile()));
        }
        ProcessLogs.errorLines(job.logFile(), logOffset, ERROR_LINES, ERROR_LINE_CHARS)
                .forEach(l -> lines.add("  | " + l));
        return lines;
    }

    /** For the progress line: empty while the job runs, else why it is down and whether it comes back. */
    synchronized Optional<String> down() {
        if (job.isAlive()) {
            return Optional.empty();
        }
        String code =
                job.exitCode().isPresent() ? Integer.toString(job.exitCode().getAsInt()) : "(not started)";
        if (gaveUp) {
            return Optional.of(
                    "gold job EXITED " + code + ", not restarted: invalid settings (see " + job.logFile() + ")");
        }
        if (exit != null && !closed) {
            long wait = Math.max(0, TimeUnit.NANOSECONDS.toSeconds(restartAtNanos - nanoClock.getAsLong()));
            return Optional.of("gold job EXITED " + code + ", restart " + (restarts + 1) + " in " + wait + "s (see "
                    + job.logFile() + ")");
        }
        return Optional.of("gold job EXITED " + code + " (see " + job.logFile() + ")");
    }

    synchronized int restarts() {
        return restarts;
    }

    private long logSize() {
        Path log = job.logFile();
        try {
            return Files.exists(log) ? Files.size(log) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    /** Stops the job (SIGTERM, then SIGKILL after its stop timeout); it is not restarted after. */
    @Override
    public synchronized void close() {
        closed = true;
        job.stop();
    }
}
