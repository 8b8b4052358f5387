package io.github.kernellogger.appender;

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
 * package-private in effect, as only this package can implement the interface.
 */
interface RecordDevice extends Closeable {

    /** Writes one record: {@code "<d>"} and the payload, between position and limit. */
    void write(ByteBuffer record) throws IOException;

    /** The device's counters; max_payload among them. */
    DeviceStats stats() throws IOException;

    /** Opens a {@link RecordDevice} for a path. */
    @FunctionalInterface
    interface Factory {
        RecordDevice open(Path path) throws IOException;

        /** The real device: what appenders use unless a test in this package names another. */
        Factory KERNEL = path -> {
            LoggerDevice device = LoggerDevice.open(path, LoggerDevice.Mode.WRITE, false);
            return new RecordDevice() {
                @Override
                public void write(ByteBuffer record) throws IOException {
                    device.write(record);
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
