/**
 * The pipeline every kernel-logger appender shares, knowing no logging framework: events reach
 * {@code /dev/logger} without the application thread ever waiting on a system call, and an event
 * at the sync level is on the device before its logging call returns.
 *
 * <p>How an event travels:
 * <ol>
 *   <li>The framework's adapter (Log4j2's {@code <KernelDevice>}, Logback's
 *       {@code KernelDeviceAppender}) reserves a slot of {@link io.github.kernellogger.core.EventQueue}
 *       under its lock and fills it without the lock: the slot is the adapter's subclass of
 *       {@link io.github.kernellogger.core.QueuedEvent}, holding the event as captured on the
 *       caller's thread. When the queue is full the adapter's policy decides: wait, wait a while,
 *       or discard and count.</li>
 *   <li>One drain thread ({@link io.github.kernellogger.core.Drainer}) takes events out in
 *       batches; each slot encodes itself (level, its own time, fields, the message as the
 *       framework formats it) into the writer's {@link io.github.kernellogger.core.FrameBuffer};
 *       the batch ({@link io.github.kernellogger.core.RecordBatch}) goes to the device as one
 *       framed write, split only where the device refuses a frame
 *       ({@link io.github.kernellogger.core.BatchWriter}); to a module of ABI version 1, one plain
 *       record per write. After a batch the drain thread lingers for more rather than being
 *       woken per event. It never holds the queue's lock across a system call.</li>
 *   <li>An event at the sync level or more severe does not wait for the drain thread: its
 *       logging thread takes the writer role (or waits for the writer that has its event) and
 *       writes the queue up to its event before it returns
 *       ({@link io.github.kernellogger.core.DevicePipeline#writeThrough}).</li>
 *   <li>{@link io.github.kernellogger.core.DeviceConnection} owns the open device: when it is
 *       missing or fails, events go to their adapter's fallback
 *       ({@link io.github.kernellogger.core.EventOrigin}) or are counted as lost, one diagnostic
 *       says so, and the device is reopened every reconnect delay.</li>
 * </ol>
 *
 * <p>{@link io.github.kernellogger.core.DevicePipeline} puts these together for one device; the
 * counters are an MXBean ({@link io.github.kernellogger.core.KernelDeviceMetrics}). The core
 * reports its own problems only through {@link io.github.kernellogger.core.Diagnostics}, which
 * each adapter implements with its framework's status mechanism, never a normal logger, so the
 * pipeline cannot log into itself. A test (FrameworkFreeTest) keeps Log4j, Logback and SLF4J out
 * of this package. Public types here are for the adapters and their tests, not for
 * applications.
 */
package io.github.kernellogger.core;
