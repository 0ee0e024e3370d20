package io.clickstream.connect.hudi.deadletter;

import javax.management.Attribute;
import javax.management.AttributeList;
import javax.management.DynamicMBean;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanInfo;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * Stands in for the worker's {@code kafka.connect:type=task-error-metrics} MBean of one task, with the attribute the
 * worker's dead-letter reporter counts its failed sends in.
 */
public final class TaskErrorMetrics implements DynamicMBean, AutoCloseable {

    private final MBeanServer server;
    private final ObjectName name;
    private volatile double failures;

    public TaskErrorMetrics(MBeanServer server, String connector, String task) throws Exception {
        this.server = server;
        this.name = new ObjectName(WorkerDeadLetterFailures.DOMAIN + ":type=" + WorkerDeadLetterFailures.GROUP
                + ",connector=" + connector + ",task=" + task);
        server.registerMBean(this, name);
    }

    /** As the worker's reporter does when a send fails. */
    public void recordDeadLetterQueueProduceFailed() {
        failures++;
    }

    @Override
    public Object getAttribute(String attribute) {
        if (!WorkerDeadLetterFailures.ATTRIBUTE.equals(attribute)) {
            throw new IllegalArgumentException(attribute);
        }
        return failures;
    }

    @Override
    public void setAttribute(Attribute attribute) {
        throw new UnsupportedOperationException();
    }

    @Override
    public AttributeList getAttributes(String[] attributes) {
        AttributeList list = new AttributeList();
        for (String attribute : attributes) {
            list.add(new Attribute(attribute, getAttribute(attribute)));
        }
        return list;
    }

    @Override
    public AttributeList setAttributes(AttributeList attributes) {
        return new AttributeList();
    }

    @Override
    public Object invoke(String actionName, Object[] params, String[] signature) {
        throw new UnsupportedOperationException(actionName);
    }

    @Override
    public MBeanInfo getMBeanInfo() {
        return new MBeanInfo(
                getClass().getName(),
                "task error metrics",
                new MBeanAttributeInfo[] {
                    new MBeanAttributeInfo(
                            WorkerDeadLetterFailures.ATTRIBUTE, "double", "failed sends", true, false, false)
                },
                null,
                null,
                null);
    }

    @Override
    public void close() throws Exception {
        server.unregisterMBean(name);
    }
}
