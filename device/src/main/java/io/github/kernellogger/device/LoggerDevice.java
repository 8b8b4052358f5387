package io.github.kernellogger.device;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.io.Closeable;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Consumer;

import io.github.kernellogger.device.LoggerDeviceException.Operation;

/**
 * One open file of {@code /dev/logger}.
 *
 * <pre>{@code
 * try (LoggerDevice dev = LoggerDevice.open(Path.of("/dev/logger"), LoggerDevice.Mode.READ, false)) {
 *     dev.seekLast(10);                       // the last 10 records
 *     dev.readRecords(r -> System.out.println(r.seq() + " " + r.message()));
 * }
 * }</pre>
 *
 * <p>Each open file has its own read cursor, which starts at the oldest record held. Writes may
 * come from several threads at once, and each is one record; everything else is for one thread
 * at a time, and {@link #close()} must not race any other call. Every failure is a
 * {@link LoggerDeviceException} naming the errno and what to do.
 *
 * <p>Every call is a plain system call through JNA's direct mapping ({@link LibC}). None is
 * interruptible I/O: an interrupt of the calling thread neither fails a call nor closes the file,
 * as it would a {@code FileChannel}'s (which closes itself for every thread, so that one
 * interrupt of a writer would fail every write after it).
 *
 * <p>Where JNA cannot work (not Linux, not a 64-bit JVM, or its native library cannot load, as
 * from a {@code noexec} temporary directory), {@link #open} fails with {@code ENOSYS} and says
 * why; nothing throws an {@link Error}.
 */
public final class LoggerDevice implements Closeable {

    /** How the file is opened. A file opened for writing only has no read cursor. */
    public enum Mode {
        READ(LibC.O_RDONLY), WRITE(LibC.O_WRONLY), READ_WRITE(LibC.O_RDWR);

        private final int flags;

        Mode(int flags) {
            this.flags = flags;
        }
    }

    /**
     * What {@link #read} returns: text lines (the default, for {@code cat}), binary records of
     * ABI version 1 (the message only), of version 2 (with the writer's fields, the event's own
     * time and the writer's cgroup), or of version 3 (the same, with the fields the kernel
     * stamps, such as {@code _OPENER_UID}, first among the fields).
     */
    public enum Format {
        TEXT(LoggerAbi.FORMAT_TEXT), BINARY(LoggerAbi.FORMAT_BINARY),
        BINARY_V2(LoggerAbi.FORMAT_BINARY_V2), BINARY_V3(LoggerAbi.FORMAT_BINARY_V3);

        private final int code;

        Format(int code) {
            this.code = code;
        }
    }

    /**
     * What {@link #write} takes (ABI version 2): one record per write (the default), or a batch
     * of frames built with {@link Frames}.
     */
    public enum WriteMode {
        PLAIN(LoggerAbi.WRITE_PLAIN), FRAMED(LoggerAbi.WRITE_FRAMED);

        private final int code;

        WriteMode(int code) {
            this.code = code;
        }
    }

    /** The read buffer a file starts with; it grows to fit the largest record. */
    private static final int INITIAL_READ_BUFFER = 64 * 1024;

    private final Path path;
    private final Mode mode;
    private volatile int fd;
    /** Arguments of ioctl() and poll(); 8-byte aligned, native order. */
    private final ByteBuffer scratch;
    private final long scratchAddress;
    private ByteBuffer readBuffer;
    private Format format = Format.TEXT;
    private WriteMode writeMode = WriteMode.PLAIN;
    /** The module's ABI version, asked once by {@link #readRecords}; 0 until then. */
    private int abiVersion;
    /** The last buffer written or read from and its address, so hot paths allocate nothing. */
    private volatile BufferAddress lastBuffer = new BufferAddress(null, 0);

    private record BufferAddress(ByteBuffer buffer, long address) {}

