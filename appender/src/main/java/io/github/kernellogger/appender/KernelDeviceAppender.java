package io.github.kernellogger.appender;

import io.github.kernellogger.core.DevicePipeline;
import io.github.kernellogger.core.EventFields;
import io.github.kernellogger.core.EventOrigin;
import io.github.kernellogger.core.EventQueue;
import io.github.kernellogger.core.RecordDevice;
import io.github.kernellogger.core.StaticField;
import io.github.kernellogger.device.LoggerAbi;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.Core;
import org.apache.logging.log4j.core.Layout;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.appender.AppenderLoggingException;
import org.apache.logging.log4j.core.config.AppenderControl;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.plugins.Plugin;
import org.apache.logging.log4j.core.config.plugins.PluginBuilderAttribute;
import org.apache.logging.log4j.core.config.plugins.PluginBuilderFactory;
import org.apache.logging.log4j.core.config.plugins.PluginElement;
import org.apache.logging.log4j.core.impl.LocationAware;
import org.apache.logging.log4j.core.impl.Log4jLogEvent;
import org.apache.logging.log4j.core.layout.PatternLayout;
import org.apache.logging.log4j.core.util.KeyValuePair;
import org.apache.logging.log4j.message.Message;
import org.apache.logging.log4j.message.SimpleMessage;
import org.apache.logging.log4j.spi.AbstractLogger;

/**
 * {@code <KernelDevice>}: sends every event to {@code /dev/logger}, where the kernel keeps it in
 * a ring buffer for any number of readers.
 *
 * <pre>{@code
 * <KernelDevice name="kernel" device="/dev/logger" queueSize="8192" queueBytes="8388608"
 *               blocking="true" blockTimeoutMillis="0" discardThreshold="INFO"
 *               syncLevel="ERROR" lingerMicros="1000" shutdownTimeoutMillis="5000"
 *               reconnectDelayMillis="5000" jmx="true" fields="true" ignoreExceptions="true"
 *               errorRef="console">
 *   <KeyValuePair key="SERVICE" value="payments"/>
 *   <PatternLayout pattern="%m%notEmpty{%n%ex}"/>
 * </KernelDevice>
 * }</pre>
 *
 * <p>{@link #append} copies the event into a slot of a bounded queue, on the caller's thread
 * ({@link CapturedLogEvent}: reserved under the queue's lock, filled outside it); one drain
 * thread per device formats each event there (its level, its own time, its fields: the static
 * {@code <KeyValuePair>}s, then TAG, THREAD, THREAD_ID, the ThreadContext and MARKER, see
 * {@link EventFields}; then the message as the layout formats it) and writes each batch with one
 * system call, one record per event, its level as the record's syslog level. The drain thread
 * is not woken for every event: after a batch it waits up to {@code lingerMicros} for more.
 * When the queue is full, events more severe than {@code discardThreshold} always wait for room
 * and are never lost. The others wait when {@code blocking} is true (for at most
 * {@code blockTimeoutMillis}, 0 meaning no limit); when they do not or time runs out, they are
 * discarded and counted, and the next record written says how many. Neither the drain thread
 * nor a logging call made while formatting another event ever waits. A module of ABI version 1
 * gets plain records, one per write, without fields.
 *
 * <p>An event at {@code syncLevel} or more severe is on the device before its call returns,
 * with everything queued before it: the caller writes the queue up to its event itself, or
 * waits for the writer that is writing it (see {@link BatchWriter#writeThrough}), so that it
 * survives the process being killed the next instant.
 *
 * <p>When the device is missing or fails, the appender still runs: one status error says so,
 * events go to {@code errorRef} (or are counted as lost without one), and the device is reopened
 * every {@code reconnectDelayMillis}. errorRef also takes what the full queue refuses, as with
 * Log4j's Async appender; with {@code ignoreExceptions="false"} and no errorRef, an event that
 * cannot be delivered is an {@link AppenderLoggingException}, so that Log4j's Failover works.
 */
