package io.github.kernellogger.appender;

import io.github.kernellogger.device.Frames;
import io.github.kernellogger.device.LoggerAbi;
import io.github.kernellogger.device.SyslogLevel;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.Marker;
import org.apache.logging.log4j.core.Layout;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.layout.ByteBufferDestination;
import org.apache.logging.log4j.core.net.Severity;
import org.apache.logging.log4j.core.time.Instant;
import org.apache.logging.log4j.core.util.Constants;
import org.apache.logging.log4j.util.TriConsumer;

/**
 * Encodes an event, on the caller's thread, as the frame the device stores as one record
 * ({@code struct logger_frame}, see {@link Frames}): its syslog level, its own time in ns, its
 * fields ({@link EventFields}) and its message as the layout formats it, without a trailing line
 * break, cut to fit the device's max_payload with a visible {@code ...[truncated N bytes]}
 * ending. The queue keeps the frame as it is and the drain thread writes frames back to back.
 *
 * <p>Fields take at most half of max_payload (and the 65535 bytes a frame allows them): one
 * that would pass that is left out and the event counts as truncated; the message has the rest.
 *
 * <p>Layouts write through {@link Layout#encode}, which for PatternLayout and most others is
 * garbage-free, into a buffer that is reused, and fields are encoded from the event's Strings
 * in place, so that this class allocates nothing per event: one buffer kept per thread when
 * Log4j's thread locals are enabled, as they are outside web applications; otherwise one of a
 * few shared ones, taken and given back with an atomic swap, as a web application's classes must
 * not stay in its container's threads.
 */
final class EventEncoder {
    /** Bytes a buffer keeps between events; a larger event grows it, and it shrinks after. */
    private static final int RETAINED_CAPACITY = 16 * 1024;
    private static final int INITIAL_CAPACITY = 512;
    /** The most bytes of fields a frame may have: its {@code fields_len} is 16 bits. */
    private static final int MAX_FIELDS = 0xffff;

    private static final ThreadLocal<Destination> PER_THREAD =
            ThreadLocal.withInitial(() -> new Destination(-1));
    /** The shared buffers, when thread locals are off: a power of two, a few per CPU. */
    private static final AtomicReferenceArray<Destination> SHARED = shared(
            Integer.highestOneBit(Math.min(64, 2 * Runtime.getRuntime().availableProcessors()) * 2 - 1));
    /** Puts one ThreadContext entry as a field; a static lambda, so that it allocates nothing. */
    private static final TriConsumer<String, Object, Destination> CONTEXT_FIELD =
            (key, value, d) -> d.putContextField(key, value);

    private EventEncoder() {}

    private static AtomicReferenceArray<Destination> shared(int stripes) {
        AtomicReferenceArray<Destination> pool = new AtomicReferenceArray<>(stripes);
        for (int i = 0; i < stripes; i++) {
            pool.set(i, new Destination(i));
        }
        return pool;
    }

    /** What {@link #encode} made: valid until {@link #release}. */
    interface Encoded {
        /** The frame, padding included, between position 0 and the limit. */
        ByteBuffer bytes();

        /** The message was over what max_payload left it and was cut, or a field left out. */
        boolean truncated();

        /** The bytes are no longer needed: the buffer may take the next event. */
        void release();
    }

    /**
     * The event as a frame; call {@link Encoded#release} once its bytes are copied.
     *
     * @param maxPayload the most bytes of fields and message the device takes in one record
     */
    static Encoded encode(Layout<?> layout, LogEvent event, int maxPayload, EventFields fields) {
        Destination d = acquire();
        try {
            d.begin(syslogLevel(event.getLevel()),
                    fields.enabled() ? nanos(event.getInstant()) : 0, maxPayload);
            if (fields.enabled()) {
                d.putFields(fields, event);
            }
            d.endFields();
            layout.encode(event, d);
            d.finish();
            return d;
        } catch (RuntimeException | Error e) {
            d.release();
            throw e;
        }
    }

    /** A frame of text that is already formatted, such as a layout's header, at info. */
    static Encoded encode(byte[] text, int maxPayload) {
        Destination d = new Destination(-2);
        d.begin(SyslogLevel.INFO, 0, maxPayload);
        d.endFields();
        d.writeBytes(text, 0, text.length);
        d.finish();
        return d;
    }

