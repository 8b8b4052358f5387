package io.github.kernellogger.core;

/**
 * The counters of one {@code KernelDevice} manager, registered in the platform MBeanServer as
 * {@code io.github.kernellogger:type=KernelDevice,context="<LoggerContext>",name="<device path>"}.
 *
 * <p>{@code Events*} and {@code Bytes*} count this JVM's events; {@code Device*} are the kernel
 * ring's own counters (all writers), read from the device on each call, and -1 while it is not
 * open.
 */
public interface KernelDeviceMXBean {
    /** The device path. */
    String getDevice();

    /** The names of the appenders writing through this manager. */
    String[] getAppenders();

    int getQueueCapacity();

    /** Events waiting in the queue now. */
    int getQueueSize();

    /** Events put into the queue. */
    long getEventsEnqueued();

    /** Events written to the device. */
    long getEventsWritten();

    /** Events given up because the queue was full (the log itself says so too). */
    long getEventsDiscarded();

    /** Events cut to the device's max_payload. */
    long getEventsTruncated();

    /** Events handed to errorRef: the device was missing or failing, or the queue was full. */
    long getEventsToErrorRef();

    /** Events that could not be written and had no errorRef to go to. */
    long getEventsLost();

    /**
     * Times a logging call woke the drain thread (when it was idle, or a full batch waited): a
     * system call paid by that call. Far fewer than events while they keep coming, as the drain
     * thread lingers for more after each batch.
     */
    long getDrainWakes();

    /**
     * Events at or above {@code syncLevel} that were on the device when their logging call
     * returned.
     */
    long getEventsSynced();

    /**
     * Writes made by logging threads themselves, each writing what was queued up to its
     * {@code syncLevel} event (and other threads' events queued meanwhile) before its call
     * returned.
     */
    long getSyncWrites();

    /** Payload bytes written to the device. */
    long getBytesWritten();

    /** Writes the device refused. */
    long getWriteErrors();

    boolean isDeviceConnected();

    long getDeviceRecordsWritten();

    long getDeviceRecordsDropped();

    long getDeviceRecordsHeld();

    long getDeviceBytesUsed();

    long getDeviceBufferSize();

    long getDeviceReaders();

    long getDeviceWritesRejected();

    long getDeviceMaxPayload();
}