@Plugin(name = KernelDeviceAppender.PLUGIN_NAME, category = Core.CATEGORY_NAME,
        elementType = Appender.ELEMENT_TYPE, printObject = true)
public final class KernelDeviceAppender extends AbstractAppender {
    public static final String PLUGIN_NAME = "KernelDevice";
    /**
     * The layout when none is given: the message, and a stack trace on lines of its own when
     * there is one. Logger, thread and context travel as fields of the record.
     */
    public static final String DEFAULT_PATTERN = "%m%notEmpty{%n%ex}";
    /**
     * The layout when none is given and the device speaks ABI version 1, whose records carry no
     * fields: the thread and logger go in the message, as the kernel stamps the drain thread.
     */
    public static final String VERSION_1_PATTERN = "[%t] %c - %m%notEmpty{%n%ex}";
    /** The default {@code queueBytes}: 8 MiB, 1 KiB a slot for the default 8192 slots. */
    public static final long DEFAULT_QUEUE_BYTES = DevicePipeline.DEFAULT_QUEUE_BYTES;
    /** The default {@code lingerMicros}: how long an event may wait for the drain thread. */
    public static final long DEFAULT_LINGER_MICROS = DevicePipeline.DEFAULT_LINGER_MICROS;

    private final KernelDeviceManager manager;
    private final boolean blocking;
    private final long blockTimeoutMillis;
    private final Level discardThreshold;
    /** Events at this level or more severe are written before their call returns; null: none. */
    private final Level syncLevel;
    private final long shutdownTimeoutMillis;
    private final String errorRef;
    private final Configuration configuration;
    private final EventFields fields;
    /** The layout for a device of ABI version 1: the configured one, or VERSION_1_PATTERN. */
    private final Layout<? extends Serializable> version1Layout;
    /** Whether either layout prints the caller's location, which is then computed when captured. */
    private final boolean requiresLocation;
    /** errorRef, called as Log4j calls any appender: its filters apply, recursion is refused. */
    private volatile AppenderControl errorControl;
    /** This appender as the writer knows it: where its undeliverable events go. */
    private final EventOrigin origin = this::undeliverable;

    private KernelDeviceAppender(Builder<?> b, Layout<? extends Serializable> layout,
            Layout<? extends Serializable> version1Layout, Level discardThreshold,
            Level syncLevel, KernelDeviceManager manager) {
        super(b.getName(), b.getFilter(), layout, b.isIgnoreExceptions(), b.getPropertyArray());
        this.version1Layout = version1Layout;
        this.requiresLocation = requiresLocation(layout) || requiresLocation(version1Layout);
        this.syncLevel = syncLevel;
        this.fields = b.fields ? EventFields.of(b.staticFields()) : EventFields.NONE;
        this.manager = manager;
        this.blocking = b.blocking;
        this.blockTimeoutMillis = b.blockTimeoutMillis;
        this.discardThreshold = discardThreshold;
        this.shutdownTimeoutMillis = b.shutdownTimeoutMillis;
        this.errorRef = b.errorRef;
        this.configuration = b.getConfiguration();
    }

    @PluginBuilderFactory
    public static <B extends Builder<B>> B newBuilder() {
        return new Builder<B>().asBuilder();
    }

