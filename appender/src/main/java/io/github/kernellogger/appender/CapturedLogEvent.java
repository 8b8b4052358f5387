package io.github.kernellogger.appender;

import io.github.kernellogger.core.EventFields;
import io.github.kernellogger.core.EventOrigin;
import io.github.kernellogger.core.FrameBuffer;
import io.github.kernellogger.core.QueuedEvent;
import io.github.kernellogger.device.SyslogLevel;
import java.util.Map;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.Marker;
import org.apache.logging.log4j.ThreadContext;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.impl.ContextDataFactory;
import org.apache.logging.log4j.core.impl.Log4jLogEvent;
import org.apache.logging.log4j.core.impl.ThrowableProxy;
import org.apache.logging.log4j.core.time.Instant;
import org.apache.logging.log4j.core.time.MutableInstant;
import org.apache.logging.log4j.core.util.Constants;
import org.apache.logging.log4j.message.AsynchronouslyFormattable;
import org.apache.logging.log4j.message.Message;
import org.apache.logging.log4j.message.MultiformatMessage;
import org.apache.logging.log4j.message.ReusableMessage;
import org.apache.logging.log4j.message.SimpleMessage;
import org.apache.logging.log4j.util.ReadOnlyStringMap;
import org.apache.logging.log4j.util.StringBuilderFormattable;
import org.apache.logging.log4j.util.StringMap;

/**
 * A slot of the queue, for Log4j2: a copy of a {@link LogEvent}, made on the logging thread into
 * an object the queue made once and reuses, and formatted (layout, fields, frame) on the writer's
 * thread. What Log4j's async loggers keep of an event in their ring ({@code MutableLogEvent},
 * {@code RingBufferLogEvent}), and as they keep it:
 *
 * <ul>
 *   <li>the message is formatted on the logging thread, as Log4j's own events already are
 *       (its parameters' {@code toString()} run there, and so see them as they were), unless
 *       its class is {@link AsynchronouslyFormattable} or {@code log4j2.formatMsgAsync} is set,
 *       and its text is kept; a message a layout may ask the type of (a MapMessage, for
 *       {@code %K}: a {@link MultiformatMessage}) is formatted and kept as it is; a text longer
 *       than max_payload characters is cut here, the bytes cut counted for the record's
 *       truncation notice;</li>
 *   <li>the ThreadContext map is copied, its values by reference: a mutable object in it is
 *       read when the layout runs, on the writer's thread;</li>
 *   <li>the thread's name, id and priority, the logger, level, marker, exception, time and
 *       the ThreadContext stack are copied, and the caller's location ({@code %L}, {@code %M})
 *       is computed on the logging thread, only when the layout needs it;</li>
 *   <li>a layout that reads the current thread ({@code Thread.currentThread()}, rather than the
 *       event) sees the writer's, as with async loggers.</li>
 * </ul>
 *
 * <p>The message's parameters are not kept, only its text and format: a slot refers to no
 * application object beyond the exception, the context's values and a message that is not
 * reused, and to none once written ({@link #release}).
 */
