package io.clickstream.local.lifecycle;

import io.clickstream.local.process.ParentWatchdog;
import java.lang.reflect.InvocationTargetException;
import java.util.Arrays;

/**
 * Entry point of a life cycle job's process: exits with the launcher (see {@link ParentWatchdog}), then runs the job
 * named by the first argument with the others.
 */
public final class LifecycleJobMain {

    /** By name: Spark (Scala 2.12) is on this process's classpath only, never on the launcher's (Scala 2.13). */
    static final String REPLAY = "io.clickstream.lifecycle.replay.ReplayJob";

    static final String FORGET = "io.clickstream.lifecycle.forget.ForgetJob";

    private LifecycleJobMain() {}

    public static void main(String[] args) throws Throwable {
        ParentWatchdog.watchParent();
        if (args.length == 0 || !(args[0].equals(REPLAY) || args[0].equals(FORGET))) {
            throw new IllegalArgumentException("the first argument names the job: " + REPLAY + " or " + FORGET);
        }
        try {
            Class.forName(args[0]).getMethod("main", String[].class).invoke(null, (Object)
                    Arrays.copyOfRange(args, 1, args.length));
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