    /**
     * Builds a {@link KernelDeviceAppender}; every attribute has a setter, and {@link #build()}
     * rejects bad values with a status error instead of throwing.
     */
    public static class Builder<B extends Builder<B>> extends AbstractAppender.Builder<B>
            implements org.apache.logging.log4j.core.util.Builder<KernelDeviceAppender> {

        @PluginBuilderAttribute
        private String device = LoggerAbi.DEVICE_PATH;

        @PluginBuilderAttribute
        private int queueSize = 8192;

        @PluginBuilderAttribute
        private long queueBytes = DEFAULT_QUEUE_BYTES;

        @PluginBuilderAttribute
        private boolean blocking = true;

        @PluginBuilderAttribute
        private long blockTimeoutMillis;

        @PluginBuilderAttribute
        private String discardThreshold = Level.INFO.name();

        @PluginBuilderAttribute
        private String syncLevel = Level.ERROR.name();

        @PluginBuilderAttribute
        private long lingerMicros = DEFAULT_LINGER_MICROS;

        @PluginBuilderAttribute
        private long shutdownTimeoutMillis = 5000;

        @PluginBuilderAttribute
        private long reconnectDelayMillis = 5000;

        @PluginBuilderAttribute
        private String errorRef;

        @PluginBuilderAttribute
        private boolean jmx = true;

        @PluginBuilderAttribute
        private boolean fields = true;

        /**
         * {@code <KeyValuePair key="..." value="..."/>} elements, Log4j's own: fields every record
         * carries first.
         */
        @PluginElement("KeyValuePairs")
        private KeyValuePair[] keyValuePairs;

        /**
         * Where records go: the kernel device unless a test puts a stand-in here, in code or as a
         * child element of {@code <KernelDevice>} (a test plugin implementing the package-private
         * {@link RecordDevice.Factory}, which nothing outside this package can).
         */
        @PluginElement("DeviceFactory")
        private RecordDevice.Factory deviceFactory;

        /** The device node; default {@code /dev/logger}. */
        public B setDevice(String device) {
            this.device = device;
            return asBuilder();
        }

        /** Events the queue holds before the full-queue policy applies; default 8192. */
        public B setQueueSize(int queueSize) {
            this.queueSize = queueSize;
            return asBuilder();
        }

        /**
         * The most memory the queue keeps for payloads between events, in bytes; default 8 MiB.
         * Each slot keeps an array of up to {@code queueBytes / queueSize} bytes for the next
         * event; a larger event gets one of its own, let go once it is written.
         */
        public B setQueueBytes(long queueBytes) {
            this.queueBytes = queueBytes;
            return asBuilder();
        }

        /** Whether events at or below {@code discardThreshold} wait for room; default true. */
        public B setBlocking(boolean blocking) {
            this.blocking = blocking;
            return asBuilder();
        }

        /** How long such an event waits, in ms; 0, the default, means as long as it takes. */
        public B setBlockTimeoutMillis(long blockTimeoutMillis) {
            this.blockTimeoutMillis = blockTimeoutMillis;
            return asBuilder();
        }

        /** Events more severe than this level always wait and are never lost; default INFO. */
        public B setDiscardThreshold(String discardThreshold) {
            this.discardThreshold = discardThreshold;
            return asBuilder();
        }

        /**
         * Events at this level or more severe are on the device before their logging call
         * returns, with everything queued before them; default ERROR. {@code OFF}: none.
         */
        public B setSyncLevel(String syncLevel) {
            this.syncLevel = syncLevel;
            return asBuilder();
        }

        /**
         * How long the drain thread waits for more events after writing a batch, without being
         * woken for each, in µs; default 1000. The longest an event waits for the drain thread.
         * 0: it is woken for the first event after every batch.
         */
        public B setLingerMicros(long lingerMicros) {
            this.lingerMicros = lingerMicros;
            return asBuilder();
        }

        /**
         * How long stopping may take to write what is queued, in ms; default 5000. 0 means as
         * long as it takes, as Log4j's {@code shutdownTimeout="0"}.
         */
        public B setShutdownTimeoutMillis(long shutdownTimeoutMillis) {
            this.shutdownTimeoutMillis = shutdownTimeoutMillis;
            return asBuilder();
        }

        /** How often a missing or failed device is reopened, in ms; default 5000. */
        public B setReconnectDelayMillis(long reconnectDelayMillis) {
            this.reconnectDelayMillis = reconnectDelayMillis;
            return asBuilder();
        }

        /** The appender that takes events while the device is missing; none by default. */
        public B setErrorRef(String errorRef) {
            this.errorRef = errorRef;
            return asBuilder();
        }

        /**
         * Whether the device's counters are an MBean in the platform MBeanServer; default true,
         * whatever Log4j's own {@code log4j2.disableJmx}.
         */
        public B setJmx(boolean jmx) {
            this.jmx = jmx;
            return asBuilder();
        }

        /**
         * Whether records carry fields (the logger, thread, context, marker and the event's own
         * time, after the static ones); default true. False: the message alone, as in a record
         * of ABI version 1.
         */
        public B setFields(boolean fields) {
            this.fields = fields;
            return asBuilder();
        }

        /**
         * Fields every record carries, before the event's own, in this order; none by default.
         * A pair whose key is not a key of /dev/logger is a status error and is left out.
         */
        public B setKeyValuePairs(KeyValuePair... keyValuePairs) {
            this.keyValuePairs = keyValuePairs;
            return asBuilder();
        }

        /** Where records go: the kernel device unless a test puts a stand-in here. */
        B setDeviceFactory(RecordDevice.Factory deviceFactory) {
            this.deviceFactory = deviceFactory;
            return asBuilder();
        }

        @Override
        public KernelDeviceAppender build() {
            String problem = problem();
            if (problem != null) {
                LOGGER.error("KernelDevice{}: {}; no appender created",
                        getName() == null ? "" : " '" + getName() + "'", problem);
                return null;
            }
            Layout<? extends Serializable> layout = getLayout() != null ? getLayout()
                    : pattern(DEFAULT_PATTERN);
            Layout<? extends Serializable> version1Layout = getLayout() != null ? getLayout()
                    : pattern(VERSION_1_PATTERN);
            LoggerContext context = getConfiguration() == null ? null
                    : getConfiguration().getLoggerContext();
            KernelDeviceManager manager = KernelDeviceManager.acquire(new KernelDeviceManager.Settings(
                    context == null ? "" : context.getName(),
                    new DevicePipeline.Settings(Path.of(device), queueSize, queueBytes,
                            TimeUnit.MICROSECONDS.toNanos(lingerMicros), reconnectDelayMillis,
                            deviceFactory != null ? deviceFactory : RecordDevice.Factory.KERNEL),
                    jmx));
            Level sync = level(syncLevel);
            return new KernelDeviceAppender(this, layout, version1Layout, level(discardThreshold),
                    sync == Level.OFF ? null : sync, manager);
        }

        /** The key-value pairs as fields; each bad one is a status error and is left out. */
        private StaticField[] staticFields() {
            if (keyValuePairs == null) {
                return new StaticField[0];
            }
            return Arrays.stream(keyValuePairs).filter(Objects::nonNull).map(pair -> {
                try {
                    return new StaticField(pair.getKey() == null ? "" : pair.getKey(),
                            pair.getValue() == null ? "" : pair.getValue());
                } catch (IllegalArgumentException e) {
                    LOGGER.error("KernelDevice '{}': KeyValuePair {}; it is left out", getName(),
                            e.getMessage());
                    return null;
                }
            }).filter(Objects::nonNull).toArray(StaticField[]::new);
        }

        private PatternLayout pattern(String pattern) {
            return PatternLayout.newBuilder().setPattern(pattern)
                    .setConfiguration(getConfiguration()).build();
        }

        /** What is wrong with the attributes, or null. */
        private String problem() {
            if (getName() == null || getName().isBlank()) {
                return "the name attribute is missing";
            }
            if (device == null || device.isBlank()) {
                return "the device attribute is empty";
            }
            if (queueSize < 1 || queueSize > (1 << 24)) {
                return "queueSize=" + queueSize + " is out of range: use 1.." + (1 << 24);
            }
            if (queueBytes < 0) {
                return "queueBytes=" + queueBytes + " is negative: use 0 to keep nothing between events";
            }
            if (blockTimeoutMillis < 0) {
                return "blockTimeoutMillis=" + blockTimeoutMillis + " is negative: use 0 for no limit";
            }
            if (shutdownTimeoutMillis < 0) {
                return "shutdownTimeoutMillis=" + shutdownTimeoutMillis + " is negative";
            }
            if (reconnectDelayMillis < 1) {
                return "reconnectDelayMillis=" + reconnectDelayMillis + " must be at least 1";
            }
            if (level(discardThreshold) == null) {
                return "discardThreshold=" + discardThreshold
                        + " is not a level: use FATAL, ERROR, WARN, INFO, DEBUG, TRACE or a custom level";
            }
            if (level(syncLevel) == null) {
                return "syncLevel=" + syncLevel + " is not a level: use FATAL, ERROR, WARN, INFO, "
                        + "DEBUG, TRACE, a custom level, or OFF for none";
            }
            if (lingerMicros < 0 || lingerMicros > 1_000_000) {
                return "lingerMicros=" + lingerMicros + " is out of range: use 0..1000000";
            }
            return null;
        }

        /** A level by name, any case; null if there is none of that name. */
        private static Level level(String name) {
            return name == null ? null : Level.getLevel(name.trim().toUpperCase(Locale.ROOT));
        }
    }

