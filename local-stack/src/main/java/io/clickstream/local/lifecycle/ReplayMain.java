package io.clickstream.local.lifecycle;

import io.clickstream.local.process.ParentWatchdog;
import java.lang.reflect.InvocationTargetException;

/**
 * Entry point of the replay's process: exits with the launcher (see {@link ParentWatchdog}), then runs the replay
 * job's main with the arguments.
 */
public final class ReplayMain {

    /** By name: Spark (Scala 2.12) is on this process's classpath only, never on the launcher's (Scala 2.13). */
    static final String JOB_CLASS = "io.clickstream.lifecycle.replay.ReplayJob";

    private ReplayMain() {}

    public static void main(String[] args) throws Throwable {
        ParentWatchdog.watchParent();
        try {
            Class.forName(JOB_CLASS).getMethod("main", String[].class).invoke(null, (Object) args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
