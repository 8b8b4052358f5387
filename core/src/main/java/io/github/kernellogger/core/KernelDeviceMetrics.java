package io.github.kernellogger.core;

import io.github.kernellogger.device.DeviceStats;
import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;
import javax.management.InstanceAlreadyExistsException;
import javax.management.InstanceNotFoundException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;

/**
 * The MXBean of one {@link DevicePipeline}, in the platform MBeanServer as
 * {@code io.github.kernellogger:type=KernelDevice,context="<LoggerContext>",name="<device path>"}:
 * the context in the name, as in Log4j's own MBeans, so that two web applications writing to one
 * device each have theirs. It does not depend on Log4j's own JMX switch
 * ({@code log4j2.disableJmx}, on by default since 2.24); {@code jmx="false"} turns it off.
 *
 * <p>A manager that is still stopping may hold the name when a new one for the same device
 * registers: the new one takes the name over, and the old one's unregistering then leaves it
 * alone.
 */
public final class KernelDeviceMetrics implements KernelDeviceMXBean {
    static final String DOMAIN = "io.github.kernellogger";
    /** Which metrics own each name, so that a late unregister leaves a newer owner alone. */
    private static final Map<ObjectName, KernelDeviceMetrics> OWNERS = new ConcurrentHashMap<>();

    private final DevicePipeline<?> pipeline;
    private final Supplier<String[]> appenders;
    private final ObjectName name;

    private KernelDeviceMetrics(DevicePipeline<?> pipeline, Supplier<String[]> appenders,
            ObjectName name) {
        this.pipeline = pipeline;
        this.appenders = appenders;
        this.name = name;
    }

    /** The ObjectName of the metrics of {@code device} in LoggerContext {@code context}. */
    public static ObjectName objectName(String context, String device) {
        try {
            return new ObjectName(DOMAIN + ":type=KernelDevice,context=" + ObjectName.quote(context)
                    + ",name=" + ObjectName.quote(device));
        } catch (MalformedObjectNameException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /**
     * Registers the counters of {@code pipeline}, written to by the appenders that
     * {@code appenders} names, in LoggerContext {@code context}.
     */
    public static KernelDeviceMetrics register(DevicePipeline<?> pipeline, String context,
            Supplier<String[]> appenders) {
        ObjectName name = objectName(context, pipeline.path().toString());
        KernelDeviceMetrics metrics = new KernelDeviceMetrics(pipeline, appenders, name);
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        synchronized (OWNERS) {
            try {
                try {
                    server.registerMBean(metrics, name);
                } catch (InstanceAlreadyExistsException e) {
                    server.unregisterMBean(name);
                    server.registerMBean(metrics, name);
                }
                OWNERS.put(name, metrics);
            } catch (JMException | SecurityException e) {
                pipeline.diagnostics().warn("KernelDevice " + pipeline.path() + ": cannot register MBean "
                        + name + ": " + e);
            }
        }
        return metrics;
    }

    public void unregister() {
        synchronized (OWNERS) {
            if (!OWNERS.remove(name, this)) {
                return;
            }
            try {
                ManagementFactory.getPlatformMBeanServer().unregisterMBean(name);
            } catch (InstanceNotFoundException e) {
                // Already gone: nothing to do.
            } catch (JMException | SecurityException e) {
                pipeline.diagnostics().warn("KernelDevice: cannot unregister MBean " + name + ": " + e);
            }
        }
    }

    @Override
    public String getDevice() {
        return pipeline.path().toString();
    }

    @Override
    public String[] getAppenders() {
        return appenders.get();
    }

    @Override
    public int getQueueCapacity() {
        return pipeline.queue().capacity();
    }

    @Override
    public int getQueueSize() {
        return pipeline.queue().size();
    }

    @Override
    public long getEventsEnqueued() {
        return pipeline.queue().enqueued();
    }

    @Override
    public long getEventsWritten() {
        return pipeline.counters().written;
    }

    @Override
    public long getEventsDiscarded() {
        return pipeline.queue().discarded();
    }

    @Override
    public long getEventsTruncated() {
        return pipeline.counters().truncated.sum();
    }

    @Override
    public long getEventsToErrorRef() {
        return pipeline.counters().toErrorRef.sum();
    }

    @Override
    public long getEventsLost() {
        return pipeline.counters().lost;
    }

    @Override
    public long getDrainWakes() {
        return pipeline.queue().wakes();
    }

    @Override
    public long getEventsSynced() {
        return pipeline.counters().synced.sum();
    }

    @Override
    public long getSyncWrites() {
        return pipeline.counters().syncWrites;
    }

    @Override
    public long getBytesWritten() {
        return pipeline.counters().bytesWritten;
    }

    @Override
    public long getWriteErrors() {
        return pipeline.counters().writeErrors;
    }

    @Override
    public boolean isDeviceConnected() {
        return pipeline.connection().isConnected();
    }

    private long device(ToLongFunction<DeviceStats> field) {
        DeviceStats stats = pipeline.connection().stats();
        return stats == null ? -1 : field.applyAsLong(stats);
    }

    @Override
    public long getDeviceRecordsWritten() {
        return device(DeviceStats::recordsWritten);
    }

    @Override
    public long getDeviceRecordsDropped() {
        return device(DeviceStats::recordsDropped);
    }

    @Override
    public long getDeviceRecordsHeld() {
        return device(DeviceStats::recordsHeld);
    }

    @Override
    public long getDeviceBytesUsed() {
        return device(DeviceStats::bufferUsed);
    }

    @Override
    public long getDeviceBufferSize() {
        return device(DeviceStats::bufferSize);
    }

    @Override
    public long getDeviceReaders() {
        return device(DeviceStats::readers);
    }

    @Override
    public long getDeviceWritesRejected() {
        return device(DeviceStats::writesRejected);
    }

    @Override
    public long getDeviceMaxPayload() {
        return device(DeviceStats::maxPayload);
    }
}
