package io.github.kernellogger.reader.read;

import io.github.kernellogger.device.LogRecord;
import io.github.kernellogger.device.LoggerAbi;
import io.github.kernellogger.device.RecordField;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * A record as a list of fields, the way {@code -o verbose} shows it and {@code KEY=VALUE}
 * matches it, as journald names them: first what the kernel stamped, with a leading '_' (which
 * no writer's field may have), then the writer's word: its level, its fields in the order
 * written, its message.
 *
 * <pre>
 * _PID _TID _UID _GID _COMM    the writer, as the kernel stamped it
 * _CGROUP_ID                   its cgroup v2 id, when the kernel has one
 * _OPENER_UID _OPENER_GID      who opened the file it wrote through, when that was not the
 *                              writer's ids (a file passed to it): the kernel's own fields
 * _SOURCE_REALTIME_TIMESTAMP   the event's own time in µs since the epoch, when the writer gave
 *                              one (a stamp of the device, but the writer's word)
 * PRIORITY                     the level, 0..7
 * (the writer's fields)        TAG, THREAD, ...
 * MESSAGE                      the payload
 * </pre>
 */
public final class RecordFields {
    private RecordFields() {}

    /** The names of the fields the device stamps, in the order shown. */
    public static final List<String> STAMPED = List.of("_PID", "_TID", "_UID", "_GID", "_COMM",
            "_CGROUP_ID", "_SOURCE_REALTIME_TIMESTAMP");

    /** The fields the kernel puts among a record's own (ABI version 3), where it has them. */
    public static final List<String> KERNEL_FIELDS = List.of(LoggerAbi.FIELD_OPENER_UID,
            LoggerAbi.FIELD_OPENER_GID);

    /** Receives the fields of a record, in order. */
    public interface Visitor {
        void number(String key, long value);

        /** {@code value}'s bytes: not a copy, not to be kept or changed. */
        void bytes(String key, byte[] value);
    }

    /** Hands {@code v} every field of {@code r}, in the order described above. */
    public static void visit(LogRecord r, Visitor v) {
        v.number("_PID", r.pid());
        v.number("_TID", r.tid());
        v.number("_UID", r.uid());
        v.number("_GID", r.gid());
        v.bytes("_COMM", r.commBytes());
        if (r.cgroupId() != 0) {
            v.number("_CGROUP_ID", r.cgroupId());
        }
        if (r.sourceTimestampNanos() != 0) {
            v.number("_SOURCE_REALTIME_TIMESTAMP", Math.floorDiv(r.sourceTimestampNanos(), 1000));
        }
        for (RecordField f : r.fields()) {
            if (f.kernelStamped()) {
                v.bytes(f.key(), f.value());
            }
        }
        v.number("PRIORITY", r.level().code());
        for (RecordField f : r.fields()) {
            if (!f.kernelStamped()) {
                v.bytes(f.key(), f.value());
            }
        }
        v.bytes("MESSAGE", r.payload());
    }

    /** Whether {@code key} names a field a record may show: a stamped one, or a writer's. */
    public static boolean isKey(String key) {
        return STAMPED.contains(key) || RecordField.isValidKey(key) || KERNEL_FIELDS.contains(key);
    }

    /**
     * Whether {@code r} shows {@code key=value} among its fields: as bytes, or as the decimal
     * of a number. A value that ends with a newline also matches without it, as the text formats
     * show it.
     */
    public static boolean shows(LogRecord r, String key, byte[] value) {
        boolean[] found = {false};
        visit(r, new Visitor() {
            @Override
            public void number(String k, long n) {
                found[0] |= k.equals(key) && Arrays.equals(value, Long.toString(n).getBytes(StandardCharsets.US_ASCII));
            }

            @Override
            public void bytes(String k, byte[] b) {
                if (k.equals(key)) {
                    found[0] |= Arrays.equals(value, b) || b.length == value.length + 1
                            && b[value.length] == '\n' && Arrays.equals(b, 0, value.length, value, 0, value.length);
                }
            }
        });
        return found[0];
    }
}
