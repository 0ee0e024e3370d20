package io.clickstream.connect.hudi.deadletter;

import java.lang.management.ManagementFactory;
import java.util.Set;
import javax.management.MBeanServer;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The task's count of dead letters the worker failed to produce: the {@value #ATTRIBUTE} attribute of the task's
 * {@code kafka.connect:type=task-error-metrics,connector=...,task=...} MBean. Connect's own dead-letter reporter (for
 * records a converter or transform rejected) only logs such a failure and counts it there, while the task goes on
 * with the records after the rejected one; this count is how the task notices. A producer that refuses a record
 * before sending it (e.g. {@code RecordTooLargeException} over {@code max.request.size}) counts the failure inside
 * the send, before the batch reaches {@code put()}; a send that fails later (brokers unreachable for
 * {@code delivery.timeout.ms}) counts when it gives up.
 *
 * <p>Without that MBean (a worker whose {@code metric.reporters} leave JMX out) the count reads 0, with one warning.
 */
public final class WorkerDeadLetterFailures {

    private static final Logger LOG = LoggerFactory.getLogger(WorkerDeadLetterFailures.class);

    static final String DOMAIN = "kafka.connect";
    static final String GROUP = "task-error-metrics";
    static final String ATTRIBUTE = "deadletterqueue-produce-failures";
    private static final long LOOKUP_EVERY_MS = 10_000L;

    private final MBeanServer server;
    private final String connector;
    private final String task;
    private ObjectName name;
    private long lastLookup;
    private boolean warned;

    /**
     * @param connector the connector's name
     * @param task the task's number as Connect tags its metrics, or null when unknown (then the only task of
     *     {@code connector} on this worker is taken, if there is exactly one)
     */
    public WorkerDeadLetterFailures(String connector, String task) {
        this(ManagementFactory.getPlatformMBeanServer(), connector, task);
    }

    WorkerDeadLetterFailures(MBeanServer server, String connector, String task) {
        this.server = server;
        this.connector = connector;
        this.task = task;
    }

    /** Failed dead-letter sends counted for this task so far (0 when the MBean cannot be found). */
    public synchronized long count() {
        ObjectName found = mbean();
        if (found == null) {
            return 0;
        }
        try {
            return ((Number) server.getAttribute(found, ATTRIBUTE)).longValue();
        } catch (Exception e) {
            name = null; // unregistered meanwhile (the worker re-created the task's metrics): look it up again
            return 0;
        }
    }

    /** Where the count is read, for messages. */
    public synchronized String source() {
        return name != null ? name.toString() : DOMAIN + ":type=" + GROUP + ",connector=" + connector + ",task=" + task;
    }

    private ObjectName mbean() {
        long now = System.currentTimeMillis();
        if (name != null || now - lastLookup < LOOKUP_EVERY_MS && lastLookup != 0) {
            return name;
        }
        lastLookup = now;
        try {
            Set<ObjectName> names = server.queryNames(new ObjectName(DOMAIN + ":type=" + GROUP + ",*"), null);
            ObjectName match = null;
            int matches = 0;
            for (ObjectName candidate : names) {
                if (connector.equals(unquoted(candidate.getKeyProperty("connector")))
                        && (task == null || task.equals(unquoted(candidate.getKeyProperty("task"))))) {
                    match = candidate;
                    matches++;
                }
            }
            name = matches == 1 ? match : null;
        } catch (MalformedObjectNameException e) {
            throw new IllegalStateException("malformed MBean pattern for " + GROUP, e);
        }
        if (name == null && !warned) {
            warned = true;
            LOG.warn(
                    "No {}:type={} MBean for connector {} task {} on this worker (JMX reporter off?): dead letters the "
                            + "worker fails to produce for records its converters or transforms reject cannot be noticed by the sink",
                    DOMAIN,
                    GROUP,
                    connector,
                    task == null ? "?" : task);
        }
        return name;
    }

    private static String unquoted(String value) {
        if (value != null && value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            return ObjectName.unquote(value);
        }
        return value;
    }
}
