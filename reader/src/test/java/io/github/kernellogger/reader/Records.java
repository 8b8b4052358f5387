package io.github.kernellogger.reader;

import io.github.kernellogger.device.LoggerAbi;
import io.github.kernellogger.device.LogRecord;
import io.github.kernellogger.device.RecordField;
import io.github.kernellogger.device.SyslogLevel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Records for tests, at a fixed time: 2026-11-25T16:04:22.123456789Z plus the seq in ms. */
public final class Records {
    private Records() {}

    public static final long BASE_NS = 1_795_622_662_123_456_789L;

    public static LogRecord of(long seq, SyslogLevel level, String message) {
        return of(seq, level, "KernelDevice", message.getBytes(StandardCharsets.UTF_8));
    }

    /** A record with a payload of any bytes, from a writer thread named {@code comm}. */
    public static LogRecord of(long seq, SyslogLevel level, String comm, byte[] payload) {
        return new LogRecord(seq, BASE_NS + seq * 1_000_000L, level, 4242, 4251, 1000, 1000,
                comm, payload);
    }

    /**
     * A record as the appender writes it: from a framed write, with the event's own time 55 µs
     * before the kernel's, cgroup 5213, and fields given as key, value, key, value...
     */
    public static LogRecord framed(long seq, SyslogLevel level, String message, String... fields) {
        List<RecordField> f = new ArrayList<>();
        for (int i = 0; i < fields.length; i += 2) {
            f.add(RecordField.of(fields[i], fields[i + 1]));
        }
        return framed(of(seq, level, message), f);
    }

    /** {@code r} as the appender would have written it, with these fields. */
    public static LogRecord framed(LogRecord r, List<RecordField> fields) {
        return new LogRecord(r.seq(), r.timestampNanos(), r.level(), r.pid(), r.tid(), r.uid(), r.gid(),
                r.commBytes(), r.payload(), r.timestampNanos() - 55_000, 5213, LoggerAbi.F_FRAMED, fields);
    }

    /** The bytes of {@code text}, each char one byte (0..255): "\u00ff" is the byte 0xff. */
    public static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }
}
