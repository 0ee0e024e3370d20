package io.clickstream.connect.hudi.protocol;

import io.clickstream.connect.hudi.fs.FileSystemScope;
import java.lang.management.ManagementFactory;
import javax.management.InstanceNotFoundException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers a coordinator's {@link CommitMetricsMXBean} on the platform MBean server. One per connector and JVM: a
 * newer coordinator of the same connector replaces an older one's registration, and a coordinator unregisters only
 * its own. Never throws: metrics failing to register are logged, the sink runs on.
 */
final class CommitMetrics implements CommitMetricsMXBean, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CommitMetrics.class);

    private final CommitFailures failures;
    private final OverlappingCommits overlapping;
    private final CommitDeadline deadline;
    private final FileSystemScope fileSystems;
    private final String coordinatorId;
    private final ObjectName name;

    CommitMetrics(
            String connector,
            String coordinatorId,
            CommitFailures failures,
            OverlappingCommits overlapping,
            CommitDeadline deadline,
            FileSystemScope fileSystems) {
        this.failures = failures;
        this.overlapping = overlapping;
        this.deadline = deadline;
        this.fileSystems = fileSystems;
        this.coordinatorId = coordinatorId;
        this.name = objectName(connector);
    }

    static ObjectName objectName(String connector) {
        try {
            return new ObjectName("io.clickstream.connect:type=hudi-sink,connector=" + ObjectName.quote(connector));
        } catch (JMException e) {
            throw new IllegalArgumentException("no JMX name for connector " + connector, e);
        }
    }

    void register() {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        synchronized (CommitMetrics.class) {
            try {
                if (server.isRegistered(name)) {
                    server.unregisterMBean(name);
                }
                server.registerMBean(this, name);
            } catch (JMException e) {
                LOG.warn("Could not register JMX metrics {}: {}", name, e.toString());
            }
        }
    }

    @Override
    public void close() {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        synchronized (CommitMetrics.class) {
            try {
                if (server.isRegistered(name) && coordinatorId.equals(server.getAttribute(name, "CoordinatorId"))) {
                    server.unregisterMBean(name);
                }
            } catch (InstanceNotFoundException e) {
                // already gone
            } catch (JMException e) {
                LOG.warn("Could not unregister JMX metrics {}: {}", name, e.toString());
            }
        }
    }

    @Override
    public int getConsecutiveCommitFailures() {
        return failures.consecutive();
    }

    @Override
    public long getCommitFailures() {
        return failures.total();
    }

    @Override
    public long getOverlappingCommits() {
        return overlapping.commits();
    }

    @Override
    public long getOffsetsPossiblyDuplicated() {
        return overlapping.offsets();
    }

    @Override
    public long getAbortedCommits() {
        return deadline.abortedCommits();
    }

    @Override
    public long getOpenInputStreams() {
        return fileSystems.openInputStreams();
    }

    @Override
    public long getInputStreamsOpened() {
        return fileSystems.inputStreamsOpened();
    }

    @Override
    public String getCoordinatorId() {
        return coordinatorId;
    }
}