// LogEvent's getThrownProxy() and getContextMap(), and Message's getFormat(), are deprecated but
// still part of the interfaces, which layouts call: they are implemented, as Log4j's own events do.
@SuppressWarnings("deprecation")
final class CapturedLogEvent extends QueuedEvent implements LogEvent, ReusableMessage {
    private static final long serialVersionUID = 1L;
    /** The text buffer a slot starts with; it grows to the longest message, within its budget. */
    private static final int INITIAL_CHARS = 128;
    /** The most a logging thread's own text buffer keeps between events. */
    private static final int RETAINED_CHARS = 8 * 1024;
    /** {@link #freeze} left the message's text in this thread's {@link #TEXT}. */
    private static final Message FORMATTED_HERE = new SimpleMessage("");
    /**
     * Where a logging thread formats a message before it reserves a slot: a JDK type, so that
     * it keeps no class of the application's class loader reachable, in a web application's
     * threads too (Log4j's thread locals off).
     */
    private static final ThreadLocal<StringBuilder> TEXT =
            ThreadLocal.withInitial(() -> new StringBuilder(INITIAL_CHARS));
    /** A context map with more entries than this is let go once written, not kept for the next. */
    private static final int KEPT_CONTEXT_ENTRIES = 64;
    /** Message classes Log4j may format on a background thread: their events are not formatted here. */
    private static final ClassValue<Boolean> FORMATTED_LATE = new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
            return type.isAnnotationPresent(AsynchronouslyFormattable.class);
        }
    };

    /** The appender that captured it: its layout and fields encode it; its errorRef may take it. */
    private transient KernelDeviceAppender appender;
    /** A layout's header: text already formatted, queued as an event so that it comes first. */
    private byte[] header;

    private String loggerFqcn;
    private Level level;
    private String loggerName;
    private Marker marker;
    private Throwable thrown;
    private transient ThrowableProxy thrownProxy;
    private final MutableInstant instant = new MutableInstant();
    private long nanoTime;
    private StackTraceElement source;
    private boolean includeLocation;
    private StringMap contextData = ContextDataFactory.createContextData();
    private ThreadContext.ContextStack contextStack;
    private long threadId;
    private String threadName;
    private int threadPriority;
    private boolean endOfBatch;

    /** The message as the application logged it; null when its text is in {@link #text}. */
    private Message message;
    private StringBuilder text = new StringBuilder(INITIAL_CHARS);
    private String format;
    /** Bytes (UTF-8) of the message's text cut off beyond max_payload characters. */
    private long cutBytes;

    /**
     * On the logging thread, before a slot is reserved: runs what may run the application's code
     * (a parameter's {@code toString()}), so that filling the slot runs none and nothing waits
     * for the application while a slot is reserved.
     *
     * @return the message to capture: the event itself when Log4j formatted its text already (its
     *     reused events), a message kept as it is (one a layout may ask the type of, as
     *     {@code %K} a MapMessage's, or one formatted late), or {@link #FORMATTED_HERE}: its text
     *     is in this thread's {@link #TEXT}
     */
    static Message freeze(LogEvent event) {
        Message message = event.getMessage();
        if (message == null || message == event) {
            // Log4j's own reused events (its thread-local one, an async logger's) formatted their
            // message into themselves: copying that text runs nothing else.
            return message;
        }
        if (formattedLate(message)) {
            return message;
        }
        if (message instanceof MultiformatMessage) {
            message.getFormattedMessage(); // LOG4J2-763: fixes the parameters as they are now
            return message;
        }
        // Formatted into a buffer this thread keeps, as Log4j's own layouts do, rather than into
        // a String of the message's, which would be allocated for every event.
        StringBuilder text = TEXT.get();
        text.setLength(0);
        if (message instanceof StringBuilderFormattable formattable) {
            formattable.formatTo(text);
        } else {
            text.append(message.getFormattedMessage());
        }
        return FORMATTED_HERE;
    }

    private static boolean formattedLate(Message message) {
        return Constants.FORMAT_MESSAGES_IN_BACKGROUND || FORMATTED_LATE.get(message.getClass());
    }

    /**
     * Copies an event into this reserved slot, on the logging thread, running no application
     * code ({@link #freeze} did).
     *
     * @param frozen the event's message, from {@link #freeze}
     * @param location the caller's location if the layout needs it, else null
     * @param maxChars the longest message text kept: the device's max_payload
     */
    void capture(LogEvent event, Message frozen, StackTraceElement location,
            KernelDeviceAppender from, int maxChars) {
        appender = from;
        loggerFqcn = event.getLoggerFqcn();
        level = event.getLevel();
        loggerName = event.getLoggerName();
        marker = event.getMarker();
        thrown = event.getThrown();
        instant.initFrom(event.getInstant());
        nanoTime = event.getNanoTime();
        // Never computed later: on the writer's thread the stack is the writer's.
        source = location;
        includeLocation = location != null;
        contextData.putAll(event.getContextData());
        contextStack = event.getContextStack();
        threadId = event.getThreadId();
        threadName = event.getThreadName();
        threadPriority = event.getThreadPriority();
        endOfBatch = event.isEndOfBatch();
        if (frozen == FORMATTED_HERE) {
            StringBuilder formatted = TEXT.get();
            copy(formatted, maxChars);
            if (formatted.capacity() > RETAINED_CHARS) {
                TEXT.set(new StringBuilder(INITIAL_CHARS)); // after a huge message, not kept
            }
        } else if (frozen instanceof ReusableMessage reusable) {
            reusable.formatTo(text);
            format = reusable.getFormat();
            copy(text, maxChars);
        } else if (frozen != null && !formattedLate(frozen)
                && frozen.getFormattedMessage().length() > maxChars) {
            format = frozen.getFormat();
            copy(frozen.getFormattedMessage(), maxChars);
        } else {
            message = frozen;
        }
    }

    /** A layout's header, as the first record of the queue. */
    void captureHeader(byte[] header, KernelDeviceAppender from) {
        appender = from;
        this.header = header;
        level = Level.INFO;
        instant.initFromEpochMilli(System.currentTimeMillis(), 0);
    }

    /**
     * Makes {@link #text} the first {@code maxChars} of {@code source} (which may be
     * {@link #text} itself), counting the bytes of the rest as cut, and lets a buffer grown huge
     * go.
     */
    private void copy(CharSequence source, int maxChars) {
        int length = source.length();
        int end = length;
        if (length > maxChars) {
            end = maxChars > 0 && Character.isHighSurrogate(source.charAt(maxChars - 1))
                    ? maxChars - 1 : maxChars;
            cutBytes = utf8Length(source, end, length);
        }
        if (source != text) {
            text.append(source, 0, end);
        } else if (end < length) {
            text.setLength(end);
            text.trimToSize();
        }
    }

    /** Bytes of {@code s} from {@code from} to {@code to} as UTF-8, an unpaired surrogate as '?'. */
    static long utf8Length(CharSequence s, int from, int to) {
        long n = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                n++;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < to
                    && Character.isLowSurrogate(s.charAt(i + 1))) {
                n += 4;
                i++;
            } else if (Character.isSurrogate(c)) {
                n++;
            } else {
                n += 3;
            }
        }
        return n;
    }

    @Override
    protected void encode(FrameBuffer frame, boolean framed) {
        if (header != null) {
            frame.begin(SyslogLevel.INFO, 0);
            frame.endFields();
            frame.writeBytes(header, 0, header.length);
            frame.finish(0);
            return;
        }
        KernelDeviceAppender a = appender;
        EventEncoder.encode(framed ? a.getLayout() : a.version1Layout(), this,
                framed ? a.fields() : EventFields.NONE, frame, cutBytes);
    }

    @Override
    protected EventOrigin origin() {
        return appender.origin();
    }

    @Override
    protected Object level() {
        return getLevel();
    }

    @Override
    protected long timeMillis() {
        return instant.getEpochMillisecond();
    }

    @Override
    protected void release(int keepBytes) {
        appender = null;
        header = null;
        loggerFqcn = null;
        level = null;
        loggerName = null;
        marker = null;
        thrown = null;
        thrownProxy = null;
        source = null;
        contextStack = null;
        threadName = null;
        message = null;
        format = null;
        cutBytes = 0;
        if (contextData.size() > KEPT_CONTEXT_ENTRIES) {
            contextData = ContextDataFactory.createContextData();
        } else {
            contextData.clear();
        }
        // Chars count two bytes, as a text beyond Latin-1 takes.
        int keepChars = keepBytes / 2;
        if (text.capacity() > keepChars) {
            text = new StringBuilder(Math.min(INITIAL_CHARS, keepChars));
        } else {
            text.setLength(0);
        }
    }

    @Override
    protected long retainedBytes() {
        return 2L * text.capacity();
    }

    /** When serialized (a layout or appender that keeps it), an immutable copy is. */
    private Object writeReplace() {
        return toImmutable();
    }

    // LogEvent

    @Override
    public LogEvent toImmutable() {
        Message m = message != null ? message : memento();
        StringMap context = ContextDataFactory.createContextData();
        context.putAll(contextData);
        return Log4jLogEvent.newBuilder()
                .setLoggerFqcn(loggerFqcn)
                .setLevel(getLevel())
                .setLoggerName(loggerName)
                .setMarker(marker)
                .setMessage(m)
                .setThrown(thrown)
                .setInstant(instant)
                .setNanoTime(nanoTime)
                .setSource(source)
                .setIncludeLocation(includeLocation)
                .setContextData(context)
                .setContextStack(contextStack)
                .setThreadId(threadId)
                .setThreadName(threadName)
                .setThreadPriority(threadPriority)
                .setEndOfBatch(endOfBatch)
                .build();
    }

    @Override
    public Map<String, String> getContextMap() {
        return contextData.toMap();
    }

    @Override
    public ReadOnlyStringMap getContextData() {
        return contextData;
    }

    @Override
    public ThreadContext.ContextStack getContextStack() {
        return contextStack;
    }

    @Override
    public String getLoggerFqcn() {
        return loggerFqcn;
    }

    @Override
    public Level getLevel() {
        return level == null ? Level.OFF : level;
    }

    @Override
    public String getLoggerName() {
        return loggerName;
    }

    @Override
    public Marker getMarker() {
        return marker;
    }

    @Override
    public Message getMessage() {
        return message != null ? message : this;
    }

    @Override
    public long getTimeMillis() {
        return instant.getEpochMillisecond();
    }

    @Override
    public Instant getInstant() {
        return instant;
    }

    @Override
    public StackTraceElement getSource() {
        return source;
    }

    @Override
    public String getThreadName() {
        return threadName;
    }

    @Override
    public long getThreadId() {
        return threadId;
    }

    @Override
    public int getThreadPriority() {
        return threadPriority;
    }

    @Override
    public Throwable getThrown() {
        return thrown;
    }

    @Override
    public ThrowableProxy getThrownProxy() {
        if (thrownProxy == null && thrown != null) {
            thrownProxy = new ThrowableProxy(thrown);
        }
        return thrownProxy;
    }

    @Override
    public boolean isEndOfBatch() {
        return endOfBatch;
    }

    @Override
    public boolean isIncludeLocation() {
        return includeLocation;
    }

    @Override
    public void setEndOfBatch(boolean endOfBatch) {
        this.endOfBatch = endOfBatch;
    }

    @Override
    public void setIncludeLocation(boolean includeLocation) {
        this.includeLocation = includeLocation;
    }

    @Override
    public long getNanoTime() {
        return nanoTime;
    }

    // ReusableMessage: the message's text, when it is kept as text

    @Override
    public String getFormattedMessage() {
        return text.toString();
    }

    @Override
    public String getFormat() {
        return format;
    }

    @Override
    public Object[] getParameters() {
        return null;
    }

    @Override
    public Throwable getThrowable() {
        return null;
    }

    @Override
    public void formatTo(StringBuilder buffer) {
        buffer.append(text);
    }

    @Override
    public Object[] swapParameters(Object[] emptyReplacement) {
        return emptyReplacement;
    }

    @Override
    public short getParameterCount() {
        return 0;
    }

    @Override
    public Message memento() {
        return new SimpleMessage(text.toString());
    }
}
