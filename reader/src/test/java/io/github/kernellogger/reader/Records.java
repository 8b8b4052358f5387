package io.github.kernellogger.reader;

import io.github.kernellogger.device.LogRecord;
import io.github.kernellogger.device.SyslogLevel;
import java.nio.charset.StandardCharsets;

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

    /** The bytes of {@code text}, each char one byte (0..255): "\u00ff" is the byte 0xff. */
    public static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }
}
