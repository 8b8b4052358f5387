package io.github.kernellogger.device;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BinaryRecordsTest {

    /** Lays out one record as the kernel does (struct logger_entry, payload, zero padding). */
    static void put(ByteBuffer out, int hdrSize, long seq, int level, String comm, byte[] payload) {
        int at = out.position();
        out.putShort(at, (short) hdrSize);
        out.put(at + 2, (byte) level);
        out.putInt(at + 4, payload.length);
        out.putLong(at + 8, seq);
        out.putLong(at + 16, 1_700_000_000_123_456_789L + seq);
        out.putInt(at + 24, 4242);
        out.putInt(at + 28, 4243);
        out.putInt(at + 32, -2); // uid 4294967294: unsigned
        out.putInt(at + 36, 1000);
        byte[] c = comm.getBytes(StandardCharsets.UTF_8);
        out.position(at + 40);
        out.put(c);
        out.position(at + hdrSize);
        out.put(payload);
        out.position(at + LoggerAbi.entrySpan(hdrSize, payload.length));
    }

    @Test
    void decodesBackToBackRecords() {
        ByteBuffer buf = ByteBuffer.allocate(4096).order(ByteOrder.nativeOrder());
        put(buf, 56, 7, 3, "java", "first".getBytes(StandardCharsets.UTF_8));
        put(buf, 56, 8, 6, "worker-thread-1", "line one\nline two é".getBytes(StandardCharsets.UTF_8));
        put(buf, 56, 9, 7, "x", new byte[0]);
        buf.flip();
        List<LogRecord> out = new ArrayList<>();

        assertEquals(3, BinaryRecords.decode(buf, out::add));
        assertFalse(buf.hasRemaining());
        LogRecord a = out.get(0);
        assertEquals(7, a.seq());
        assertEquals(SyslogLevel.ERR, a.level());
        assertEquals("first", a.message());
        assertEquals("java", a.comm());
        assertEquals(4242, a.pid());
        assertEquals(4243, a.tid());
        assertEquals(4294967294L, a.uid());
        assertEquals(1000, a.gid());
        assertEquals(1_700_000_000_123_456_796L, a.timestampNanos());
        assertEquals(1_700_000_000L, a.timestamp().getEpochSecond());
        assertEquals(123_456_796, a.timestamp().getNano());
        assertEquals("line one\nline two é", out.get(1).message());
        assertEquals("worker-thread-1", out.get(1).comm());
        assertArrayEquals(new byte[0], out.get(2).payload());
    }

    @Test
    void aLongerHeaderOfALaterAbiStillDecodes() {
        ByteBuffer buf = ByteBuffer.allocate(256).order(ByteOrder.nativeOrder());
        put(buf, 64, 1, 4, "c", "payload".getBytes(StandardCharsets.UTF_8));
        buf.flip();
        List<LogRecord> out = new ArrayList<>();
        BinaryRecords.decode(buf, out::add);
        assertEquals("payload", out.get(0).message());
    }

    @Test
    void truncatedOrMalformedBytesAreRejected() {
        ByteBuffer buf = ByteBuffer.allocate(256).order(ByteOrder.nativeOrder());
        put(buf, 56, 1, 4, "c", "payload".getBytes(StandardCharsets.UTF_8));
        buf.flip();
        ByteBuffer cut = buf.duplicate().limit(60);
        assertThrows(IllegalArgumentException.class, () -> BinaryRecords.decode(cut, r -> { }));
        ByteBuffer tooShort = buf.duplicate().limit(40);
        assertThrows(IllegalArgumentException.class, () -> BinaryRecords.decode(tooShort, r -> { }));
        ByteBuffer badHeader = buf.duplicate().order(ByteOrder.nativeOrder());
        badHeader.putShort(0, (short) 12);
        assertThrows(IllegalArgumentException.class, () -> BinaryRecords.decode(badHeader, r -> { }));
    }
}