    /**
     * A Log4j level as a syslog level, as Log4j's own {@link Severity} maps it (its Syslog
     * appender, Rfc5424Layout): FATAL alert, ERROR err, WARN warning, INFO info, DEBUG and TRACE
     * debug; a custom level as the standard level it is closest to on the severe side
     * ({@link Level#getStandardLevel()}).
     */
    static SyslogLevel syslogLevel(Level level) {
        return SyslogLevel.ofCode(Severity.getSeverity(level).getCode());
    }

    /** An instant in ns since the epoch. */
    static long nanos(Instant instant) {
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNanoOfSecond();
    }

    private static Destination acquire() {
        if (Constants.ENABLE_THREADLOCALS) {
            Destination d = PER_THREAD.get();
            // A layout may log while formatting (a toString() that logs) and so reach here again
            // on this thread, through another appender: the nested call gets a buffer of its own.
            if (!d.busy) {
                d.busy = true;
                return d;
            }
            return new Destination(-2);
        }
        int stripes = SHARED.length();
        @SuppressWarnings("deprecation") // Thread.threadId() is Java 19: any spread will do
        int home = (int) Thread.currentThread().getId();
        for (int k = 0; k < stripes; k++) {
            Destination d = SHARED.getAndSet((home + k) & (stripes - 1), null);
            if (d != null) {
                return d;
            }
        }
        return new Destination(-2); // more threads encoding at once than buffers: one more
    }

    /** One field as it was last encoded, and the String it was encoded from. */
    private static final class FieldCache {
        final byte[] bytes = new byte[256];
        int length;
        String source;
    }

    /**
     * A frame being built: header, fields, then the message, which grows up to what max_payload
     * leaves it and beyond that is only counted, so an event of any size costs at most
     * max_payload bytes of memory.
     */
    private static final class Destination implements ByteBufferDestination, Encoded {
        ByteBuffer buffer = allocate(INITIAL_CAPACITY);
        /** Its index in {@link #SHARED}; -1 for a thread's own, -2 for one used once. */
        private final int stripe;
        /** A thread's own buffer is in use (by an outer call on that thread). */
        boolean busy;
        private int maxPayload;
        /** Where the message starts, after the header and fields. */
        private int messageStart;
        /** The buffer position the message may reach: max_payload less the fields. */
        private int limit;
        private long overflow;
        /** A field was left out: fields would have taken more than their share. */
        private boolean fieldLeftOut;
        private boolean truncated;
        /** The last TAG and THREAD fields this buffer encoded, by the String they came from. */
        private final FieldCache tag = new FieldCache();
        private final FieldCache thread = new FieldCache();

        Destination(int stripe) {
            this.stripe = stripe;
        }

        private static ByteBuffer allocate(int capacity) {
            return ByteBuffer.allocate(capacity).order(ByteOrder.nativeOrder());
        }

        @Override
        public ByteBuffer bytes() {
            return buffer;
        }

        @Override
        public boolean truncated() {
            return truncated;
        }

        @Override
        public void release() {
            if (buffer.capacity() > RETAINED_CAPACITY) {
                buffer = allocate(INITIAL_CAPACITY);
            }
            if (stripe == -1) {
                busy = false;
            } else if (stripe >= 0) {
                SHARED.set(stripe, this);
            }
        }

        void begin(SyslogLevel level, long sourceTimestampNanos, int maxPayload) {
            buffer.clear();
            this.maxPayload = maxPayload;
            overflow = 0;
            fieldLeftOut = false;
            Frames.begin(buffer, level, sourceTimestampNanos);
        }

        void putFields(EventFields fields, LogEvent event) {
            byte[] fixed = fields.staticFields();
            if (fits(fixed.length)) {
                ensure(fixed.length);
                buffer.put(fixed);
            }
            putField(EventFields.TAG, event.getLoggerName(), tag);
            putField(EventFields.THREAD, event.getThreadName(), thread);
            int mark = buffer.position();
            ensure(Frames.maxFieldBytes(EventFields.THREAD_ID.length, 20));
            Frames.putField(buffer, EventFields.THREAD_ID, event.getThreadId());
            keepIfFits(mark);
            event.getContextData().forEach(CONTEXT_FIELD, this);
            Marker marker = event.getMarker();
            if (marker != null) {
                putField(EventFields.MARKER, marker.getName());
            }
        }

        /** The most bytes the fields may take in all. */
        private int fieldsBudget() {
            return Math.min(MAX_FIELDS, maxPayload / 2);
        }

