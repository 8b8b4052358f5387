package io.github.kernellogger.appender;

import io.github.kernellogger.core.RecordDevice;
import io.github.kernellogger.device.DeviceStats;
import io.github.kernellogger.device.LoggerAbi;
import io.github.kernellogger.device.LoggerDevice;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.logging.log4j.core.Core;
import org.apache.logging.log4j.core.config.plugins.Plugin;
import org.apache.logging.log4j.core.config.plugins.PluginFactory;

/**
 * {@code <NullStandIn/>} inside {@code <KernelDevice>}: instead of /dev/logger, the drain thread
 * writes into /dev/null, with the system calls the device would get, made the same way: one
 * write(2) of each framed batch, from the same direct buffer, through {@link LoggerDevice}. It
 * takes every batch and checks nothing, as the module is not there; what the kernel adds is the C
 * benchmark's. So the JVM can be measured on the host, at native speed, where no module can be
 * loaded. (A pipe drained by another thread would add a thread the real device does not have,
 * on a machine of two CPUs.)
 *
 * <p>A Log4j plugin element for {@code <KernelDevice>}; the Logback appender takes one in code
 * ({@code setDeviceFactory}).
 */
@Plugin(name = "NullStandIn", category = Core.CATEGORY_NAME, elementType = "deviceFactory")
public final class NullStandIn implements RecordDevice.Factory {
    /** write(2) calls made since the JVM started, by every stand-in. */
    public static final AtomicLong WRITES = new AtomicLong();
    /** While set, each write is noted in it (the paced benchmark): when it ended, how many frames. */
    public static volatile WriteLog log;

    /** When each write ended ({@link System#nanoTime}) and how many frames it held, in order. */
    public static final class WriteLog {
        public final long[] endNanos;
        public final int[] frames;
        /** Writes noted; only the writer adds, the reader reads once it is done. */
        public volatile int count;

        public WriteLog(int capacity) {
            endNanos = new long[capacity];
            frames = new int[capacity];
        }

        void add(long end, int n) {
            int i = count;
            if (i < endNanos.length) {
                endNanos[i] = end;
                frames[i] = n;
                count = i + 1;
            }
        }
    }

    /** The frames between position and limit, back to back as a framed write lays them out. */
    private static int frames(ByteBuffer bytes) {
        int n = 0;
        for (int at = bytes.position(); at < bytes.limit(); n++) {
            at += LoggerAbi.frameSpan(bytes.getInt(at + LoggerAbi.FRAME_SIZE_OFFSET));
        }
        return n;
    }

    @PluginFactory
    public static NullStandIn create() {
        return new NullStandIn();
    }

    @Override
    public RecordDevice open(Path path) throws IOException {
        LoggerDevice devNull = LoggerDevice.open(Path.of("/dev/null"), LoggerDevice.Mode.WRITE, false);
        return new RecordDevice() {
            @Override
            public void write(ByteBuffer bytes) throws IOException {
                WriteLog noted = log;
                int n = noted == null ? 0 : frames(bytes);
                devNull.write(bytes);
                WRITES.incrementAndGet();
                if (noted != null) {
                    noted.add(System.nanoTime(), n);
                }
            }

            @Override
            public boolean framed() {
                return true;
            }

            @Override
            public DeviceStats stats() {
                // The module's defaults.
                return new DeviceStats(0, 0, 0, 0, 0, 1, 1, 0, 1 << 20, 0, 0, 0, 65536, 262144, "");
            }

            @Override
            public void close() throws IOException {
                devNull.close();
            }
        };
    }
}
