package io.github.kernellogger.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The binding's failures, on this machine, with no module: each names the errno and says what to
 * do. /dev/null stands in for a character device that is not a logger.
 */
class LoggerDeviceErrorsTest {

    @Test
    void aMissingDeviceSaysToLoadTheModule(@TempDir Path dir) {
        Path missing = dir.resolve("logger");
        LoggerDeviceException e = assertThrows(LoggerDeviceException.class,
                () -> LoggerDevice.open(missing, LoggerDevice.Mode.WRITE, false));
        assertEquals("ENOENT", e.errnoName());
        assertEquals(2, e.errno());
        assertEquals("ENOENT: " + missing + " does not exist; is the logger module loaded? (sudo insmod logger.ko)",
                e.getMessage());
    }

    @Test
    void anotherDeviceIsNotALogger() throws Exception {
        try (LoggerDevice dev = LoggerDevice.open(Path.of("/dev/null"), LoggerDevice.Mode.READ_WRITE, false)) {
            LoggerDeviceException e = assertThrows(LoggerDeviceException.class, dev::stats);
            assertEquals("ENOTTY", e.errnoName());
            assertTrue(e.getMessage().contains("is not a logger device"), e.getMessage());
            // Writes go through, as to any character device.
            ByteBuffer record = ByteBuffer.allocateDirect(16);
            record.put("<3>hello".getBytes()).flip();
            dev.write(record);
            assertFalse(record.hasRemaining());
            assertTrue(dev.poll(Duration.ZERO));
        }
    }

    @Test
    void aClosedDeviceFailsWithEbadf() throws Exception {
        LoggerDevice dev = LoggerDevice.open(Path.of("/dev/null"), LoggerDevice.Mode.WRITE, false);
        dev.close();
        dev.close(); // twice is fine
        LoggerDeviceException e = assertThrows(LoggerDeviceException.class, dev::position);
        assertEquals("EBADF", e.errnoName());
        assertEquals(LoggerDeviceException.Operation.SEEK, e.operation());
    }

    @Test
    void aDirectoryCannotBeOpenedForWriting(@TempDir Path dir) {
        LoggerDeviceException e = assertThrows(LoggerDeviceException.class,
                () -> LoggerDevice.open(dir, LoggerDevice.Mode.WRITE, false));
        assertEquals("EISDIR", e.errnoName());
        assertTrue(e.getMessage().startsWith("EISDIR: cannot open " + dir + ": Is a directory"),
                e.getMessage());
    }

    @Test
    void readsNeedADirectBufferWritesTakeAny() throws Exception {
        try (LoggerDevice dev = LoggerDevice.open(Path.of("/dev/null"), LoggerDevice.Mode.READ_WRITE, false)) {
            assertThrows(IllegalArgumentException.class, () -> dev.read(ByteBuffer.allocate(4)));
            ByteBuffer heap = ByteBuffer.wrap("<6>from the heap".getBytes());
            dev.write(heap);
            assertFalse(heap.hasRemaining());
        }
    }

    @Test
    void aReadOnlyFileCannotWrite() throws Exception {
        try (LoggerDevice dev = LoggerDevice.open(Path.of("/dev/null"), LoggerDevice.Mode.READ, false)) {
            LoggerDeviceException e = assertThrows(LoggerDeviceException.class,
                    () -> dev.write(SyslogLevel.INFO, "x"));
            assertEquals("EBADF", e.errnoName());
        }
    }

    /**
     * Writes are plain system calls, not interruptible I/O: an interrupt neither fails a write
     * nor closes the file (a FileChannel closes itself when its thread is interrupted).
     */
    @Test
    void anInterruptNeitherFailsAWriteNorClosesTheFile() throws Exception {
        try (LoggerDevice dev = LoggerDevice.open(Path.of("/dev/null"), LoggerDevice.Mode.WRITE, false)) {
            ByteBuffer record = ByteBuffer.allocateDirect(16);
            Thread.currentThread().interrupt();
            try {
                for (int i = 0; i < 3; i++) {
                    record.clear().put("<6>interrupted".getBytes()).flip();
                    dev.write(record);
                    assertFalse(record.hasRemaining());
                }
                dev.write(SyslogLevel.INFO, "from the heap, interrupted");
                assertTrue(Thread.currentThread().isInterrupted(), "the interrupt status is the caller's");
            } finally {
                Thread.interrupted();
            }
            assertTrue(dev.isOpen());
            dev.write(SyslogLevel.INFO, "after");
        }
    }

    @Test
    void aFailedWriteNamesItsErrno() throws Exception {
        // /dev/full fails every write with ENOSPC.
        try (LoggerDevice dev = LoggerDevice.open(Path.of("/dev/full"), LoggerDevice.Mode.WRITE, false)) {
            LoggerDeviceException e = assertThrows(LoggerDeviceException.class,
                    () -> dev.write(SyslogLevel.INFO, "x"));
            assertEquals("ENOSPC", e.errnoName());
            assertEquals(28, e.errno());
            assertEquals(LoggerDeviceException.Operation.WRITE, e.operation());
            assertTrue(e.getMessage().startsWith("ENOSPC: cannot write /dev/full: No space left on device"),
                    e.getMessage());
        }
    }
}