        private boolean fits(int more) {
            boolean fits = buffer.position() - LoggerAbi.FRAME_SIZE + more <= fieldsBudget();
            fieldLeftOut |= !fits;
            return fits;
        }

        /** Keeps the field put since {@code mark} if the fields are still within budget. */
        private void keepIfFits(int mark) {
            if (buffer.position() - LoggerAbi.FRAME_SIZE > fieldsBudget()) {
                buffer.position(mark);
                fieldLeftOut = true;
            }
        }

        private void putField(byte[] key, String value) {
            if (value == null) {
                return;
            }
            int mark = buffer.position();
            ensure(Frames.maxFieldBytes(key.length, value.length()));
            Frames.putField(buffer, key, value);
            keepIfFits(mark);
        }

        /**
         * The same, copied from {@code cache} when the value is the very String it encoded last:
         * a thread logs through few loggers, under one name, so most events are a copy.
         */
        private void putField(byte[] key, String value, FieldCache cache) {
            if (value == null) {
                return;
            }
            if (value == cache.source) {
                if (fits(cache.length)) {
                    ensure(cache.length);
                    buffer.put(cache.bytes, 0, cache.length);
                }
                return;
            }
            int mark = buffer.position();
            putField(key, value);
            int length = buffer.position() - mark;
            if (length > 0 && length <= cache.bytes.length) {
                buffer.get(mark, cache.bytes, 0, length);
                cache.length = length;
                cache.source = value;
            }
        }

        void putContextField(String key, Object value) {
            CharSequence text = value instanceof CharSequence s ? s : String.valueOf(value);
            int mark = buffer.position();
            ensure(Frames.maxFieldBytes(LoggerAbi.FIELD_KEY_MAX, text.length()));
            Frames.putFieldAnyKey(buffer, key, text);
            keepIfFits(mark);
        }

        void endFields() {
            Frames.endFields(buffer, 0);
            messageStart = buffer.position();
            // max_payload counts the fields and the message.
            limit = LoggerAbi.FRAME_SIZE + maxPayload;
        }

        /** Room for {@code n} more bytes. */
        private void ensure(int n) {
            if (buffer.remaining() < n) {
                grow(Math.max(buffer.position() + n, buffer.capacity() * 2));
            }
        }

        @Override
        public ByteBuffer getByteBuffer() {
            return buffer;
        }

        @Override
        public ByteBuffer drain(ByteBuffer full) {
            // Called when the buffer is full: grow it, or count the rest past the limit.
            if (buffer.capacity() < limit) {
                grow(Math.min(limit, Math.max(buffer.capacity() * 2, INITIAL_CAPACITY)));
            } else {
                overflow += buffer.position() - limit;
                buffer.position(limit);
                // Room to write into, past the limit; drained again when it fills.
                if (buffer.capacity() == limit) {
                    grow(limit + INITIAL_CAPACITY);
                }
            }
            return buffer;
        }

        private void grow(int capacity) {
            ByteBuffer bigger = allocate(capacity);
            buffer.flip();
            bigger.put(buffer);
            buffer = bigger;
        }

        @Override
        public void writeBytes(ByteBuffer data) {
            while (data.hasRemaining()) {
                if (!buffer.hasRemaining()) {
                    drain(buffer);
                }
                int n = Math.min(data.remaining(), buffer.remaining());
                buffer.put(buffer.position(), data, data.position(), n);
                buffer.position(buffer.position() + n);
                data.position(data.position() + n);
            }
        }

        @Override
        public void writeBytes(byte[] data, int offset, int length) {
            while (length > 0) {
                if (!buffer.hasRemaining()) {
                    drain(buffer);
                }
                int n = Math.min(length, buffer.remaining());
                buffer.put(data, offset, n);
                offset += n;
                length -= n;
            }
        }

        void finish() {
            // A record is one message and readers end lines themselves: drop the line break a
            // pattern ending in %n, or a stack trace, leaves at the end.
            if (overflow == 0) {
                int end = buffer.position();
                while (end > messageStart
                        && (buffer.get(end - 1) == '\n' || buffer.get(end - 1) == '\r')) {
                    end--;
                }
                buffer.position(end);
            }
            long total = overflow + buffer.position() - messageStart;
            int length = Truncation.cut(buffer, messageStart, total, limit - messageStart);
            buffer.position(messageStart + length);
            ensure(LoggerAbi.FRAME_ALIGN);
            Frames.end(buffer, 0);
            buffer.flip();
            truncated = total > limit - messageStart || fieldLeftOut;
        }
    }
}
