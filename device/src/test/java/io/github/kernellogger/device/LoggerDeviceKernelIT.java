package io.github.kernellogger.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kernellogger.device.testing.KernelModule;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The binding against the real /dev/logger (in the test VM). */
class LoggerDeviceKernelIT {

    @BeforeEach
    void freshModule() throws Exception {
        KernelModule.reload();
    }

    private static LoggerDevice open(LoggerDevice.Mode mode, boolean nonBlocking) throws Exception {
        return LoggerDevice.open(KernelModule.DEVICE, mode, nonBlocking);
    }

    @Test
    void writesComeBackAsRecordsStampedByTheKernel() throws Exception {
        try (LoggerDevice w = open(LoggerDevice.Mode.WRITE, false);
                LoggerDevice r = open(LoggerDevice.Mode.READ, true)) {
            w.write(SyslogLevel.ERR, "disk almost full");
            ByteBuffer direct = ByteBuffer.allocateDirect(64);
            direct.put("<6>line one\nline two é".getBytes(StandardCharsets.UTF_8)).flip();
            w.write(direct);
            List<LogRecord> got = new ArrayList<>();
            assertEquals(2, r.readRecords(got::add));
            LogRecord first = got.get(0);
            assertEquals(1, first.seq());
            assertEquals(SyslogLevel.ERR, first.level());
            assertEquals("disk almost full", first.message());
            assertEquals(ProcessHandle.current().pid(), first.pid());
            assertTrue(first.timestamp().isAfter(java.time.Instant.now().minusSeconds(60)));
            assertEquals("line one\nline two é", got.get(1).message());
            assertEquals(0, r.readRecords(got::add), "nothing more: non-blocking returns 0");
            assertEquals(LoggerAbi.ABI_VERSION, r.abiVersion());
        }
    }

    @Test
    void seekPollStatsAndClear() throws Exception {
        try (LoggerDevice w = open(LoggerDevice.Mode.WRITE, false);
                LoggerDevice r = open(LoggerDevice.Mode.READ, true)) {
            for (int i = 1; i <= 5; i++) {
                w.write(SyslogLevel.INFO, "record " + i);
            }
            assertEquals(1, r.seekOldest());
            assertEquals(4, r.seekLast(2));
            List<LogRecord> got = new ArrayList<>();
            r.readRecords(got::add);
            assertEquals(List.of("record 4", "record 5"), got.stream().map(LogRecord::message).toList());
            assertEquals(6, r.position());
            assertFalse(r.poll(Duration.ZERO));
            w.write(SyslogLevel.INFO, "record 6");
            assertTrue(r.poll(Duration.ofSeconds(30)));
            assertEquals(6, r.seekEnd() - 1);
            assertEquals(3, r.seekTo(3));
            r.setFormat(LoggerDevice.Format.BINARY);
            assertEquals(LoggerAbi.entrySpan(56, "record 3".length()), r.nextRecordSize());

            DeviceStats st = r.stats();
            assertEquals(6, st.recordsWritten());
            assertEquals(6, st.recordsHeld());
            assertEquals(1, st.readers());
            assertEquals(65536, st.maxPayload());
            assertEquals(st.recordsWritten(), st.recordsHeld() + st.recordsDropped() + st.recordsCleared());

            r.clear(5);
            assertEquals(5, r.stats().firstSeq());
            r.clearAll();
            assertEquals(0, r.stats().recordsHeld());
        }
    }

    @Test
    void recordsOfAnySizeAreReadWholeAndTooLargeOnesAreRefused() throws Exception {
        try (LoggerDevice w = open(LoggerDevice.Mode.WRITE, false);
                LoggerDevice r = open(LoggerDevice.Mode.READ, true)) {
            String big = "x".repeat(65536); // larger than the first read buffer
            w.write(ByteBuffer.wrap(big.getBytes(StandardCharsets.US_ASCII)));
            List<LogRecord> got = new ArrayList<>();
            r.readRecords(got::add);
            assertEquals(big, got.get(0).message());
            LoggerDeviceException e = assertThrows(LoggerDeviceException.class,
                    () -> w.write(ByteBuffer.wrap(new byte[65537])));
            assertEquals("EMSGSIZE", e.errnoName());
            assertTrue(e.getMessage().contains("larger than the device's max_payload"));
        }
    }

