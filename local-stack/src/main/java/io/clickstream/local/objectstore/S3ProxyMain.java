package io.clickstream.local.objectstore;

import io.clickstream.local.process.ParentWatchdog;

/**
 * Entry point of the S3Proxy child process: exits with the launcher (see {@link ParentWatchdog}), then runs S3Proxy's
 * own {@code Main} with the arguments ({@code --properties FILE}).
 */
public final class S3ProxyMain {

    private S3ProxyMain() {}

    public static void main(String[] args) throws Exception {
        ParentWatchdog.watchParent();
        // By name: S3Proxy is on this process's classpath only, never on the launcher's.
        Class.forName("org.gaul.s3proxy.Main").getMethod("main", String[].class).invoke(null, (Object) args);
    }
}
