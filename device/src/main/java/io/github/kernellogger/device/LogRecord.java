package io.github.kernellogger.device;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;

/**
 * One record of {@code /dev/logger}, as read in binary format. Everything but the payload was
 * stamped by the kernel when the record was written, so the writer could not forge it.
 *
 * @param seq the sequence number: 1, 2, 3, ... in write order, never reused while the module is
 *     loaded; a jump between two records read means records were lost in between
 * @param timestampNanos {@code CLOCK_REALTIME} at write, in nanoseconds since the epoch
 * @param level the syslog severity
 * @param pid the writer's process id
 * @param tid the writer's thread id
 * @param uid the writer's effective uid (unsigned 32-bit)
 * @param gid the writer's effective gid (unsigned 32-bit)
 * @param comm the writer's thread name, at most 15 characters
 * @param payload the message bytes, as written (usually UTF-8)
 */
public record LogRecord(long seq, long timestampNanos, SyslogLevel level, int pid, int tid,
        long uid, long gid, String comm, byte[] payload) {

    /** The payload, decoded as UTF-8 (invalid sequences become U+FFFD). */
    public String message() {
        return new String(payload, StandardCharsets.UTF_8);
    }

    /** The write time as an {@link Instant}, to the nanosecond. */
    public Instant timestamp() {
        return Instant.ofEpochSecond(Math.floorDiv(timestampNanos, 1_000_000_000L),
                Math.floorMod(timestampNanos, 1_000_000_000L));
    }

    // Records compare arrays by identity; these compare payloads by content.
    @Override
    public boolean equals(Object o) {
        return o instanceof LogRecord r && seq == r.seq && timestampNanos == r.timestampNanos
                && level == r.level && pid == r.pid && tid == r.tid && uid == r.uid
                && gid == r.gid && comm.equals(r.comm) && Arrays.equals(payload, r.payload);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(seq) * 31 + Arrays.hashCode(payload);
    }

    @Override
    public String toString() {
        return "LogRecord[seq=" + seq + ", level=" + level.label() + ", pid=" + pid + ", tid="
                + tid + ", uid=" + uid + ", comm=" + comm + ", message=" + message() + "]";
    }
}
