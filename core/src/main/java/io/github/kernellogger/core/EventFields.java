package io.github.kernellogger.core;

import io.github.kernellogger.device.Frames;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The fields an appender gives each record: its static fields first, then the
 * event's own under fixed keys. Immutable; shared by every thread.
 *
 * <ul>
 *   <li>{@code TAG}: the logger's name;</li>
 *   <li>{@code THREAD}, {@code THREAD_ID}: the name and id (decimal) of the thread that logged
 *       (the kernel stamps the drain thread's, which writes);</li>
 *   <li>the context map (Log4j's ThreadContext, where log4j-slf4j2-impl also puts SLF4J 2's
 *       key-value pairs; Logback's MDC, then the event's key-value pairs), each key as it is when it is a valid key, else made one as
 *       {@link Frames#putFieldAnyKey} says;</li>
 *   <li>{@code MARKER}: the marker's name, when there is one (Logback's several markers:
 *       their names joined by a comma).</li>
 * </ul>
 *
 * <p>With {@code fields="false"}, {@link #NONE}: no fields, and no event time in the frame
 * either, so records carry what a version 1 record carries.
 */
public final class EventFields {
    public static final byte[] TAG = Frames.key("TAG");
    public static final byte[] THREAD = Frames.key("THREAD");
    public static final byte[] THREAD_ID = Frames.key("THREAD_ID");
    public static final byte[] MARKER = Frames.key("MARKER");

    /** fields="false". */
    public static final EventFields NONE = new EventFields(false, List.of());

    private final boolean enabled;
    /** The static fields, laid out once as they go into every frame. */
    private final byte[] staticFields;
    private final List<StaticField> declared;

    private EventFields(boolean enabled, List<StaticField> declared) {
        this.enabled = enabled;
        this.declared = List.copyOf(declared);
        int size = 0;
        for (StaticField f : declared) {
            size += Frames.maxFieldBytes(f.name().length(), f.value().length());
        }
        ByteBuffer b = ByteBuffer.allocate(size).order(ByteOrder.nativeOrder());
        for (StaticField f : declared) {
            Frames.putField(b, Frames.key(f.name()), f.value().getBytes(StandardCharsets.UTF_8));
        }
        staticFields = Arrays.copyOf(b.array(), b.position());
    }

    /** The event's own fields after {@code declared}; null entries (bad elements) are skipped. */
    public static EventFields of(StaticField... declared) {
        return new EventFields(true, Arrays.stream(declared == null ? new StaticField[0] : declared)
                .filter(Objects::nonNull).toList());
    }

    /** False for {@code fields="false"}. */
    public boolean enabled() {
        return enabled;
    }

    /** The static fields laid out, for the encoder to copy into each frame. */
    public byte[] staticFields() {
        return staticFields;
    }

    public List<StaticField> declared() {
        return declared;
    }
}
