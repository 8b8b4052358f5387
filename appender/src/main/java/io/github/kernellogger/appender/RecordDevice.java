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

        /**
         * What appenders use when the builder names no factory: the real device. Tests in this
         * package put a stand-in here to run configurations from XML without a kernel module.
         */
        static Factory defaultFactory() {
            return Defaults.factory;
        }

        /** The real device. */
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

    /** Holds the default factory; see {@link Factory#defaultFactory()}. */
    final class Defaults {
        static volatile Factory factory = Factory.KERNEL;

        private Defaults() {}
    }
}
