package io.clickstream.local.process;

/** A child process for {@link ManagedProcessTest}: prints its arguments and a system property, then blocks. */
public final class SleeperMain {

    private SleeperMain() {}

    public static void main(String[] args) throws InterruptedException {
        ParentWatchdog.watchParent();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> System.out.println("shutdown hook ran")));
        System.out.println("args=" + String.join(",", args) + " greeting=" + System.getProperty("greeting"));
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
