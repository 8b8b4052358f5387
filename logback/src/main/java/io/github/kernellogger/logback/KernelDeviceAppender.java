package io.github.kernellogger.logback;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.Layout;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.spi.AppenderAttachable;
import ch.qos.logback.core.spi.AppenderAttachableImpl;
import io.github.kernellogger.core.DevicePipeline;
import io.github.kernellogger.core.Diagnostics;
import io.github.kernellogger.core.EventFields;
import io.github.kernellogger.core.EventOrigin;
import io.github.kernellogger.core.EventQueue;
import io.github.kernellogger.core.KernelDeviceMetrics;
import io.github.kernellogger.core.RecordDevice;
import io.github.kernellogger.core.StaticField;
import io.github.kernellogger.device.LoggerAbi;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Sends every event to {@code /dev/logger}, where the kernel keeps it in a ring buffer for any
 * number of readers: the Logback face of the pipeline the Log4j2 appender {@code <KernelDevice>}
 * runs on ({@link io.github.kernellogger.core}), with the same records.
 *
 * <pre>{@code
 * <appender name="KERNEL" class="io.github.kernellogger.logback.KernelDeviceAppender">
 *   <device>/dev/logger</device>
 *   <queueSize>8192</queueSize>
 *   <syncLevel>ERROR</syncLevel>
 *   <field>SERVICE=payments</field>
 *   <field>HOST=${HOSTNAME}</field>
 * </appender>
 * }</pre>
 *
 * <p>{@link #append} runs on the logging thread: it prepares the event for deferred processing
 * (the message formatted, the MDC copied, as Logback's {@code AsyncAppender} does) and puts it in a
 * slot of a bounded queue; one drain thread lays each event out as a record (its fields, its
 * level as a syslog severity, its own time, the message) and writes each batch with one system
 * call. An event at {@code syncLevel} or more severe is on the device before its call returns, so
 * that it survives the process being killed the next instant.
 *
 * <p>When the queue is full, Logback's AsyncAppender rules apply, under its names: once fewer than
 * {@code discardingThreshold} slots are free (default: a fifth of the queue; 0: never), TRACE,
 * DEBUG and INFO events are discarded; the others wait for room, unless {@code neverBlock} is
 * true, in which case they are discarded when there is none. Unlike AsyncAppender, what is
 * discarded is counted (EventsDiscarded) and the next record says how many, in the log itself.
 * A logging call made on the drain thread never waits.
 *
 * <p>When the device is missing or fails, the application starts and runs all the same: one
 * status error says so, events go to the appenders attached with {@code <appender-ref>} (this
 * appender's errorRef) or are counted as lost, and the device is reopened every
 * {@code reconnectDelayMillis}. Problems are reported to Logback's status manager
 * ({@code addError}/{@code addWarn}); a bad setting keeps the appender from starting, and says
 * why, but never the application.
 */
public class KernelDeviceAppender extends UnsynchronizedAppenderBase<ILoggingEvent>
        implements AppenderAttachable<ILoggingEvent> {
    /** The default {@code maxFlushTime}, Logback's AsyncAppender's: 1 s. */
    public static final int DEFAULT_MAX_FLUSH_TIME = 1000;
    /** {@code discardingThreshold} when none is set: a fifth of the queue, as AsyncAppender. */
    static final int UNDEFINED = -1;

    private String device = LoggerAbi.DEVICE_PATH;
    private int queueSize = DevicePipeline.DEFAULT_QUEUE_SIZE;
    private long queueBytes = DevicePipeline.DEFAULT_QUEUE_BYTES;
    private int discardingThreshold = UNDEFINED;
    private boolean neverBlock;
    private int maxFlushTime = DEFAULT_MAX_FLUSH_TIME;
    private String syncLevel = Level.ERROR.levelStr;
    private long lingerMicros = DevicePipeline.DEFAULT_LINGER_MICROS;
    private long reconnectDelayMillis = DevicePipeline.DEFAULT_RECONNECT_DELAY_MILLIS;
    private boolean jmx = true;
    private boolean fields = true;
    private boolean includeCallerData;
    private final List<String> staticFields = new ArrayList<>();
    private Encoder<ILoggingEvent> encoder;
    private Layout<ILoggingEvent> layout;
    private RecordDevice.Factory deviceFactory = RecordDevice.Factory.KERNEL;
    /** errorRef: where events go that the device cannot take. */
    private final AppenderAttachableImpl<ILoggingEvent> fallback = new AppenderAttachableImpl<>();

    // Set by start(), for the life of the appender.
    private volatile DevicePipeline<CapturedEvent> pipeline;
    private KernelDeviceMetrics metrics;
    private EventEncoder eventEncoder;
    /** Events at this level or more severe are written before their call returns; null: none. */
    private Level sync;
    /** Free slots below which TRACE, DEBUG and INFO events are discarded; 0: never. */
    private int threshold;
    private final EventOrigin origin = this::undeliverable;
    private final Diagnostics diagnostics = new StatusDiagnostics();
    /** Inside {@link #start}: the configuration is being read. */
    private volatile boolean starting;

    @Override
    public void start() {
        if (isStarted()) {
            return;
        }
        starting = true;
        try {
            startPipeline();
        } finally {
            starting = false;
        }
        super.start();
    }

    private void startPipeline() {
        correctSettings();
        EventFields eventFields = fields ? EventFields.of(staticFields()) : EventFields.NONE;
        eventEncoder = new EventEncoder(eventFields, encoder, layout);
        sync = "OFF".equalsIgnoreCase(syncLevel.trim()) ? null : Level.toLevel(syncLevel.trim());
        threshold = discardingThreshold == UNDEFINED ? queueSize / 5 : discardingThreshold;
        pipeline = new DevicePipeline<>(new DevicePipeline.Settings(Path.of(device), queueSize,
                queueBytes, TimeUnit.MICROSECONDS.toNanos(lingerMicros), reconnectDelayMillis,
                deviceFactory), CapturedEvent::new, diagnostics);
        if (jmx) {
            metrics = KernelDeviceMetrics.register(pipeline, contextName(),
                    () -> new String[] {getName()});
        }
    }

    /**
     * Puts each bad setting back to its default, with a status warning that says so: the
     * appender starts all the same. Not an error, as Spring Boot fails the application's start on
     * any error its Logback configuration reports.
     */
    private void correctSettings() {
        if (device == null || device.isBlank()) {
            device = bad("device is empty", LoggerAbi.DEVICE_PATH);
        }
        if (queueSize < 1 || queueSize > DevicePipeline.MAX_QUEUE_SIZE) {
            queueSize = bad("queueSize " + queueSize + " is out of range 1.."
                    + DevicePipeline.MAX_QUEUE_SIZE, DevicePipeline.DEFAULT_QUEUE_SIZE);
        }
        if (queueBytes < 0) {
            queueBytes = bad("queueBytes " + queueBytes + " is negative", DevicePipeline.DEFAULT_QUEUE_BYTES);
        }
        if (discardingThreshold < UNDEFINED) {
            discardingThreshold = bad("discardingThreshold " + discardingThreshold
                    + " is negative (0: never discard)", UNDEFINED);
        }
        if (maxFlushTime < 0) {
            maxFlushTime = bad("maxFlushTime " + maxFlushTime + " is negative (0: no limit)",
                    DEFAULT_MAX_FLUSH_TIME);
        }
        if (reconnectDelayMillis < 1) {
            reconnectDelayMillis = bad("reconnectDelayMillis " + reconnectDelayMillis
                    + " is less than 1", DevicePipeline.DEFAULT_RECONNECT_DELAY_MILLIS);
        }
        if (lingerMicros < 0 || lingerMicros > 1_000_000) {
            lingerMicros = bad("lingerMicros " + lingerMicros + " is out of range 0..1000000",
                    DevicePipeline.DEFAULT_LINGER_MICROS);
        }
        if (syncLevel == null || !"OFF".equalsIgnoreCase(syncLevel.trim())
                && Level.toLevel(syncLevel.trim(), null) == null) {
            syncLevel = bad("syncLevel " + syncLevel + " is not a level (ERROR, WARN, INFO, DEBUG, "
                    + "TRACE, or OFF for none)", Level.ERROR.levelStr);
        }
        if (encoder != null && layout != null) {
            addWarn("KernelDevice '" + getName() + "': both an encoder and a layout are set; "
                    + "the encoder is used");
            layout = null;
        }
    }

    private <T> T bad(String problem, T fallback) {
        addWarn("KernelDevice '" + getName() + "': " + problem + "; using " + fallback
                + (fallback.equals(UNDEFINED) ? " (a fifth of queueSize)" : ""));
        return fallback;
    }

    /** The {@code <field>}s as fields; each bad one is a status error and is left out. */
    private StaticField[] staticFields() {
        List<StaticField> out = new ArrayList<>();
        for (String f : staticFields) {
            int eq = f.indexOf('=');
            if (eq < 0) {
                addWarn("KernelDevice '" + getName() + "': the field '" + f + "' is not KEY=value; "
                        + "it is left out");
                continue;
            }
            try {
                out.add(new StaticField(f.substring(0, eq).strip(), f.substring(eq + 1).strip()));
            } catch (IllegalArgumentException e) {
                addWarn("KernelDevice '" + getName() + "': field " + e.getMessage() + "; it is left out");
            }
        }
        return out.toArray(StaticField[]::new);
    }

    private String contextName() {
        return getContext() == null || getContext().getName() == null ? "" : getContext().getName();
    }

    /**
     * Writes what is queued, for at most {@code maxFlushTime} (0: as long as it takes), then
     * closes the device; what is left at the deadline is counted as lost and reported, as
     * AsyncAppender reports what it could not flush.
     */
    @Override
    public void stop() {
        if (!isStarted()) {
            return;
        }
        super.stop();
        DevicePipeline<CapturedEvent> p = pipeline;
        p.stop(maxFlushTime, null);
        // The drain thread gives up at the deadline; this margin covers its last write.
        if (!p.awaitStop(maxFlushTime == 0 ? 0 : maxFlushTime + 1000L)) {
            addError("KernelDevice '" + getName() + "': the drain thread did not stop within "
                    + maxFlushTime + " ms");
        }
        if (metrics != null) {
            metrics.unregister();
            metrics = null;
        }
        fallback.detachAndStopAllAppenders();
    }

    /**
     * Puts the event in the queue; for an event at {@code syncLevel} or more severe, writes the
     * queue up to it before returning. Logback's guard in {@code doAppend} already refuses a
     * logging call made while this thread appends (a {@code toString()} that logs).
     */
    @Override
    protected void append(ILoggingEvent event) {
        DevicePipeline<CapturedEvent> p = pipeline;
        if (!p.connection().isConnected() && toFallback(event)) {
            return;
        }
        event.prepareForDeferredProcessing();
        if (includeCallerData) {
            event.getCallerData();
        }
        Level level = event.getLevel();
        boolean mayWait = !p.isWriterThread();
        boolean writeThrough = mayWait && sync != null && level.isGreaterOrEqual(sync);
        EventQueue<CapturedEvent> queue = p.queue();
        CapturedEvent slot = reserve(queue, level, mayWait, writeThrough);
        if (slot == null) {
            queue.countDiscarded();
            toFallback(event);
            return;
        }
        slot.capture(event, Thread.currentThread().getId(), this);
        long seq = slot.seq(); // the slot is the writer's once published
        queue.publish(slot);
        if (writeThrough) {
            p.writeThrough(seq, 0);
        }
    }

    /** The full-queue policy, AsyncAppender's: a slot for an event at {@code level}, or null. */
    private CapturedEvent reserve(EventQueue<CapturedEvent> queue, Level level, boolean mayWait,
            boolean writeThrough) {
        boolean discardable = level.toInt() <= Level.INFO_INT;
        if (discardable && threshold > 0) {
            // AsyncAppender gives these up once fewer than the threshold are free, even blocking.
            return queue.tryReserveLeaving(threshold, writeThrough);
        }
        if (!mayWait || neverBlock) {
            return queue.tryReserve(writeThrough);
        }
        return queue.reserveUninterruptibly(writeThrough);
    }

    /** Hands an event to the attached appenders, on this thread; false if there are none. */
    private boolean toFallback(ILoggingEvent event) {
        if (!fallback.iteratorForAppenders().hasNext()) {
            return false;
        }
        try {
            fallback.appendLoopOnAppenders(event);
        } catch (RuntimeException e) {
            addError("KernelDevice '" + getName() + "': an attached appender failed", e);
            return false;
        }
        pipeline.counters().toErrorRef.increment();
        return true;
    }

    /**
     * An event that was queued when the device failed, as its formatted text at its level and
     * time (all the queue keeps of it once formatted), to the attached appenders. Runs on the
     * writer's thread.
     */
    private boolean undeliverable(Object level, long timeMillis, byte[] message) {
        if (!fallback.iteratorForAppenders().hasNext()) {
            return false;
        }
        LoggingEvent event = new LoggingEvent();
        event.setLoggerName(getName());
        event.setLevel((Level) level);
        event.setTimeStamp(timeMillis);
        event.setMessage(new String(message, StandardCharsets.UTF_8));
        event.setThreadName(Thread.currentThread().getName());
        return toFallback(event);
    }

    EventEncoder encoder() {
        return eventEncoder;
    }

    EventOrigin origin() {
        return origin;
    }

    /** The pipeline, once started; for tests and monitoring. */
    DevicePipeline<CapturedEvent> pipeline() {
        return pipeline;
    }

    /**
     * The core's diagnostics, to this appender's status messages. While the appender starts (in
     * the configuration), a missing device is a warning, not an error: it is no mistake in the
     * configuration, and Spring Boot fails the application's start on any error its Logback
     * configuration reports; the device is reopened once it is there.
     */
    private final class StatusDiagnostics implements Diagnostics {
        @Override
        public void error(String message, Throwable cause) {
            if (starting) {
                addWarn(message, cause);
            } else if (cause == null) {
                addError(message);
            } else {
                addError(message, cause);
            }
        }

        @Override
        public void warn(String message) {
            addWarn(message);
        }

        @Override
        public void info(String message) {
            addInfo(message);
        }
    }

    // Settings, as Joran sets them from <name> elements.

    /** The device node; default {@code /dev/logger}. */
    public void setDevice(String device) {
        this.device = device;
    }

    public String getDevice() {
        return device;
    }

    /** Events the queue holds; default 8192. */
    public void setQueueSize(int queueSize) {
        this.queueSize = queueSize;
    }

    public int getQueueSize() {
        return queueSize;
    }

    /**
     * The most memory the queue keeps between events, in bytes; default 8 MiB. Logback's slots
     * hold the event Logback made, not a copy, and keep nothing once it is written, so nothing
     * is held against it; accepted so that one configuration names the same settings as the
     * Log4j2 appender's.
     */
    public void setQueueBytes(long queueBytes) {
        this.queueBytes = queueBytes;
    }

    public long getQueueBytes() {
        return queueBytes;
    }

    /**
     * Once fewer slots than this are free, TRACE, DEBUG and INFO events are discarded (and
     * counted); default a fifth of queueSize; 0: never, as AsyncAppender's.
     */
    public void setDiscardingThreshold(int discardingThreshold) {
        this.discardingThreshold = discardingThreshold;
    }

    public int getDiscardingThreshold() {
        return discardingThreshold;
    }

    /** True: an event that finds the queue full is discarded (and counted) rather than wait. */
    public void setNeverBlock(boolean neverBlock) {
        this.neverBlock = neverBlock;
    }

    public boolean isNeverBlock() {
        return neverBlock;
    }

    /** How long stop() may take to write what is queued, in ms; default 1000; 0: no limit. */
    public void setMaxFlushTime(int maxFlushTime) {
        this.maxFlushTime = maxFlushTime;
    }

    public int getMaxFlushTime() {
        return maxFlushTime;
    }

    /**
     * Events at this level or more severe are on the device before their logging call returns,
     * with everything queued before them; default ERROR; OFF: none.
     */
    public void setSyncLevel(String syncLevel) {
        this.syncLevel = syncLevel;
    }

    public String getSyncLevel() {
        return syncLevel;
    }

    /** How long the drain thread waits for more events after a batch, in µs; default 1000. */
    public void setLingerMicros(long lingerMicros) {
        this.lingerMicros = lingerMicros;
    }

    public long getLingerMicros() {
        return lingerMicros;
    }

    /** How often a missing or failed device is reopened, in ms; default 5000. */
    public void setReconnectDelayMillis(long reconnectDelayMillis) {
        this.reconnectDelayMillis = reconnectDelayMillis;
    }

    public long getReconnectDelayMillis() {
        return reconnectDelayMillis;
    }

    /** Whether the counters are an MBean in the platform MBeanServer; default true. */
    public void setJmx(boolean jmx) {
        this.jmx = jmx;
    }

    public boolean isJmx() {
        return jmx;
    }

    /**
     * Whether records carry fields (logger, thread, MDC, key-value pairs, markers, the event's
     * time, after the static ones); default true. False: the message alone.
     */
    public void setFields(boolean fields) {
        this.fields = fields;
    }

    public boolean isFields() {
        return fields;
    }

    /** Whether the caller's location is computed on the logging thread, for a layout's %line. */
    public void setIncludeCallerData(boolean includeCallerData) {
        this.includeCallerData = includeCallerData;
    }

    public boolean isIncludeCallerData() {
        return includeCallerData;
    }

    /**
     * {@code <field>KEY=value</field>}, repeatable: a field every record carries first, in this
     * order; blanks around the key and the value are dropped, the value may hold more {@code =}.
     */
    public void addField(String field) {
        staticFields.add(field);
    }

    /** Replaces the default message with what this encoder makes of the event. */
    public void setEncoder(Encoder<ILoggingEvent> encoder) {
        this.encoder = encoder;
    }

    public Encoder<ILoggingEvent> getEncoder() {
        return encoder;
    }

    /** Replaces the default message with this layout's text. */
    public void setLayout(Layout<ILoggingEvent> layout) {
        this.layout = layout;
    }

    public Layout<ILoggingEvent> getLayout() {
        return layout;
    }

    /** Where records go: the kernel device unless a test or benchmark puts a stand-in here. */
    public void setDeviceFactory(RecordDevice.Factory deviceFactory) {
        this.deviceFactory = deviceFactory;
    }

    // The attached appenders: <appender-ref> inside this one, its errorRef.

    @Override
    public void addAppender(Appender<ILoggingEvent> appender) {
        fallback.addAppender(appender);
    }

    @Override
    public Iterator<Appender<ILoggingEvent>> iteratorForAppenders() {
        return fallback.iteratorForAppenders();
    }

    @Override
    public Appender<ILoggingEvent> getAppender(String name) {
        return fallback.getAppender(name);
    }

    @Override
    public boolean isAttached(Appender<ILoggingEvent> appender) {
        return fallback.isAttached(appender);
    }

    @Override
    public void detachAndStopAllAppenders() {
        fallback.detachAndStopAllAppenders();
    }

    @Override
    public boolean detachAppender(Appender<ILoggingEvent> appender) {
        return fallback.detachAppender(appender);
    }

    @Override
    public boolean detachAppender(String name) {
        return fallback.detachAppender(name);
    }
}
