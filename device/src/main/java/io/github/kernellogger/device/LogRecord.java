package io.github.kernellogger.device;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * One record of {@code /dev/logger}, as read in a binary format. The seq, the time and
 * everything about the writer (pid, tid, uid, gid, comm, cgroup) were stamped by the kernel when
 * the record was written, so the writer could not forge them; the level, the message, the
 * fields and the event's own time are the writer's word.
 *
 * @param seq the sequence number: 1, 2, 3, ... in write order, never reused while the module is
 *     loaded; a jump between two records read means records were lost in between
 * @param timestampNanos {@code CLOCK_REALTIME} at write, in nanoseconds since the epoch
 * @param level the syslog severity
 * @param pid the writer's process id, in the host's pid namespace
 * @param tid the writer's thread id, likewise
 * @param uid the writer's effective uid (unsigned 32-bit), in the host's user namespace
 * @param gid the writer's effective gid (unsigned 32-bit), likewise
 * @param commBytes the writer's thread name as the kernel stamped it, at most 15 bytes without
 *     the NUL padding: usually UTF-8, but any bytes a thread named itself ({@link #comm()} decodes
 *     it). Not copied: do not modify it
 * @param payload the message bytes, as written (usually UTF-8), without the fields. Not copied:
 *     do not modify it
 * @param sourceTimestampNanos the event's own time as the writer gave it, ns since the epoch;
 *     0 for none (plain writes, and every record of an ABI version 1 module)
 * @param cgroupId the writer's cgroup v2 id; 0 where the module or kernel has none
 * @param flags {@code LOGGER_F_*}: {@link LoggerAbi#F_FRAMED} if it came from a framed write
 * @param fields the writer's fields, in the order written; empty for plain writes
 */
public record LogRecord(long seq, long timestampNanos, SyslogLevel level, int pid, int tid,
        long uid, long gid, byte[] commBytes, byte[] payload, long sourceTimestampNanos,
        long cgroupId, int flags, List<RecordField> fields) {

    public LogRecord {
        fields = List.copyOf(fields);
    }

    /** A record whose thread name is {@code comm}, encoded as UTF-8. */
    public LogRecord(long seq, long timestampNanos, SyslogLevel level, int pid, int tid,
            long uid, long gid, String comm, byte[] payload, long sourceTimestampNanos,
            long cgroupId, int flags, List<RecordField> fields) {
        this(seq, timestampNanos, level, pid, tid, uid, gid, comm.getBytes(StandardCharsets.UTF_8),
                payload, sourceTimestampNanos, cgroupId, flags, fields);
    }

    /** A record as ABI version 1 has it: no fields, no time of its own, no cgroup. */
    public LogRecord(long seq, long timestampNanos, SyslogLevel level, int pid, int tid,
            long uid, long gid, String comm, byte[] payload) {
        this(seq, timestampNanos, level, pid, tid, uid, gid, comm, payload, 0, 0, 0, List.of());
    }

    /** The writer's thread name, decoded as UTF-8 (invalid sequences become U+FFFD). */
    public String comm() {
        return new String(commBytes, StandardCharsets.UTF_8);
    }

    /** The payload, decoded as UTF-8 (invalid sequences become U+FFFD). */
    public String message() {
        return new String(payload, StandardCharsets.UTF_8);
    }

    /** The write time as an {@link Instant}, to the nanosecond. */
    public Instant timestamp() {
        return instant(timestampNanos);
    }

    /** The event's own time, if the writer gave one. */
    public Optional<Instant> sourceTimestamp() {
        return sourceTimestampNanos == 0 ? Optional.empty()
                : Optional.of(instant(sourceTimestampNanos));
    }

    /** The event's own time if the writer gave one, else the time it was written. */
    public Instant eventTime() {
        return sourceTimestamp().orElseGet(this::timestamp);
    }

    /** Whether the record came from a framed write (ABI version 2). */
    public boolean framed() {
        return (flags & LoggerAbi.F_FRAMED) != 0;
    }

    /** The value of the first field named {@code key}, as text. */
    public Optional<String> field(String key) {
        for (RecordField f : fields) {
            if (f.key().equals(key)) {
                return Optional.of(f.valueText());
            }
        }
        return Optional.empty();
    }

    private static Instant instant(long nanos) {
        return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L),
                Math.floorMod(nanos, 1_000_000_000L));
    }

    // Records compare arrays by identity; these compare payloads by content.
    @Override
    public boolean equals(Object o) {
        return o instanceof LogRecord r && seq == r.seq && timestampNanos == r.timestampNanos
                && level == r.level && pid == r.pid && tid == r.tid && uid == r.uid
                && gid == r.gid && Arrays.equals(commBytes, r.commBytes)
                && Arrays.equals(payload, r.payload)
                && sourceTimestampNanos == r.sourceTimestampNanos && cgroupId == r.cgroupId
                && flags == r.flags && fields.equals(r.fields);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(seq) * 31 + Arrays.hashCode(payload);
    }

    @Override
    public String toString() {
        return "LogRecord[seq=" + seq + ", level=" + level.label() + ", pid=" + pid + ", tid="
                + tid + ", uid=" + uid + ", comm=" + comm() + ", fields=" + fields + ", message="
                + message() + "]";
    }
}
