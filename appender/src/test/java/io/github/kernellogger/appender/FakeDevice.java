package io.github.kernellogger.appender;

import io.github.kernellogger.device.DeviceStats;
import io.github.kernellogger.device.LoggerDeviceException;
import io.github.kernellogger.device.SyslogLevel;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.logging.log4j.core.Core;
import org.apache.logging.log4j.core.config.plugins.Plugin;
import org.apache.logging.log4j.core.config.plugins.PluginAttribute;
import org.apache.logging.log4j.core.config.plugins.PluginFactory;

/**
 * A stand-in for /dev/logger that the drain thread writes to: it keeps every record, can refuse
 * to open or fail writes on demand, can hold the drain thread at a gate, and holds a real file
 * descriptor (/dev/null) while open, so that leak checks can count it.
 *
 * <p>Tests give one to an appender through its builder, or from XML as a child element, which
 * names it so that the test can find it: {@code <KernelDevice ...><FakeDevice name="x"/>}, then
 * {@code FakeDevice.named("x")}.
 */
@Plugin(name = "FakeDevice", category = Core.CATEGORY_NAME, elementType = "deviceFactory")
final class FakeDevice implements RecordDevice.Factory {
    private static final Map<String, FakeDevice> NAMED = new ConcurrentHashMap<>();

    /** The device that XML configurations name {@code name}: one per name, made on first use. */
    static FakeDevice named(String name) {
        return NAMED.computeIfAbsent(name, n -> new FakeDevice());
    }

    /** {@code <FakeDevice name="x" missing="true"/>}: one that fails every open until told otherwise. */
    @PluginFactory
    static FakeDevice create(@PluginAttribute("name") String name,
            @PluginAttribute("missing") boolean missing) {
        FakeDevice device = named(name);
        if (missing) {
            device.failOpens.set(Integer.MAX_VALUE);
        }
        return device;
    }

    /** One record as the kernel would have stored it: the "<d>" prefix parsed as the kernel does. */
    record Record(SyslogLevel level, String message) {}

    private final List<Record> records = new ArrayList<>();
    volatile int maxPayload = 65536;
    /** While > 0, open() fails with ENOENT (or {@link #openError}) and counts down. */
    final AtomicInteger failOpens = new AtomicInteger();
    /** When set, what a failing open() throws instead of ENOENT: a binding that cannot load. */
    volatile Error openError;
    /** While set, writes fail with it. */
    volatile IOException failWrites;
    /** The next write fails with this, once. */
    final AtomicReference<IOException> failNextWrite = new AtomicReference<>();
    /** When not null, each write takes a permit first: tests hold the drain thread with it. */
    volatile Semaphore gate;
    /** Run inside the next write, on the drain thread, when set. */
    volatile Runnable onWrite;
    final AtomicInteger opens = new AtomicInteger();
    final AtomicInteger openNow = new AtomicInteger();

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
                String text = new String(bytes, StandardCharsets.UTF_8);
                SyslogLevel level = SyslogLevel.INFO;
                if (text.length() >= 3 && text.charAt(0) == '<' && text.charAt(2) == '>'
                        && text.charAt(1) >= '0' && text.charAt(1) <= '7') {
                    level = SyslogLevel.ofCode(text.charAt(1) - '0');
                    text = text.substring(3);
                }
                if (text.getBytes(StandardCharsets.UTF_8).length > maxPayload) {
                    throw new LoggerDeviceException(LoggerDeviceException.Operation.WRITE, path, 90);
                }
                synchronized (records) {
                    records.add(new Record(level, text));
                }
            }

            @Override
            public DeviceStats stats() {
                return new DeviceStats(0, size(), 0, 0, 0, 1, 1, 0, 1 << 20, 0, 0, 0, maxPayload);
            }

            @Override
            public void close() throws IOException {
                openNow.decrementAndGet();
                fd.close();
            }
        };
    }

    List<Record> records() {
        synchronized (records) {
            return new ArrayList<>(records);
        }
    }

    List<String> messages() {
        return records().stream().map(Record::message).toList();
    }

    int size() {
        synchronized (records) {
            return records.size();
        }
    }
}
