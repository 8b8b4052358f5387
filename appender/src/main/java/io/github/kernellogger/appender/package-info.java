/**
 * The {@code <KernelDevice>} Log4j2 appender: the adapter from Log4j's {@code LogEvent} to the
 * framework-free pipeline of {@link io.github.kernellogger.core} (the queue, the drain thread and
 * its writer role for {@code syncLevel}, frames and fields, the device connection, the counters
 * and their MXBean), which says how an event travels.
 *
 * <p>What this package adds, and only it knows Log4j:
 * <ul>
 *   <li>{@link io.github.kernellogger.appender.KernelDeviceAppender}, the plugin: its builder and
 *       attributes, the full-queue policy ({@code blocking}, {@code blockTimeoutMillis},
 *       {@code discardThreshold}), errorRef and {@code ignoreExceptions};</li>
 *   <li>{@link io.github.kernellogger.appender.CapturedLogEvent}, the queue's slot: the event
 *       copied on the caller's thread, as Log4j's async loggers copy an event into their
 *       ring, so that the drain thread can format it safely;</li>
 *   <li>{@link io.github.kernellogger.appender.EventEncoder}, which lays a Log4j event out as a
 *       frame on the writer's thread (the layout, the ThreadContext, the marker);</li>
 *   <li>{@link io.github.kernellogger.appender.KernelDeviceManager}, the pipeline of one device and
 *       LoggerContext, reference-counted in Log4j's {@code AbstractManager} way, so that a
 *       reconfiguration hands the same queue over and loses nothing. Counters are an MXBean,
 *       {@code io.github.kernellogger:type=KernelDevice,context="<LoggerContext>",name="/dev/logger"};</li>
 *   <li>{@link io.github.kernellogger.appender.StatusDiagnostics}: the core's diagnostics go to
 *       Log4j's StatusLogger only, never to a normal Logger, so the appender cannot log into
 *       itself.</li>
 * </ul>
 */
package io.github.kernellogger.appender;
