package io.github.kernellogger.appender;

import io.github.kernellogger.core.EventFields;
import io.github.kernellogger.core.FrameBuffer;
import io.github.kernellogger.device.SyslogLevel;
import java.nio.ByteBuffer;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.Marker;
import org.apache.logging.log4j.core.Layout;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.layout.ByteBufferDestination;
import org.apache.logging.log4j.core.net.Severity;
import org.apache.logging.log4j.core.time.Instant;
import org.apache.logging.log4j.util.TriConsumer;

/**
 * Encodes a Log4j event as the frame the device stores as one record, on the writer's thread:
 * its syslog level, its own time in ns, its fields ({@link EventFields}: the static ones, then
 * TAG, THREAD, THREAD_ID, the ThreadContext map and MARKER) and its message as the layout
 * formats it, into the writer's {@link FrameBuffer}, which cuts it to the device's max_payload.
 *
 * <p>Layouts write through {@link Layout#encode}, which for PatternLayout and most others is
 * garbage-free, and fields are encoded from the event's Strings in place, so that this allocates
 * nothing per event.
 */
final class EventEncoder {
    /**
     * How deep this thread is inside formatting an event: a logging call a {@code toString()}
     * makes while an event is formatted must not wait for the queue.
     */
    static final ThreadLocal<int[]> FORMATTING = ThreadLocal.withInitial(() -> new int[1]);
    /** Which of the frame buffer's field caches keeps which field. */
    private static final int TAG_CACHE = 0;
    private static final int THREAD_CACHE = 1;
    /** Puts one ThreadContext entry as a field; a static lambda, so that it allocates nothing. */
    private static final TriConsumer<String, Object, FrameBuffer> CONTEXT_FIELD =
            (key, value, frame) -> frame.putContextField(key, value);

    private EventEncoder() {}

    /**
     * Builds {@code event}'s frame in {@code frame}.
     *
     * @param fields {@link EventFields#NONE} for no fields (and no event time)
     * @param cutBytes bytes of the message's text cut before it came here, for the truncation
     *     notice
     */
    static void encode(Layout<?> layout, LogEvent event, EventFields fields, FrameBuffer frame,
            long cutBytes) {
        frame.begin(syslogLevel(event.getLevel()), fields.enabled() ? nanos(event.getInstant()) : 0);
        if (fields.enabled()) {
            frame.putFields(fields.staticFields());
            frame.putField(EventFields.TAG, event.getLoggerName(), TAG_CACHE);
            frame.putField(EventFields.THREAD, event.getThreadName(), THREAD_CACHE);
            frame.putField(EventFields.THREAD_ID, event.getThreadId());
            event.getContextData().forEach(CONTEXT_FIELD, frame);
            Marker marker = event.getMarker();
            if (marker != null) {
                frame.putField(EventFields.MARKER, marker.getName());
            }
        }
        frame.endFields();
        int[] depth = FORMATTING.get();
        depth[0]++;
        try {
            layout.encode(event, destination(frame));
        } finally {
            depth[0]--;
        }
        frame.finish(cutBytes);
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

    /** The frame buffer as a layout writes into it: made once per buffer. */
    private static ByteBufferDestination destination(FrameBuffer frame) {
        if (frame.adapter instanceof Destination d) {
            return d;
        }
        Destination d = new Destination(frame);
        frame.adapter = d;
        return d;
    }

    /** Log4j's view of a frame buffer's message part. */
    private static final class Destination implements ByteBufferDestination {
        private final FrameBuffer frame;

        Destination(FrameBuffer frame) {
            this.frame = frame;
        }

        @Override
        public ByteBuffer getByteBuffer() {
            return frame.getByteBuffer();
        }

        @Override
        public ByteBuffer drain(ByteBuffer buf) {
            return frame.drain(buf);
        }

        @Override
        public void writeBytes(ByteBuffer data) {
            frame.writeBytes(data);
        }

        @Override
        public void writeBytes(byte[] data, int offset, int length) {
            frame.writeBytes(data, offset, length);
        }
    }
}
