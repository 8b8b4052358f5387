package io.github.kernellogger.reader.read;

import io.github.kernellogger.device.LoggerDeviceException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What the reader says when the device cannot be used, where it knows more than the binding:
 * that an installed module loads with modprobe, and that a file given as the device may be a
 * saved log, read with {@code --file}. Other failures keep the binding's words.
 */
public final class DeviceErrors {
    private DeviceErrors() {}

    /** The failure {@code e} of the device at {@code path}, said as above. */
    public static IOException explain(LoggerDeviceException e, Path path) {
        switch (e.errnoName()) {
            case "ENOENT":
                if (e.operation() == LoggerDeviceException.Operation.OPEN) {
                    return new IOException("ENOENT: " + path + " does not exist: is the logger module loaded? "
                            + "(sudo modprobe logger; from a build tree, sudo insmod kernel/logger.ko)", e);
                }
                return e;
            case "ENOTTY":
                if (Files.isRegularFile(path)) {
                    return new IOException("ENOTTY: " + path + (isSavedLog(path)
                            ? " is a log saved with -o binary, not a device: read it with --file " + path
                            : " is a file, not the logger device (a log saved with -o binary is read with --file)"), e);
                }
                return e;
            default:
                return e;
        }
    }

    private static boolean isSavedLog(Path path) {
        byte[] start = new byte[8];
        try (InputStream in = Files.newInputStream(path)) {
            return in.readNBytes(start, 0, 8) == 8 && SavedLog.isHeader(ByteBuffer.wrap(start), 0);
        } catch (IOException e) {
            return false;
        }
    }
}