    /** The manager this appender writes through; for tests and monitoring. */
    KernelDeviceManager manager() {
        return manager;
    }

    /** The layout for a device of ABI version 1. */
    Layout<? extends Serializable> version1Layout() {
        return version1Layout;
    }

    /** The fields every record of this appender carries; {@link EventFields#NONE} for none. */
    EventFields fields() {
        return fields;
    }

    private static boolean requiresLocation(Layout<?> layout) {
        return layout instanceof LocationAware aware && aware.requiresLocation();
    }

    /**
     * Whether either layout prints the caller's location: Log4j then computes it on the logging
     * thread, where the stack is the caller's, and the event carries it to the writer.
     */
    @Override
    public boolean requiresLocation() {
        return requiresLocation;
    }

    @Override
    public void start() {
        if (errorRef != null) {
            Appender errorAppender = configuration == null ? null : configuration.getAppender(errorRef);
            if (errorAppender == null) {
                error("KernelDevice '" + getName() + "': errorRef=" + errorRef
                        + " is not an appender of this configuration");
            } else {
                errorControl = new AppenderControl(errorAppender, null, null);
            }
        }
        manager.addAppender(this);
        super.start();
        byte[] header = getLayout().getHeader();
        // Once per queue, as Log4j's file appenders write it once per file: a reconfiguration,
        // which hands the queue over, writes none.
        if (header != null && manager.claimHeader()) {
            EventQueue<CapturedLogEvent> queue = manager.queue();
            CapturedLogEvent slot = queue.tryReserve();
            if (slot == null) {
                queue.countDiscarded();
            } else {
                slot.captureHeader(header, this);
                queue.publish(slot);
            }
        }
    }

