package io.clickstream.local;

import io.clickstream.local.gold.GoldJobProcess;
import io.clickstream.local.process.ParentWatchdog;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * A launcher for {@link GoldConnectIT}: starts the Gold job the way the local stack does ({@link GoldJobProcess}),
 * then blocks, so the test can SIGKILL it and watch the job. Arguments: the gold-spark-job directory, the log
 * directory, then the job's own arguments.
 */
public final class GoldLauncherMain {

    private GoldLauncherMain() {}

    public static void main(String[] args) throws InterruptedException {
        ParentWatchdog.watchParent();
        GoldJobProcess.create(
                        Path.of(args[0]), Path.of(args[1]), Arrays.asList(args).subList(2, args.length))
                .start();
        Thread.sleep(Long.MAX_VALUE);
    }
}
