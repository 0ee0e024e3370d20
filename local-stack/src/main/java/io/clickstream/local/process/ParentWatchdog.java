package io.clickstream.local.process;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs inside a child JVM: exits it (running its shutdown hooks) when the JVM that started it is gone, so that a
 * launcher killed with SIGKILL leaves no broker or worker behind. The parent's pid comes from the system property
 * {@value #PARENT_PID_PROPERTY}, set by {@link ManagedProcess}.
 */
public final class ParentWatchdog {

    public static final String PARENT_PID_PROPERTY = "clickstream.parent.pid";
    private static final Logger LOG = LoggerFactory.getLogger(ParentWatchdog.class);

    private ParentWatchdog() {}

    public static void watchParent() {
        String pid = System.getProperty(PARENT_PID_PROPERTY);
        if (pid == null) {
            return;
        }
        ProcessHandle.of(Long.parseLong(pid))
                .ifPresentOrElse(
                        parent -> parent.onExit().thenRun(() -> {
                            LOG.warn("Parent process {} is gone; shutting down", pid);
                            System.exit(0);
                        }),
                        () -> {
                            LOG.warn("Parent process {} is already gone; shutting down", pid);
                            System.exit(0);
                        });
    }
}
