package io.github.kernellogger.appender;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.apache.logging.log4j.core.Layout;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.layout.ByteBufferDestination;
import org.apache.logging.log4j.core.util.Constants;

/**
 * Formats an event with its layout into bytes, on the caller's thread, drops a trailing line
 * break, and cuts them to the device's max_payload with a visible {@code ...[truncated N bytes]}
 * ending.
 *
 * <p>Layouts write through {@link Layout#encode}, which for PatternLayout and most others is
 * garbage-free, into a buffer that is reused, so that this class allocates nothing per event:
 * one kept per thread when Log4j's thread locals are enabled, as they are outside web
 * applications; otherwise one of a few shared ones, taken and given back with an atomic swap,
 * as a web application's classes must not stay in its container's threads.
 */
final class EventEncoder {
    /** Bytes a buffer keeps between events; a larger event grows it, and it shrinks after. */
    private static final int RETAINED_CAPACITY = 16 * 1024;
    private static final int INITIAL_CAPACITY = 512;

    private static final ThreadLocal<Destination> PER_THREAD =
            ThreadLocal.withInitial(() -> new Destination(-1));
    /** The shared buffers, when thread locals are off: a power of two, a few per CPU. */
    private static final AtomicReferenceArray<Destination> SHARED = shared(
            Integer.highestOneBit(Math.min(64, 2 * Runtime.getRuntime().availableProcessors()) * 2 - 1));

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
        /** The payload, between position 0 and the limit. */
        ByteBuffer bytes();

        /** The event was over max_payload and was cut to fit. */
        boolean truncated();

        /** The bytes are no longer needed: the buffer may take the next event. */
        void release();
    }

    /**
     * The formatted event; call {@link Encoded#release} once its bytes are copied.
     *
     * @param maxPayload the most bytes the device takes in one record
     */
    static Encoded encode(Layout<?> layout, LogEvent event, int maxPayload) {
        Destination d = acquire();
        try {
            d.reset(maxPayload);
            layout.encode(event, d);
            d.finish();
            return d;
        } catch (RuntimeException | Error e) {
            d.release();
            throw e;
        }
    }

    /** The same for bytes that are already formatted, such as a layout's header. */
    static Encoded encode(byte[] text, int maxPayload) {
        Destination d = new Destination(-2);
        d.reset(maxPayload);
        d.writeBytes(text, 0, text.length);
        d.finish();
        return d;
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

    /**
     * Grows up to the payload limit and only counts what comes beyond it, so an event of any size
     * costs at most max_payload bytes of memory.
     */
    private static final class Destination implements ByteBufferDestination, Encoded {
        ByteBuffer buffer = ByteBuffer.allocate(INITIAL_CAPACITY);
        /** Its index in {@link #SHARED}; -1 for a thread's own, -2 for one used once. */
        private final int stripe;
        /** A thread's own buffer is in use (by an outer call on that thread). */
        boolean busy;
        private int limit;
        private long overflow;
        private boolean truncated;

        Destination(int stripe) {
            this.stripe = stripe;
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
                buffer = ByteBuffer.allocate(INITIAL_CAPACITY);
            }
            if (stripe == -1) {
                busy = false;
            } else if (stripe >= 0) {
                SHARED.set(stripe, this);
            }
        }

        void reset(int maxPayload) {
            buffer.clear();
            limit = maxPayload;
            overflow = 0;
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
            ByteBuffer bigger = ByteBuffer.allocate(capacity);
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
                while (end > 0 && (buffer.get(end - 1) == '\n' || buffer.get(end - 1) == '\r')) {
                    end--;
                }
                buffer.position(end);
            }
            long total = overflow + buffer.position();
            int length = Truncation.cut(buffer, 0, total, limit);
            buffer.position(0).limit(length);
            truncated = total > limit;
        }
    }
}