    private LoggerDevice(Path path, Mode mode, int fd) {
        this.path = path;
        this.mode = mode;
        this.fd = fd;
        this.scratch = ByteBuffer.allocateDirect(LoggerAbi.STATS_SIZE).order(ByteOrder.nativeOrder());
        this.scratchAddress = address(scratch);
    }

    /**
     * Opens the device.
     *
     * @param path usually {@link LoggerAbi#DEVICE_PATH}
     * @param nonBlocking reads return nothing at once instead of waiting for a record
     * @throws LoggerDeviceException if it cannot be opened, for example {@code ENOENT} when the
     *     module is not loaded, {@code EACCES} when the node's permissions refuse, {@code ENOSYS}
     *     when this JVM cannot make the system calls (see the class comment)
     */
    public static LoggerDevice open(Path path, Mode mode, boolean nonBlocking)
            throws LoggerDeviceException {
        if (LibC.UNAVAILABLE != null) {
            throw LoggerDeviceException.bindingUnavailable(path, LibC.UNAVAILABLE);
        }
        int flags = mode.flags | LibC.O_CLOEXEC | (nonBlocking ? LibC.O_NONBLOCK : 0);
        int fd;
        try {
            fd = LibC.open(path.toString(), flags);
        } catch (LastErrorException e) {
            throw new LoggerDeviceException(Operation.OPEN, path, e.getErrorCode());
        }
        return new LoggerDevice(path, mode, fd);
    }

    /** Opens {@link LoggerAbi#DEVICE_PATH} for writing. */
    public static LoggerDevice openForWriting() throws LoggerDeviceException {
        return open(Path.of(LoggerAbi.DEVICE_PATH), Mode.WRITE, false);
    }

    public Path path() {
        return path;
    }

    public Mode mode() {
        return mode;
    }

    public boolean isOpen() {
        return fd >= 0;
    }

    /** The address of a direct buffer's first byte, for system calls. */
    public static long address(ByteBuffer direct) {
        if (!direct.isDirect()) {
            throw new IllegalArgumentException("system calls need a direct ByteBuffer");
        }
        return Pointer.nativeValue(Native.getDirectBufferPointer(direct));
    }

    /** The address of {@code buf}, from the cache when it is the last buffer used. */
    private long addressOf(ByteBuffer buf) {
        BufferAddress last = lastBuffer;
        if (last.buffer() != buf) {
            last = new BufferAddress(buf, address(buf));
            lastBuffer = last;
        }
        return last.address();
    }

    private int fd(Operation op) throws LoggerDeviceException {
        int f = fd;
        if (f < 0) {
            throw new LoggerDeviceException(op, path, Errno.EBADF);
        }
        return f;
    }

    /**
     * Writes the bytes between the buffer's position and limit as one record, or in {@link
     * WriteMode#FRAMED} as a batch of them, and moves the position past them (the device takes a
     * write whole or not at all). A leading {@code "<d>"} (d = 0..7) of a plain record sets the
     * level and is stripped by the kernel. This is the hot path: with a direct buffer it
     * allocates nothing; a heap buffer is copied into a direct one.
     *
     * @throws LoggerDeviceException {@code EMSGSIZE} if the payload is over the device's
     *     max_payload, or a batch over its max_batch; {@code EINVAL} for a malformed batch;
     *     {@code ENODEV} if the module went away; {@code EBADF} if closed or opened for reading
     *     only
     */
    public void write(ByteBuffer record) throws LoggerDeviceException {
        ByteBuffer direct = record;
        if (!record.isDirect()) {
            direct = ByteBuffer.allocateDirect(record.remaining());
            direct.put(0, record, record.position(), record.remaining());
        }
        long address = addressOf(direct) + direct.position();
        for (;;) {
            try {
                long n = LibC.write(fd(Operation.WRITE), address, record.remaining());
                record.position(record.position() + (int) n);
                return;
            } catch (LastErrorException e) {
                if (e.getErrorCode() != Errno.EINTR) {
                    throw new LoggerDeviceException(Operation.WRITE, path, e.getErrorCode());
                }
            }
        }
    }