    @Override
    public boolean stop(long timeout, TimeUnit timeUnit) {
        setStopping();
        boolean stopped = super.stop(timeout, timeUnit, false);
        manager.removeAppender(this);
        // Written after everything queued, should this be the last appender of the queue.
        stopped &= manager.release(shutdownTimeoutMillis, getLayout().getFooter());
        setStopped();
        return stopped;
    }

    /**
     * Copies the event into the queue, and for an event at {@code syncLevel} or more severe,
     * writes the queue up to it before returning. An event that cannot be delivered (the device
     * is known to be missing, or the queue refused it) goes to errorRef as itself; without one it
     * is an {@link AppenderLoggingException} when {@code ignoreExceptions} is false, so that
     * Log4j's Failover appender takes over, and otherwise counted.
     */
    @Override
    public void append(LogEvent event) {
        DevicePipeline<CapturedLogEvent> pipeline = manager.pipeline();
        if (!pipeline.connection().isConnected()) {
            if (toErrorRef(event)) {
                return;
            }
            if (!ignoreExceptions()) {
                throw new AppenderLoggingException("KernelDevice '" + getName() + "': the device "
                        + manager.path() + " is not open; see the status log for why");
            }
            // Queued all the same: written if the device is back in time, else counted as lost.
        }
        // What runs the application's code (a parameter's toString()), before a slot is
        // reserved: a logging call made there is nested, and must not wait for the queue.
        int[] depth = EventEncoder.FORMATTING.get();
        Message message;
        StackTraceElement location;
        depth[0]++;
        try {
            message = CapturedLogEvent.freeze(event);
            location = requiresLocation ? event.getSource() : null;
        } finally {
            depth[0]--;
        }
        Level level = event.getLevel();
        boolean mayWait = !isNested(depth[0]) && !pipeline.isWriterThread();
        boolean writeThrough = mayWait && syncLevel != null && level.isMoreSpecificThan(syncLevel);
        EventQueue<CapturedLogEvent> queue = pipeline.queue();
        CapturedLogEvent slot = reserve(queue, level, mayWait, writeThrough);
        if (slot == null) {
            queue.countDiscarded();
            // As Log4j's AsyncAppender: what the queue refused goes to errorRef.
            if (!toErrorRef(event) && !ignoreExceptions()) {
                throw new AppenderLoggingException("KernelDevice '" + getName() + "': event "
                        + "discarded: the queue for " + manager.path() + " is full");
            }
            return;
        }
        try {
            slot.capture(event, message, location, this, pipeline.connection().maxPayload());
        } catch (RuntimeException | Error e) {
            queue.abandon(slot);
            throw e;
        }
        long seq = slot.seq(); // the slot is the writer's once published
        queue.publish(slot);
        if (writeThrough) {
            pipeline.writeThrough(seq, blockTimeoutMillis == 0 ? 0
                    : System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(blockTimeoutMillis));
        }
    }

