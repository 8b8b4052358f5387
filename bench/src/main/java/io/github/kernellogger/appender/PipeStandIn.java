package io.github.kernellogger.appender;

import io.github.kernellogger.device.DeviceStats;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.logging.log4j.core.Core;
import org.apache.logging.log4j.core.config.plugins.Plugin;
import org.apache.logging.log4j.core.config.plugins.PluginFactory;

/**
 * {@code <PipeStandIn/>} inside {@code <KernelDevice>}: instead of /dev/logger, the drain thread
 * writes into a pipe that another thread drains, with the same system calls the device would
 * get: one write(2) of a framed batch, from the same direct buffer. It takes every batch and
 * checks nothing, as the kernel module is not there; the kernel's own cost is the C benchmark's.
 * So the JVM can be measured on the host, at native speed, where no module can be loaded.
 *
 * <p>A plugin of the appender's package, as only that package can implement its device seam.
 */
@Plugin(name = "PipeStandIn", category = Core.CATEGORY_NAME, elementType = "deviceFactory")
public final class PipeStandIn implements RecordDevice.Factory {
    /** write(2) calls made since the JVM started, by every stand-in. */
    public static final AtomicLong WRITES = new AtomicLong();

    @PluginFactory
    public static PipeStandIn create() {
        return new PipeStandIn();
    }

    @Override
    public RecordDevice open(Path path) throws IOException {
        Pipe pipe = Pipe.open();
        Thread reader = new Thread(() -> drain(pipe), "PipeStandIn reader");
        reader.setDaemon(true);
        reader.start();
        return new RecordDevice() {
            @Override
            public void write(ByteBuffer bytes) throws IOException {
                // A blocking pipe takes it all in one call, as the device does.
                while (bytes.hasRemaining()) {
                    pipe.sink().write(bytes);
                    WRITES.incrementAndGet();
                }
            }

            @Override
            public boolean framed() {
                return true;
            }

            @Override
            public DeviceStats stats() {
                return new DeviceStats(0, 0, 0, 0, 0, 1, 1, 0, 1 << 24, 0, 0, 0, 65536, 262144, "");
            }

            @Override
            public void close() throws IOException {
                pipe.sink().close();
            }
        };
    }

    private static void drain(Pipe pipe) {
        ByteBuffer buf = ByteBuffer.allocateDirect(256 * 1024);
        try {
            while (pipe.source().read(buf.clear()) >= 0) {
                // discarded, as a reader that keeps up
            }
            pipe.source().close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
