package io.clickstream.local.gold;

import io.clickstream.gold.GoldJobCommand;
import io.clickstream.local.process.ParentWatchdog;
import java.lang.reflect.InvocationTargetException;

/**
 * Entry point of the Gold job's process in the local stack: exits with the launcher (see {@link ParentWatchdog}: a
 * launcher killed with SIGKILL leaves no Gold JVM behind; the exit runs the job's shutdown hook, which stops the
 * query between batches), then runs Spark's {@code SparkSubmit} with the arguments, as {@code spark-submit} does.
 */
public final class GoldJobMain {

    private GoldJobMain() {}

    public static void main(String[] args) throws Throwable {
        ParentWatchdog.watchParent();
        // By name: Spark (Scala 2.12) is on this process's classpath only, never on the launcher's (Scala 2.13).
        try {
            Class.forName(GoldJobCommand.SPARK_SUBMIT)
                    .getMethod("main", String[].class)
                    .invoke(null, (Object) args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
