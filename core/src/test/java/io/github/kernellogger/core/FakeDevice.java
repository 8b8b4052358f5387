package io.github.kernellogger.core;

import io.github.kernellogger.device.DeviceStats;
import io.github.kernellogger.device.LoggerDeviceException;
import io.github.kernellogger.device.SyslogLevel;
import java.io.IOException;
import io.github.kernellogger.device.LoggerAbi;
import io.github.kernellogger.device.RecordField;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

/**
 * A stand-in for /dev/logger that the drain thread writes to: it keeps every record, can refuse
 * to open or fail writes on demand, can hold the drain thread at a gate, and holds a real file
 * descriptor (/dev/null) while open, so that leak checks can count it. Knows no logging
 * framework: each adapter's tests give it to their appender (Log4j2's as a plugin element,
 * {@code <FakeDevice name="x"/>}; Logback's in code).
 */
public final class FakeDevice implements RecordDevice.Factory {
    private static final Map<String, FakeDevice> NAMED = new ConcurrentHashMap<>();

    /** The device that configurations name {@code name}: one per name, made on first use. */
    public static FakeDevice named(String name) {
        return NAMED.computeIfAbsent(name, n -> new FakeDevice());
    }

    /** One record as the kernel would have stored it: the "<d>" prefix parsed as the kernel does. */
    public record Record(SyslogLevel level, String message) {}

    /** A record with what ABI version 2 adds: its fields, the event's time, how it came. */
    public record Stored(Record record, List<RecordField> fields, long sourceTimestampNanos, boolean framed) {
        public String field(String key) {
            return fields.stream().filter(f -> f.key().equals(key)).map(RecordField::valueText)
                    .findFirst().orElse(null);
        }
    }

    private final List<Stored> records = new ArrayList<>();
    public volatile int maxPayload = 65536;
    public volatile int maxBatch = 262144;
    /** The ABI version it answers: 2 takes framed writes, 1 one plain record per write. */
    public volatile int version = 2;
    /** Successful write calls, as the module's write_calls counts them. */
    public final AtomicInteger writeCalls = new AtomicInteger();
    /** A write with a frame whose message this matches fails with {@link #refuseErrno}. */
    public volatile Predicate<String> refuseMessage;
    public volatile int refuseErrno = 22;
    /** While > 0, open() fails with ENOENT (or {@link #openError}) and counts down. */
    public final AtomicInteger failOpens = new AtomicInteger();
    /** When set, what a failing open() throws instead of ENOENT: a binding that cannot load. */
    public volatile Error openError;
    /** While set, writes fail with it. */
    public volatile IOException failWrites;
    /** The next write fails with this, once. */
    public final AtomicReference<IOException> failNextWrite = new AtomicReference<>();
    /** When not null, each write takes a permit first: tests hold the drain thread with it. */
    public volatile Semaphore gate;
    /** Run inside the next write, on the drain thread, when set. */
    public volatile Runnable onWrite;
    public final AtomicInteger opens = new AtomicInteger();
    public final AtomicInteger openNow = new AtomicInteger();

    @Override
    public RecordDevice open(Path path) throws IOException {
        if (failOpens.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            Error error = openError;
            if (error != null) {
                throw error;
            }
            throw new LoggerDeviceException(LoggerDeviceException.Operation.OPEN, path, 2);
        }
        opens.incrementAndGet();
        openNow.incrementAndGet();
        FileChannel fd = FileChannel.open(Path.of("/dev/null"), StandardOpenOption.WRITE);
        return new RecordDevice() {
            @Override
            public void write(ByteBuffer record) throws IOException {
                Semaphore g = gate;
                if (g != null) {
                    g.acquireUninterruptibly();
                }
                Runnable hook = onWrite;
                if (hook != null) {
                    hook.run();
                }
                IOException once = failNextWrite.getAndSet(null);
                if (once != null) {
                    throw once;
                }
                IOException e = failWrites;
                if (e != null) {
                    throw e;
                }
                byte[] bytes = new byte[record.remaining()];
                record.get(bytes);
                List<Stored> stored = version >= 2 ? frames(bytes, path) : List.of(plain(bytes, path));
                synchronized (records) {
                    records.addAll(stored);
                }
                writeCalls.incrementAndGet();
            }

            @Override
            public boolean framed() {
                return version >= 2;
            }

            @Override
            public DeviceStats stats() {
                return version >= 2
                        ? new DeviceStats(0, size(), 0, 0, 0, 1, 1, 0, 1 << 20, 0, 0, 0, maxPayload,
                                maxBatch, "0123456789abcdef0123456789abcdef")
                        : new DeviceStats(0, size(), 0, 0, 0, 1, 1, 0, 1 << 20, 0, 0, 0, maxPayload);
            }

            @Override
            public void close() throws IOException {
                openNow.decrementAndGet();
                fd.close();
            }
        };
    }

