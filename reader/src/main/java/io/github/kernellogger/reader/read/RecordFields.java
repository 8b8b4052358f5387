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
 * no writer's field may have), and what its cgroup id names here; then the writer's word: its
 * level, its fields in the order written, its message.
 *
 * <pre>
 * _PID _TID _UID _GID _COMM    the writer, as the kernel stamped it
 * _CGROUP_ID                   its cgroup v2 id, when the kernel has one
 * _SYSTEMD_CGROUP              what the id names ({@link CgroupNames}), where it can be named:
 * _SYSTEMD_UNIT                the cgroup's path, its systemd unit, a user's unit, the slice,
 * _SYSTEMD_USER_UNIT           a container's id ({@link Cgroup}), each where there is one
 * _SYSTEMD_SLICE
 * _CONTAINER_ID
 * _SOURCE_REALTIME_TIMESTAMP   the event's own time in µs since the epoch, when the writer gave
 *                              one (a stamp of the device, but the writer's word)
 * _OPENER_UID _OPENER_GID      who opened the file it wrote through, when that was not the
 *                              writer's ids (a file passed to it): the kernel's own fields
 * PRIORITY                     the level, 0..7
 * (the writer's fields)        TAG, THREAD, ...
 * MESSAGE                      the payload
 * </pre>
 */
public final class RecordFields {

    /** The names of the fields of the kernel's stamps and what they name, in the order shown. */
    public static final List<String> STAMPED = List.of("_PID", "_TID", "_UID", "_GID", "_COMM",
            "_CGROUP_ID", "_SYSTEMD_CGROUP", "_SYSTEMD_UNIT", "_SYSTEMD_USER_UNIT", "_SYSTEMD_SLICE",
            "_CONTAINER_ID", "_SOURCE_REALTIME_TIMESTAMP");

    /** The fields the kernel puts among a record's own (ABI version 3), where it has them. */
    public static final List<String> KERNEL_FIELDS = List.of(LoggerAbi.FIELD_OPENER_UID,
            LoggerAbi.FIELD_OPENER_GID);

    /** Receives the fields of a record, in order. */
    public interface Visitor {
        void number(String key, long value);

        /** {@code value}'s bytes: not a copy, not to be kept or changed. */
        void bytes(String key, byte[] value);

        /** A value of the reader's own (a cgroup's path or unit): text. */
        default void text(String key, String value) {
            bytes(key, value.getBytes(StandardCharsets.UTF_8));
        }
    }

    private final CgroupNames cgroups;

    /** @param cgroups what names the records' cgroups ({@link CgroupNames#NONE} for nothing) */
    public RecordFields(CgroupNames cgroups) {
        this.cgroups = cgroups;
    }

    /** What names the records' cgroups. */
    public CgroupNames cgroups() {
        return cgroups;
    }

    /** Hands {@code v} every field of {@code r}, in the order described above. */
    public void visit(LogRecord r, Visitor v) {
        v.number("_PID", r.pid());
        v.number("_TID", r.tid());
        v.number("_UID", r.uid());
        v.number("_GID", r.gid());
        v.bytes("_COMM", r.commBytes());
        if (r.cgroupId() != 0) {
            v.number("_CGROUP_ID", r.cgroupId());
            Cgroup c = cgroups.name(r.cgroupId());
            if (c != null) {
                visit(c, v);
            }
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

    /** What a cgroup names, each where there is one. */
    public static void visit(Cgroup c, Visitor v) {
        v.text("_SYSTEMD_CGROUP", c.path());
        if (c.unit() != null) {
            v.text("_SYSTEMD_UNIT", c.unit());
        }
        if (c.userUnit() != null) {
            v.text("_SYSTEMD_USER_UNIT", c.userUnit());
        }
        if (c.slice() != null) {
            v.text("_SYSTEMD_SLICE", c.slice());
        }
        if (c.containerId() != null) {
            v.text("_CONTAINER_ID", c.containerId());
        }
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
    public boolean shows(LogRecord r, String key, byte[] value) {
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
