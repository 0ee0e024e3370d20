package io.clickstream.connect.hudi.protocol;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The thread a {@link CommitCoordinator} runs on: recovers, then steps until closed.
 *
 * <p>An unexpected error or an aborted commit ends the thread (logged; {@link #isRunning()} turns false and the task
 * starts a new coordinator); a {@link CommitFailures.CommitFailedException} ends it for good ({@link #failure()}: the task fails). {@link #close()} asks the loop to stop, wakes a blocked poll and waits up to {@link #JOIN_TIMEOUT} for
 * the thread; the coordinator's resources are released by whichever of the two finishes last.
 */
final class CoordinatorThread {

    private static final Logger LOG = LoggerFactory.getLogger(CoordinatorThread.class);

    static final Duration JOIN_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration IDLE_POLL = Duration.ofMillis(200);

    private final CommitCoordinator coordinator;
    private final String name;
    private volatile boolean running;
    private volatile RuntimeException failure;
    private Thread thread;

    CoordinatorThread(CommitCoordinator coordinator, String name) {
        this.coordinator = coordinator;
        this.name = name;
    }

    synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        thread = new Thread(this::run, name);
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        try {
            coordinator.recover();
            while (running) {
                // With a backlog the next commit is due at once: take what the control topic has, do not wait for more.
                coordinator.step(coordinator.backlog() ? Duration.ZERO : IDLE_POLL);
            }
        } catch (CommitFailures.CommitFailedException e) {
            failure = e;
            LOG.error("Commit coordinator thread {} stopped for good: {}", name, e.getMessage());
        } catch (CommitDeadline.CommitAbortedException e) {
            // CommitDeadline logged the stack it was stuck in; this coordinator's writer may be unusable now
            LOG.warn("Commit coordinator thread {} stopped: {}; the task restarts it", name, e.getMessage());
        } catch (RuntimeException e) {
            if (running) {
                LOG.error("Commit coordinator thread {} stopped on an unexpected error; the task restarts it", name, e);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            running = false;
            coordinator.releaseResources();
        }
    }

    boolean isRunning() {
        return running;
    }

    /** The error the coordinator stopped on for good (the task must fail), or null. */
    RuntimeException failure() {
        return failure;
    }

    /** Stops the loop and waits for it; true if the thread has ended (or never started). */
    boolean close(Runnable wakeup) {
        running = false;
        wakeup.run();
        Thread t = thread;
        if (t != null && t != Thread.currentThread()) {
            try {
                t.join(JOIN_TIMEOUT.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return t == null || !t.isAlive();
    }
}
