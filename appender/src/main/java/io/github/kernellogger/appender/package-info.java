/**
 * The {@code <KernelDevice>} Log4j2 appender: every event reaches {@code /dev/logger} without the
 * application thread ever waiting on a system call.
 *
 * <p>How an event travels:
 * <ol>
 *   <li>{@link io.github.kernellogger.appender.KernelDeviceAppender#append} encodes it on the
 *       caller's thread ({@link io.github.kernellogger.appender.EventEncoder}) as the frame the
 *       device stores as one record: level, the event's own time, fields
 *       ({@link io.github.kernellogger.appender.EventFields}) and the layout's message, cut to the
 *       device's max_payload if it must be, and puts the bytes into
 *       {@link io.github.kernellogger.appender.EventQueue}, a bounded circular buffer guarded by one
 *       lock and two conditions. When the queue is full the appender's policy decides: wait, wait
 *       a while, or discard and count.</li>
 *   <li>One drain thread ({@link io.github.kernellogger.appender.Drainer}) takes events out in
 *       batches ({@link io.github.kernellogger.appender.RecordBatch}) and writes each batch as one
 *       framed write, split only where the device refuses a frame; to a module of ABI version 1,
 *       one plain record per write. It never holds the queue's lock across a system call.</li>
 *   <li>{@link io.github.kernellogger.appender.DeviceConnection} owns the open device: when it is
 *       missing or fails, events go to the appender's {@code errorRef} (or are counted as lost),
 *       one status error says so, and the device is reopened every {@code reconnectDelayMillis}.</li>
 * </ol>
 *
 * <p>{@link io.github.kernellogger.appender.KernelDeviceManager} holds the queue, the thread, the
 * connection and the counters for one device path and LoggerContext, reference-counted in Log4j's
 * {@code AbstractManager} way, so that a reconfiguration (the new configuration starts before the
 * old one stops) hands the same queue over and loses nothing. Its counters are an MXBean,
 * {@code io.github.kernellogger:type=KernelDevice,context="<LoggerContext>",name="/dev/logger"}.
 *
 * <p>Internal diagnostics go to Log4j's StatusLogger only, never to a normal Logger, so the
 * appender cannot log into itself.
 */
package io.github.kernellogger.appender;