    /** Writes one record at a level. Convenient, and allocates: not for hot paths. */
    public void write(SyslogLevel level, String message) throws LoggerDeviceException {
        write(ByteBuffer.wrap(("<" + level.code() + ">" + message).getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * Switches what {@link #read} returns for this file.
     *
     * @throws LoggerDeviceException {@code EINVAL} for {@link Format#BINARY_V2} from a module
     *     of ABI version 1, and for {@link Format#BINARY_V3} from one of version 1 or 2
     */
    public void setFormat(Format format) throws LoggerDeviceException {
        scratch.putInt(0, format.code);
        ioctl(Operation.SET_FORMAT, LoggerAbi.IOC_SET_FORMAT);
        this.format = format;
    }

    public Format format() {
        return format;
    }

    /**
     * Switches what {@link #write} takes for this file (ABI version 2).
     *
     * @throws LoggerDeviceException {@code ENOTTY} from a module of ABI version 1
     */
    public void setWriteMode(WriteMode mode) throws LoggerDeviceException {
        scratch.putInt(0, mode.code);
        ioctl(Operation.SET_WRITE_MODE, LoggerAbi.IOC_SET_WRITE_MODE);
        this.writeMode = mode;
    }

    public WriteMode writeMode() {
        return writeMode;
    }

    /**
     * Reads as many whole records as fit between the buffer's position and limit, in this
     * file's format, and advances the position past them.
     *
     * @return the bytes read; 0 if no record is waiting and the file is non-blocking
     * @throws LoggerDeviceException {@code EINVAL} if the next record does not fit (it stays
     *     unread; {@link #nextRecordSize()} says how much room it needs)
     */
    public int read(ByteBuffer dst) throws LoggerDeviceException {
        for (;;) {
            try {
                long n = LibC.read(fd(Operation.READ), addressOf(dst) + dst.position(),
                        dst.remaining());
                dst.position(dst.position() + (int) n);
                return (int) n;
            } catch (LastErrorException e) {
                if (e.getErrorCode() == Errno.EAGAIN) {
                    return 0;
                }
                if (e.getErrorCode() != Errno.EINTR) {
                    throw new LoggerDeviceException(Operation.READ, path, e.getErrorCode());
                }
            }
        }
    }

    /**
     * Reads the next batch of records in the newest binary format the module speaks (version
     * 3's, with the kernel's fields; version 2's, with the writer's; version 1's, the message
     * only), and hands each to {@code sink}, oldest first. Blocks for the first record
     * unless the file is non-blocking. The read buffer grows as needed, so a record of any size
     * is read whole.
     *
     * @return the number of records; 0 only for a non-blocking file with nothing to read
     */
    public int readRecords(Consumer<LogRecord> sink) throws LoggerDeviceException {
        if (abiVersion == 0) {
            abiVersion = abiVersion();
        }
        Format binary = abiVersion >= 3 ? Format.BINARY_V3
                : abiVersion == 2 ? Format.BINARY_V2 : Format.BINARY;
        if (format != binary) {
            setFormat(binary);
        }
        if (readBuffer == null) {
            growReadBuffer(INITIAL_READ_BUFFER);
        }
        for (;;) {
            readBuffer.clear();
            try {
                if (read(readBuffer) == 0) {
                    return 0;
                }
            } catch (LoggerDeviceException e) {
                int need = e.errno() == Errno.EINVAL ? nextRecordSize() : 0;
                if (need <= readBuffer.capacity()) {
                    throw e;
                }
                growReadBuffer(need);
                continue;
            }
            readBuffer.flip();
            return BinaryRecords.decode(readBuffer, sink);
        }
    }

    private void growReadBuffer(int size) {
        readBuffer = ByteBuffer.allocateDirect(size);
    }

    /**
     * Waits until this file has a record to read.
     *
     * @param timeout how long to wait at most; zero only checks; negative waits for ever
     * @return true if a record is waiting, false if the time ran out
     */
    public boolean poll(Duration timeout) throws LoggerDeviceException {
        long deadline = System.nanoTime() + (timeout.isNegative() ? 0 : timeout.toNanos());
        for (;;) {
            int millis = timeout.isNegative() ? -1
                    : (int) Math.min(Integer.MAX_VALUE,
                            Math.max(0, (deadline - System.nanoTime() + 999_999) / 1_000_000));
            scratch.putInt(0, fd(Operation.POLL));
            scratch.putShort(4, LibC.POLLIN);
            scratch.putShort(6, (short) 0);
            try {
                if (LibC.poll(scratchAddress, 1, millis) == 0) {
                    return false;
                }
                return (scratch.getShort(6) & LibC.POLLIN) != 0;
            } catch (LastErrorException e) {
                if (e.getErrorCode() != Errno.EINTR) {
                    throw new LoggerDeviceException(Operation.POLL, path, e.getErrorCode());
                }
            }
        }
    }

    /** Moves the cursor to the oldest record held. @return its seq */
    public long seekOldest() throws LoggerDeviceException {
        return lseek(0, LibC.SEEK_SET);
    }

    /** Moves the cursor past the newest record: only records written from now on. @return the seq read next */
    public long seekEnd() throws LoggerDeviceException {
        return lseek(0, LibC.SEEK_END);
    }

    /** Moves the cursor to the last {@code count} records held (fewer if fewer are held). @return the seq read next */
    public long seekLast(long count) throws LoggerDeviceException {
        if (count < 0) {
            throw new IllegalArgumentException("count must not be negative: " + count);
        }
        return lseek(-count, LibC.SEEK_END);
    }

    /**
     * Moves the cursor to record {@code seq}, clamped to the records held: below the oldest
     * means the oldest, beyond the newest means only new ones.
     *
     * @return the seq read next
     */
    public long seekTo(long seq) throws LoggerDeviceException {
        if (seq < 0) {
            throw new IllegalArgumentException("seq must not be negative: " + seq);
        }
        return lseek(seq, LibC.SEEK_SET);
    }

    /** The seq this file reads next. */
    public long position() throws LoggerDeviceException {
        return lseek(0, LibC.SEEK_CUR);
    }

    private long lseek(long offset, int whence) throws LoggerDeviceException {
        try {
            return LibC.lseek(fd(Operation.SEEK), offset, whence);
        } catch (LastErrorException e) {
            throw new LoggerDeviceException(Operation.SEEK, path, e.getErrorCode());
        }
    }

    /** The ring's counters, and the records this file missed. */
    public DeviceStats stats() throws LoggerDeviceException {
        ioctl(Operation.STATS, LoggerAbi.IOC_GET_STATS);
        ByteBuffer s = scratch;
        return new DeviceStats(
                s.getLong(LoggerAbi.STATS_BYTES_WRITTEN_OFFSET),
                s.getLong(LoggerAbi.STATS_RECORDS_WRITTEN_OFFSET),
                s.getLong(LoggerAbi.STATS_RECORDS_DROPPED_OFFSET),
                s.getLong(LoggerAbi.STATS_RECORDS_CLEARED_OFFSET),
                s.getLong(LoggerAbi.STATS_WRITES_REJECTED_OFFSET),
                s.getLong(LoggerAbi.STATS_FIRST_SEQ_OFFSET),
                s.getLong(LoggerAbi.STATS_NEXT_SEQ_OFFSET),
                s.getLong(LoggerAbi.STATS_READER_MISSED_OFFSET),
                Integer.toUnsignedLong(s.getInt(LoggerAbi.STATS_BUFFER_SIZE_OFFSET)),
                Integer.toUnsignedLong(s.getInt(LoggerAbi.STATS_BUFFER_USED_OFFSET)),
                Integer.toUnsignedLong(s.getInt(LoggerAbi.STATS_RECORDS_HELD_OFFSET)),
                Integer.toUnsignedLong(s.getInt(LoggerAbi.STATS_READERS_OFFSET)),
                Integer.toUnsignedLong(s.getInt(LoggerAbi.STATS_MAX_PAYLOAD_OFFSET)),
                Integer.toUnsignedLong(s.getInt(LoggerAbi.STATS_MAX_BATCH_OFFSET)),
                instanceId(s));
    }

    /** The stats' instance_id as hex; empty when all zero, as a version 1 module leaves it. */
    private static String instanceId(ByteBuffer s) {
        StringBuilder hex = new StringBuilder(2 * LoggerAbi.STATS_INSTANCE_ID_LENGTH);
        boolean zero = true;
        for (int i = 0; i < LoggerAbi.STATS_INSTANCE_ID_LENGTH; i++) {
            int b = Byte.toUnsignedInt(s.get(LoggerAbi.STATS_INSTANCE_ID_OFFSET + i));
            zero &= b == 0;
            hex.append(Character.forDigit(b >> 4, 16)).append(Character.forDigit(b & 15, 16));
        }
        return zero ? "" : hex.toString();
    }

    /**
     * Drops every record whose seq is below {@code upToSeq}; values beyond the newest clear
     * everything there is.
     *
     * @throws LoggerDeviceException {@code EPERM} without CAP_SYSLOG or CAP_SYS_ADMIN
     */
    public void clear(long upToSeq) throws LoggerDeviceException {
        scratch.putLong(0, upToSeq);
        ioctl(Operation.CLEAR, LoggerAbi.IOC_CLEAR);
    }

    /** Drops every record held. */
    public void clearAll() throws LoggerDeviceException {
        clear(-1L); // ~0ULL
    }

    /** Bytes the next record needs in this file's format; 0 if there is none yet. */
    public int nextRecordSize() throws LoggerDeviceException {
        ioctl(Operation.NEXT_SIZE, LoggerAbi.IOC_GET_NEXT_SIZE);
        return scratch.getInt(0);
    }

    /**
     * What this file may do, decided when it was opened: {@link LoggerAbi#RIGHT_READ_ALL} (it
     * reads every user's records, and {@link #stats} are the ring's) and {@link
     * LoggerAbi#RIGHT_CLEAR}; -1 from a module older than ABI version 3, which cannot say.
     */
    public int rights() throws LoggerDeviceException {
        try {
            ioctl(Operation.RIGHTS, LoggerAbi.IOC_GET_RIGHTS);
        } catch (LoggerDeviceException e) {
            if (e.errno() == Errno.ENOTTY) {
                return -1;
            }
            throw e;
        }
        return scratch.getInt(0);
    }

    /** The ABI version the module speaks. */
    public int abiVersion() throws LoggerDeviceException {
        ioctl(Operation.VERSION, LoggerAbi.IOC_GET_VERSION);
        return scratch.getInt(0);
    }

    private void ioctl(Operation op, int request) throws LoggerDeviceException {
        try {
            LibC.ioctl(fd(op), Integer.toUnsignedLong(request), scratchAddress);
        } catch (LastErrorException e) {
            throw new LoggerDeviceException(op, path, e.getErrorCode());
        }
    }

    /** Closes the file; later calls fail with EBADF. Closing twice does nothing. */
    @Override
    public void close() throws LoggerDeviceException {
        int f = fd;
        if (f < 0) {
            return;
        }
        fd = -1;
        try {
            LibC.close(f);
        } catch (LastErrorException e) {
            throw new LoggerDeviceException(Operation.CLOSE, path, e.getErrorCode());
        }
    }

    @Override
    public String toString() {
        return "LoggerDevice[" + path + ", " + mode + (isOpen() ? "" : ", closed") + "]";
    }
}