    private static LoggerDeviceException refused(Path path, int errno) {
        return new LoggerDeviceException(LoggerDeviceException.Operation.WRITE, path, errno);
    }

    /** A plain write, as the kernel stores it. */
    private Stored plain(byte[] bytes, Path path) throws IOException {
        String text = new String(bytes, StandardCharsets.UTF_8);
        SyslogLevel level = SyslogLevel.INFO;
        int payload = bytes.length;
        if (text.length() >= 3 && text.charAt(0) == '<' && text.charAt(2) == '>'
                && text.charAt(1) >= '0' && text.charAt(1) <= '7') {
            level = SyslogLevel.ofCode(text.charAt(1) - '0');
            text = text.substring(3);
            payload -= 3;
        }
        if (payload > maxPayload) {
            throw refused(path, 90);
        }
        Predicate<String> refuse = refuseMessage;
        if (refuse != null && refuse.test(text)) {
            throw refused(path, refuseErrno);
        }
        return new Stored(new Record(level, text), List.of(), 0, false);
    }

    /** A framed write, checked whole first as the kernel checks it: all of it or nothing. */
    private List<Stored> frames(byte[] bytes, Path path) throws IOException {
        if (bytes.length > maxBatch) {
            throw refused(path, 90);
        }
        ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.nativeOrder());
        List<Stored> out = new ArrayList<>();
        int off = 0;
        while (off < bytes.length) {
            if (bytes.length - off < LoggerAbi.FRAME_SIZE) {
                throw refused(path, 22);
            }
            int size = in.getInt(off + LoggerAbi.FRAME_SIZE_OFFSET);
            int level = in.get(off + LoggerAbi.FRAME_LEVEL_OFFSET);
            int fieldsLen = Short.toUnsignedInt(in.getShort(off + LoggerAbi.FRAME_FIELDS_LEN_OFFSET));
            if (size < LoggerAbi.FRAME_SIZE || size > bytes.length - off || level < 0 || level > 7
                    || in.get(off + LoggerAbi.FRAME_FLAGS_OFFSET) != 0
                    || fieldsLen > size - LoggerAbi.FRAME_SIZE) {
                throw refused(path, 22);
            }
            List<RecordField> fields;
            try {
                int start = off + LoggerAbi.FRAME_SIZE;
                fields = RecordField.decode(Arrays.copyOfRange(bytes, start, start + fieldsLen));
            } catch (IllegalArgumentException e) {
                throw refused(path, 22);
            }
            if (size - LoggerAbi.FRAME_SIZE > maxPayload) {
                throw refused(path, 90);
            }
            String message = new String(bytes, off + LoggerAbi.FRAME_SIZE + fieldsLen,
                    size - LoggerAbi.FRAME_SIZE - fieldsLen, StandardCharsets.UTF_8);
            Predicate<String> refuse = refuseMessage;
            if (refuse != null && refuse.test(message)) {
                throw refused(path, refuseErrno);
            }
            out.add(new Stored(new Record(SyslogLevel.ofCode(level), message), fields,
                    in.getLong(off + LoggerAbi.FRAME_SRC_TS_NS_OFFSET), true));
            off += LoggerAbi.frameSpan(size);
        }
        if (off != bytes.length) {
            throw refused(path, 22);
        }
        return out;
    }

    public List<Stored> stored() {
        synchronized (records) {
            return new ArrayList<>(records);
        }
    }

    public List<Record> records() {
        return stored().stream().map(Stored::record).toList();
    }

    public List<String> messages() {
        return records().stream().map(Record::message).toList();
    }

    public int size() {
        synchronized (records) {
            return records.size();
        }
    }
}
