package io.github.kernellogger.core;

import io.github.kernellogger.device.DeviceStats;
import io.github.kernellogger.device.LoggerDevice;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * Where the drain thread writes records: {@code /dev/logger} through {@link LoggerDevice}, or a
 * stand-in that tests control.
 *
 * <p>The stand-in reaches an appender through its builder: {@code setDeviceFactory}, or, from XML,
 * a child element that is a plugin implementing {@link Factory} (see the builder). Both are
 * public so that each framework's adapter can take one; applications have no use for it.
 */
public interface RecordDevice extends Closeable {

    /**
     * Writes what is between position and limit: a batch of frames when {@link #framed()}, else
     * one record, {@code "<d>"} and the payload.
     */
    void write(ByteBuffer bytes) throws IOException;

    /**
     * Whether it takes framed writes (ABI version 2, {@link LoggerDevice.WriteMode#FRAMED});
     * false for a module of version 1, which takes one plain record per write.
     */
    boolean framed();

    /** The device's counters; max_payload and max_batch among them. */
    DeviceStats stats() throws IOException;

    /** Opens a {@link RecordDevice} for a path. */
    @FunctionalInterface
    interface Factory {
        RecordDevice open(Path path) throws IOException;

        /**
         * The real device: what appenders use unless a test in this package names another. A
         * module of ABI version 2 or later is switched to framed writes.
         */
        Factory KERNEL = path -> {
            LoggerDevice device = LoggerDevice.open(path, LoggerDevice.Mode.WRITE, false);
            boolean framed;
            try {
                framed = device.abiVersion() >= 2;
                if (framed) {
                    device.setWriteMode(LoggerDevice.WriteMode.FRAMED);
                }
            } catch (IOException | RuntimeException e) {
                device.close();
                throw e;
            }
            return new RecordDevice() {
                @Override
                public void write(ByteBuffer bytes) throws IOException {
                    device.write(bytes);
                }

                @Override
                public boolean framed() {
                    return framed;
                }

                @Override
                public DeviceStats stats() throws IOException {
                    return device.stats();
                }

                @Override
                public void close() throws IOException {
                    device.close();
                }
            };
        };
    }
}
