package io.clickstream.local.connect;

import io.clickstream.local.process.ParentWatchdog;
import org.apache.kafka.connect.cli.ConnectDistributed;

/**
 * Kafka's own distributed Connect worker ({@link ConnectDistributed}), plus a watchdog that stops it when the launcher
 * that started it is gone. Usage: {@code ConnectWorkerMain <worker.properties>}.
 */
public final class ConnectWorkerMain {

    private ConnectWorkerMain() {}

    public static void main(String[] args) {
        ParentWatchdog.watchParent();
        ConnectDistributed.main(args);
    }
}
