/**
 * The {@code <KernelDevice>} Log4j2 appender: every event reaches {@code /dev/logger} without the
 * application thread ever waiting on a system call, and an error is on the device before its
 * logging call returns.
 *
 * <p>How an event travels:
 * <ol>
 *   <li>{@link io.github.kernellogger.appender.KernelDeviceAppender#append} formats the message
 *       (the application's code: its parameters' {@code toString()}), reserves a slot of
 *       {@link io.github.kernellogger.appender.EventQueue} under its lock, and copies the event
 *       into it without the lock ({@link io.github.kernellogger.appender.CapturedLogEvent}), as
 *       Log4j's async loggers copy an event into their ring. When the queue is full the
 *       appender's policy decides: wait, wait a while, or discard and count.</li>
 *   <li>One drain thread ({@link io.github.kernellogger.appender.Drainer}) takes events out in
 *       batches, formats each one there (layout, fields, level, time: the frame the device stores
 *       as one record, {@link io.github.kernellogger.appender.FrameBuffer}) and writes each batch
 *       ({@link io.github.kernellogger.appender.RecordBatch}) as one framed write, split only where
 *       the device refuses a frame ({@link io.github.kernellogger.appender.BatchWriter}); to a
 *       module of ABI version 1, one plain record per write. It is not woken for every event:
 *       after a batch it lingers, up to {@code lingerMicros}, for more. It never holds the queue's
 *       lock across a system call.</li>
 *   <li>An event at {@code syncLevel} or more severe does not wait for the drain thread: its
 *       logging thread takes the writer role (or waits for the writer that has its event) and
 *       writes the queue up to its event before it returns; errors of several threads share a
 *       write.</li>
 *   <li>{@link io.github.kernellogger.appender.DeviceConnection} owns the open device: when it is
 *       missing or fails, events go to the appender's {@code errorRef} (or are counted as lost),
 *       one status error says so, and the device is reopened every {@code reconnectDelayMillis}.</li>
 * </ol>
 *
 * <p>What knows Log4j and what does not: the queue, its slots
 * ({@link io.github.kernellogger.appender.QueuedEvent}), the writer, the drain thread, frames, the
 * device connection, the counters and their MXBean make up
 * {@link io.github.kernellogger.appender.DevicePipeline}, which knows no logging framework (only
 * Log4j's StatusLogger, for its diagnostics); the Log4j2 adapter is the appender, its
 * {@link io.github.kernellogger.appender.KernelDeviceManager} (the pipeline of one device and
 * LoggerContext, reference-counted in Log4j's {@code AbstractManager} way, so that a
 * reconfiguration hands the same queue over and loses nothing), the captured event and
 * {@link io.github.kernellogger.appender.EventEncoder}, which runs the layout. Counters are an
 * MXBean, {@code io.github.kernellogger:type=KernelDevice,context="<LoggerContext>",name="/dev/logger"}.
 *
 * <p>Internal diagnostics go to Log4j's StatusLogger only, never to a normal Logger, so the
 * appender cannot log into itself.
 */
package io.github.kernellogger.appender;