    /**
     * Hands an event to errorRef on the caller's thread.
     *
     * @return false if there is no errorRef or it failed
     */
    private boolean toErrorRef(LogEvent event) {
        AppenderControl target = errorControl;
        if (target == null) {
            return false;
        }
        try {
            target.callAppender(event);
        } catch (RuntimeException e) {
            error("KernelDevice '" + getName() + "': errorRef " + errorRef + " failed", event, e);
            return false;
        }
        manager.counters().toErrorRef.increment();
        return true;
    }

    /**
     * Whether this call was made while formatting another event on this thread: Log4j formats
     * reusable messages when it creates the event, before any appender runs, so its own count of
     * nested logging calls tells; what this appender formats is counted in
     * {@link EventEncoder#FORMATTING}.
     */
    private static boolean isNested(int formattingDepth) {
        return formattingDepth > 0 || AbstractLogger.getRecursionDepth() > 1;
    }

    /**
     * The full-queue policy: a slot for an event at {@code level}, or null to discard it. An
     * event this thread writes through wakes no drain thread: this thread writes it.
     */
    private CapturedLogEvent reserve(EventQueue<CapturedLogEvent> queue, Level level,
            boolean mayWait, boolean writeThrough) {
        if (!mayWait) {
            return queue.tryReserve();
        }
        if (level.intLevel() < discardThreshold.intLevel()) {
            return queue.reserveUninterruptibly(writeThrough);
        }
        if (!blocking) {
            return queue.tryReserve(writeThrough);
        }
        try {
            return blockTimeoutMillis == 0 ? queue.reserve(writeThrough)
                    : queue.reserve(blockTimeoutMillis, TimeUnit.MILLISECONDS, writeThrough);
        } catch (InterruptedException e) {
            // An interrupt ends the wait; the event counts as discarded, the flag stays set.
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** Where the writer hands this appender's events the device cannot take: its errorRef. */
    EventOrigin origin() {
        return origin;
    }

    /**
     * Hands an event that was queued when the device failed to errorRef, as its formatted text
     * at its level and time (all the queue keeps of it once formatted). Runs on the writer's
     * thread.
     *
     * @return false if there is no errorRef or it failed
     */
    private boolean undeliverable(Object level, long timeMillis, byte[] message) {
        if (errorControl == null) {
            return false;
        }
        return toErrorRef(Log4jLogEvent.newBuilder()
                .setLoggerName(getName())
                .setLevel((Level) level)
                .setTimeMillis(timeMillis)
                .setMessage(new SimpleMessage(new String(message, StandardCharsets.UTF_8)))
                .build());
    }

    @Override
    public String toString() {
        return "KernelDeviceAppender[" + getName() + " -> " + manager.path() + "]";
    }
}
