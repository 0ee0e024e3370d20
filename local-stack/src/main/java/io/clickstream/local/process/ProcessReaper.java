package io.clickstream.local.process;

import java.util.ArrayDeque;
import java.util.Deque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One JVM shutdown hook that closes everything registered, newest first. JVM shutdown hooks run concurrently in no
 * order, so a hook per process could stop the broker while the workers still flush; one hook in reverse start order
 * stops progress output first, then the workers, then the broker.
 */
public final class ProcessReaper {

    private static final Logger LOG = LoggerFactory.getLogger(ProcessReaper.class);
    private static final Deque<AutoCloseable> REGISTERED = new ArrayDeque<>();
    private static boolean hookInstalled;

    private ProcessReaper() {}

    /** Registers a resource to close at JVM exit; registering the same one again moves it to the newest place. */
    public static synchronized void register(AutoCloseable closeable) {
        if (!hookInstalled) {
            Runtime.getRuntime().addShutdownHook(new Thread(ProcessReaper::closeAll, "clickstream-process-reaper"));
            hookInstalled = true;
        }
        REGISTERED.remove(closeable);
        REGISTERED.push(closeable);
    }

    public static synchronized void unregister(AutoCloseable closeable) {
        REGISTERED.remove(closeable);
    }

    static void closeAll() {
        while (true) {
            AutoCloseable next;
            synchronized (ProcessReaper.class) {
                next = REGISTERED.poll();
            }
            if (next == null) {
                return;
            }
            try {
                next.close();
            } catch (Exception e) {
                LOG.warn("Failed to close {} at shutdown", next, e);
            }
        }
    }
}
