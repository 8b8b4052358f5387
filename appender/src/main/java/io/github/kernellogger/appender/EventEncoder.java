package io.github.kernellogger.appender;

import java.nio.ByteBuffer;
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
 * garbage-free: the bytes land in a buffer kept per thread (when Log4j's thread locals are
 * enabled, as they are outside web applications) and are then copied into the queue.
 */
final class EventEncoder {
    /** Bytes per thread kept between events; a larger event gets a buffer of its own. */
    private static final int RETAINED_CAPACITY = 16 * 1024;
    private static final int INITIAL_CAPACITY = 512;

    private static final ThreadLocal<Destination> PER_THREAD =
            ThreadLocal.withInitial(() -> new Destination(INITIAL_CAPACITY));

    private EventEncoder() {}

    /**
     * The formatted event, between position 0 and the limit of the returned buffer, which stays
     * valid until this thread encodes again.
     *
     * @param maxPayload the most bytes the device takes in one record
     */
    static Encoded encode(Layout<?> layout, LogEvent event, int maxPayload) {
        Destination d = Constants.ENABLE_THREADLOCALS ? PER_THREAD.get() : null;
        // A layout may log while formatting (a toString() that logs) and so reach here again on
        // this thread, through another appender: the nested call gets a buffer of its own.
        if (d == null || d.busy) {
            d = new Destination(INITIAL_CAPACITY);
        }
        d.busy = true;
        try {
            d.reset(maxPayload);
            layout.encode(event, d);
            Encoded out = d.finish();
            if (d.buffer.capacity() > RETAINED_CAPACITY) {
                d.buffer = ByteBuffer.allocate(INITIAL_CAPACITY);
            }
            return out;
        } finally {
            d.busy = false;
        }
    }

    /**
     * The result of {@link #encode}.
     *
     * @param bytes the payload, between position 0 and the limit
     * @param truncated the event was over max_payload and was cut to fit
     */
    record Encoded(ByteBuffer bytes, boolean truncated) {}

    /**
     * Grows up to the payload limit and only counts what comes beyond it, so an event of any size
     * costs at most max_payload bytes of memory.
     */
    private static final class Destination implements ByteBufferDestination {
        ByteBuffer buffer;
        boolean busy;
        private int limit;
        private long overflow;

        Destination(int capacity) {
            buffer = ByteBuffer.allocate(capacity);
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

        Encoded finish() {
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
            return new Encoded(buffer, total > limit);
        }
    }
}
