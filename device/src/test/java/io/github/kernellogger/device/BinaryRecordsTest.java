package io.github.kernellogger.device;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

    /** Lays out one record as the kernel does in LOGGER_FORMAT_BINARY_V2. */
    static void putV2(ByteBuffer out, long seq, byte[] fields, byte[] message, long srcTs,
            long cgroup, int flags) {
        int at = out.position();
        byte[] payload = new byte[fields.length + message.length];
        System.arraycopy(fields, 0, payload, 0, fields.length);
        System.arraycopy(message, 0, payload, fields.length, message.length);
        put(out, LoggerAbi.ENTRY_V2_SIZE, seq, 6, "v2", payload);
        out.put(at + LoggerAbi.ENTRY_V2_FLAGS_OFFSET, (byte) flags);
        out.putLong(at + LoggerAbi.ENTRY_V2_SRC_TS_NS_OFFSET, srcTs);
        out.putLong(at + LoggerAbi.ENTRY_V2_CGROUP_ID_OFFSET, cgroup);
        out.putInt(at + LoggerAbi.ENTRY_V2_FIELDS_LEN_OFFSET, fields.length);
    }

    static byte[] fields(String... kv) {
        ByteBuffer b = ByteBuffer.allocate(1024).order(ByteOrder.nativeOrder());
        for (int i = 0; i < kv.length; i += 2) {
            Frames.putField(b, Frames.key(kv[i]), kv[i + 1].getBytes(StandardCharsets.UTF_8));
        }
        byte[] out = new byte[b.position()];
        b.flip().get(out);
        return out;
    }

    @Test
    void v2RecordsCarryFieldsTheirOwnTimeAndTheCgroup() {
        ByteBuffer buf = ByteBuffer.allocate(4096).order(ByteOrder.nativeOrder());
        putV2(buf, 1, fields("TAG", "com.acme.Main", "THREAD", "main", "empty", ""),
                "started".getBytes(StandardCharsets.UTF_8), 1_700_000_000_000_000_001L, 4711,
                LoggerAbi.F_FRAMED);
        putV2(buf, 2, new byte[0], "plain".getBytes(StandardCharsets.UTF_8), 0, 4711, 0);
        put(buf, 56, 3, 6, "v1", "old".getBytes(StandardCharsets.UTF_8));
        buf.flip();
        List<LogRecord> out = new ArrayList<>();

        assertEquals(3, BinaryRecords.decode(buf, out::add));
        LogRecord a = out.get(0);
        assertEquals("started", a.message());
        assertEquals(List.of(RecordField.of("TAG", "com.acme.Main"), RecordField.of("THREAD", "main"),
                RecordField.of("empty", "")), a.fields());
        assertEquals("com.acme.Main", a.field("TAG").orElseThrow());
        assertTrue(a.field("nothing").isEmpty());
        assertTrue(a.framed());
        assertEquals(4711, a.cgroupId());
        assertEquals(1_700_000_000_000_000_001L, a.sourceTimestampNanos());
        assertEquals(1, a.eventTime().getNano());
        LogRecord b = out.get(1);
        assertEquals("plain", b.message());
        assertFalse(b.framed());
        assertTrue(b.fields().isEmpty());
        assertTrue(b.sourceTimestamp().isEmpty());
        assertEquals(b.timestamp(), b.eventTime());
        assertEquals("old", out.get(2).message());
        assertEquals(0, out.get(2).cgroupId());
    }

    @Test
    void v2RecordsWithBadFieldsAreRejected() {
        ByteBuffer buf = ByteBuffer.allocate(512).order(ByteOrder.nativeOrder());
        putV2(buf, 1, fields("TAG", "x"), "m".getBytes(StandardCharsets.UTF_8), 0, 0, 1);
        buf.flip();
        ByteBuffer pastLen = buf.duplicate().order(ByteOrder.nativeOrder());
        pastLen.putInt(LoggerAbi.ENTRY_V2_FIELDS_LEN_OFFSET, 100);
        assertThrows(IllegalArgumentException.class, () -> BinaryRecords.decode(pastLen, r -> { }));
        ByteBuffer notFilling = buf.duplicate().order(ByteOrder.nativeOrder());
        notFilling.putInt(LoggerAbi.ENTRY_V2_FIELDS_LEN_OFFSET, 5);
        assertThrows(IllegalArgumentException.class, () -> BinaryRecords.decode(notFilling, r -> { }));
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

    @Test
    void encodingGivesBackTheBytesTheKernelLaidOut() {
        ByteBuffer kernel = ByteBuffer.allocate(4096).order(ByteOrder.nativeOrder());
        putV2(kernel, 1, fields("TAG", "com.acme.Main", "THREAD", "main"),
                "started".getBytes(StandardCharsets.UTF_8), 1_700_000_000_000_000_001L, 4711, LoggerAbi.F_FRAMED);
        putV2(kernel, 2, new byte[0], "plain, of a length that needs padding".getBytes(StandardCharsets.UTF_8), 0, 0, 0);
        kernel.flip();
        List<LogRecord> read = new ArrayList<>();
        BinaryRecords.decode(kernel.duplicate(), read::add);

        ByteBuffer again = ByteBuffer.allocate(4096).order(ByteOrder.nativeOrder());
        for (LogRecord r : read) {
            int at = again.position();
            BinaryRecords.encode(r, again);
            assertEquals(BinaryRecords.encodedSize(r), again.position() - at);
        }
        again.flip();
        assertEquals(kernel, again, "the same bytes, padding included");
    }

    @Test
    void aRecordOfVersion1AndACommThatIsNotUtf8SurviveEncodingInTheOtherByteOrder() {
        ByteBuffer v1 = ByteBuffer.allocate(256).order(ByteOrder.nativeOrder());
        put(v1, 56, 3, 4, "x", "old".getBytes(StandardCharsets.UTF_8));
        v1.put(40, (byte) 0xff); // a thread named itself a byte that is no UTF-8
        v1.flip();
        List<LogRecord> read = new ArrayList<>();
        BinaryRecords.decode(v1, read::add);
        LogRecord old = read.get(0);
        assertArrayEquals(new byte[] {(byte) 0xff}, old.commBytes(), "the comm's bytes as they are");

        ByteOrder other = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN ? ByteOrder.BIG_ENDIAN
                : ByteOrder.LITTLE_ENDIAN;
        LogRecord withFields = new LogRecord(9, 5, SyslogLevel.ERR, 1, 2, 4294967294L, 3, "t",
                "m".getBytes(StandardCharsets.UTF_8), 7, 8, LoggerAbi.F_FRAMED,
                List.of(RecordField.of("TAG", "a"), new RecordField("BYTES", new byte[] {(byte) 0xc0})));
        ByteBuffer foreign = ByteBuffer.allocate(512).order(other);
        BinaryRecords.encode(old, foreign);
        BinaryRecords.encode(withFields, foreign);
        foreign.flip();
        List<LogRecord> back = new ArrayList<>();
        assertEquals(2, BinaryRecords.decode(foreign, other, back::add));
        assertEquals(List.of(old, withFields), back);
        assertThrows(IllegalArgumentException.class, () -> BinaryRecords.encode(new LogRecord(1, 1,
                SyslogLevel.INFO, 1, 1, 0, 0, "sixteen bytes!!!", new byte[0]), ByteBuffer.allocate(256)));
    }
}
