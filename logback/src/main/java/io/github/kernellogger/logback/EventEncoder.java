package io.github.kernellogger.logback;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.Layout;
import ch.qos.logback.core.encoder.Encoder;
import io.github.kernellogger.core.EventFields;
import io.github.kernellogger.core.FrameBuffer;
import io.github.kernellogger.device.SyslogLevel;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.slf4j.Marker;
import org.slf4j.event.KeyValuePair;

/**
 * Lays a Logback event out as the frame the device stores as one record, on the writer's thread,
 * with the fields the Log4j2 appender gives: the static ones, then {@code TAG} (the logger),
 * {@code THREAD} and {@code THREAD_ID} (of the thread that logged), the MDC, SLF4J 2's key-value
 * pairs of the event, and {@code MARKER} (several markers: their names joined by a comma, so that
 * a record has one MARKER as under Log4j); its level as a syslog severity and its own time
 * ({@link ILoggingEvent#getInstant()}, to the precision Logback's clock gives) as src_ts_ns.
 *
 * <p>The message: the configured {@code <encoder>}'s bytes, or the {@code <layout>}'s text, or by
 * default the formatted message and then, on lines of their own, the stack trace, as
 * {@code %msg%n%ex} prints them but without a line break at the end. A module of ABI version 1
 * takes no fields, so the default then puts the thread and logger in the message, as the Log4j2
 * appender's version 1 pattern does.
 *
 * <p>Immutable; one per appender, used by whichever thread holds the writer role.
 */
final class EventEncoder {
    /** Which of the frame buffer's field caches keeps which field. */
    private static final int TAG_CACHE = 0;
    private static final int THREAD_CACHE = 1;

    private final EventFields fields;
    private final Encoder<ILoggingEvent> encoder;
    private final Layout<ILoggingEvent> layout;

    /** At most one of {@code encoder} and {@code layout}; neither for the default message. */
    EventEncoder(EventFields fields, Encoder<ILoggingEvent> encoder, Layout<ILoggingEvent> layout) {
        this.fields = fields;
        this.encoder = encoder;
        this.layout = layout;
    }

    void encode(ILoggingEvent event, long threadId, FrameBuffer frame, boolean framed) {
        boolean withFields = framed && fields.enabled();
        frame.begin(syslogLevel(event.getLevel()), withFields ? nanos(event.getInstant()) : 0);
        if (withFields) {
            frame.putFields(fields.staticFields());
            frame.putField(EventFields.TAG, event.getLoggerName(), TAG_CACHE);
            frame.putField(EventFields.THREAD, event.getThreadName(), THREAD_CACHE);
            frame.putField(EventFields.THREAD_ID, threadId);
            Map<String, String> mdc = event.getMDCPropertyMap();
            if (mdc != null) {
                mdc.forEach(frame::putContextField);
            }
            List<KeyValuePair> pairs = event.getKeyValuePairs();
            if (pairs != null) {
                for (KeyValuePair pair : pairs) {
                    if (pair != null && pair.key != null) {
                        frame.putContextField(pair.key, pair.value);
                    }
                }
            }
            frame.putField(EventFields.MARKER, markers(event.getMarkerList()));
        }
        frame.endFields();
        byte[] message = message(event, framed);
        frame.writeBytes(message, 0, message.length);
        frame.finish(0);
    }

    private byte[] message(ILoggingEvent event, boolean framed) {
        if (encoder != null) {
            return encoder.encode(event);
        }
        if (layout != null) {
            return layout.doLayout(event).getBytes(StandardCharsets.UTF_8);
        }
        StringBuilder text = new StringBuilder(128);
        if (!framed) {
            text.append('[').append(event.getThreadName()).append("] ")
                    .append(event.getLoggerName()).append(" - ");
        }
        text.append(event.getFormattedMessage());
        IThrowableProxy thrown = event.getThrowableProxy();
        if (thrown != null) {
            text.append('\n').append(ThrowableProxyUtil.asString(thrown));
            int end = text.length();
            while (end > 0 && (text.charAt(end - 1) == '\n' || text.charAt(end - 1) == '\r')) {
                end--;
            }
            text.setLength(end);
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The markers' names, joined by a comma; null for none. */
    static String markers(List<Marker> markers) {
        if (markers == null || markers.isEmpty()) {
            return null;
        }
        if (markers.size() == 1) {
            return markers.get(0).getName();
        }
        StringBuilder names = new StringBuilder();
        for (Marker m : markers) {
            if (names.length() > 0) {
                names.append(',');
            }
            names.append(m.getName());
        }
        return names.toString();
    }

    /**
     * A Logback level as a syslog severity, as Logback's own SyslogAppender maps it: ERROR err,
     * WARN warning, INFO info, DEBUG and TRACE debug.
     */
    static SyslogLevel syslogLevel(Level level) {
        int l = level.toInt();
        if (l >= Level.ERROR_INT) {
            return SyslogLevel.ERR;
        }
        if (l >= Level.WARN_INT) {
            return SyslogLevel.WARNING;
        }
        if (l >= Level.INFO_INT) {
            return SyslogLevel.INFO;
        }
        return SyslogLevel.DEBUG;
    }

    /** An instant in ns since the epoch. */
    static long nanos(Instant instant) {
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }
}