    @Test
    void framedBatchesComeBackWithTheirFieldsInVersion2() throws Exception {
        try (LoggerDevice w = open(LoggerDevice.Mode.WRITE, false);
                LoggerDevice r = open(LoggerDevice.Mode.READ, true)) {
            w.setWriteMode(LoggerDevice.WriteMode.FRAMED);
            ByteBuffer batch = ByteBuffer.allocateDirect(4096).order(java.nio.ByteOrder.nativeOrder());
            for (int i = 0; i < 3; i++) {
                int f = Frames.begin(batch, SyslogLevel.WARNING, 1_764_600_000_000_000_000L + i);
                Frames.putField(batch, Frames.key("TAG"), "com.acme.Main".getBytes(StandardCharsets.UTF_8));
                Frames.putField(batch, Frames.key("N"), String.valueOf(i).getBytes(StandardCharsets.UTF_8));
                Frames.endFields(batch, f);
                batch.put(("event " + i).getBytes(StandardCharsets.UTF_8));
                Frames.end(batch, f);
            }
            batch.flip();
            w.write(batch);
            assertFalse(batch.hasRemaining());
            List<LogRecord> got = new ArrayList<>();
            assertEquals(3, r.readRecords(got::add));
            assertEquals(LoggerDevice.Format.BINARY_V3, r.format());
            for (int i = 0; i < 3; i++) {
                LogRecord rec = got.get(i);
                assertEquals("event " + i, rec.message());
                assertEquals(SyslogLevel.WARNING, rec.level());
                assertTrue(rec.framed());
                assertEquals(List.of(RecordField.of("TAG", "com.acme.Main"), RecordField.of("N", "" + i)),
                        rec.fields());
                assertEquals(1_764_600_000_000_000_000L + i, rec.sourceTimestampNanos());
                assertEquals(ProcessHandle.current().pid(), rec.pid());
            }
            // The same records as a version 1 reader sees them: the message alone.
            r.seekOldest();
            r.setFormat(LoggerDevice.Format.BINARY);
            ByteBuffer v1 = ByteBuffer.allocateDirect(4096);
            r.read(v1);
            List<LogRecord> old = new ArrayList<>();
            BinaryRecords.decode(v1.flip(), old::add);
            assertEquals("event 0", old.get(0).message());
            assertTrue(old.get(0).fields().isEmpty());

            LoggerDeviceException e = assertThrows(LoggerDeviceException.class,
                    () -> w.write(ByteBuffer.allocateDirect(8)));
            assertEquals("EINVAL", e.errnoName());
            assertTrue(e.getMessage().contains("not well-formed frames"), e.getMessage());
        }
    }

    @Test
    void statsNameTheLoadAndItsMaxBatch() throws Exception {
        String first;
        try (LoggerDevice r = open(LoggerDevice.Mode.READ, true)) {
            DeviceStats st = r.stats();
            assertEquals(262144, st.maxBatch());
            assertTrue(st.instanceId().matches("[0-9a-f]{32}"), st.instanceId());
            assertEquals(st.instanceId(), r.stats().instanceId());
            first = st.instanceId();
        }
        KernelModule.reload();
        try (LoggerDevice r = open(LoggerDevice.Mode.READ, true)) {
            assertFalse(first.equals(r.stats().instanceId()), "a reload makes a new instance_id");
        }
    }

    /** Root's file reads everything and may clear (ABI version 3), and says so. */
    @Test
    void rightsSayWhatTheFileMayDo() throws Exception {
        try (LoggerDevice r = open(LoggerDevice.Mode.READ, true)) {
            assertEquals(LoggerAbi.RIGHT_READ_ALL | LoggerAbi.RIGHT_CLEAR, r.rights());
        }
    }

    @Test
    void theModuleGoneMeansENOENT() throws Exception {
        KernelModule.unload();
        LoggerDeviceException e = assertThrows(LoggerDeviceException.class,
                () -> open(LoggerDevice.Mode.WRITE, false));
        assertEquals("ENOENT", e.errnoName());
        assertEquals("ENOENT: /dev/logger does not exist; is the logger module loaded? (sudo insmod logger.ko)",
                e.getMessage());
    }
}
