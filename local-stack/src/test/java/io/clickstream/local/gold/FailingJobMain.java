package io.clickstream.local.gold;

import io.clickstream.local.process.ParentWatchdog;

/**
 * A child process for {@link GoldJobSupervisorTest} that fails as the Gold job does: it logs some lines, an error
 * with a control character in it and a stack trace, then exits with the status of its first argument.
 */
public final class FailingJobMain {

    private FailingJobMain() {}

    public static void main(String[] args) {
        ParentWatchdog.watchParent();
        long pid = ProcessHandle.current().pid();
        System.out.println("INFO GoldJob: starting run of pid " + pid);
        System.out.println("ERROR MicroBatchExecution: query failed in pid " + pid + " \u001b[31mred\u001b[0m");
        System.out.println("java.lang.IllegalStateException: boom in pid " + pid);
        System.out.println("\tat io.clickstream.gold.GoldJob.main(GoldJob.java:1)");
        System.out.println("Caused by: java.io.IOException: disk full");
        System.out.println("\tat java.io.FileOutputStream.write(FileOutputStream.java:2)");
        System.out.flush();
        System.exit(Integer.parseInt(args[0]));
    }
}
