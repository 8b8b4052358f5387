package io.github.kernellogger.device;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A system call on {@code /dev/logger} failed. The message names the errno and says what to do,
 * for example {@code "ENOENT: /dev/logger does not exist; is the logger module loaded?"}.
 */
public class LoggerDeviceException extends IOException {
    private static final long serialVersionUID = 1L;

    /** What was being done when the call failed; it decides the advice in the message. */
    public enum Operation {
        OPEN("open"), READ("read"), WRITE("write"), SEEK("seek"), POLL("poll"),
        STATS("get stats of"), CLEAR("clear"), SET_FORMAT("set the format of"),
        NEXT_SIZE("get the next record size of"), VERSION("get the ABI version of"),
        SET_WRITE_MODE("set the write mode of"), RIGHTS("get the rights of"), CLOSE("close");

        private final String verb;

        Operation(String verb) {
            this.verb = verb;
        }
    }

    private final int errno;
    private final String errnoName;
    private final Operation operation;

    /** A failure of {@code operation} on {@code path} with {@code errno}. */
    public LoggerDeviceException(Operation operation, Path path, int errno) {
        this(operation, errno, Errno.name(errno), message(operation, path, errno));
    }

    private LoggerDeviceException(Operation operation, int errno, String errnoName,
            String message) {
        super(message);
        this.operation = operation;
        this.errno = errno;
        this.errnoName = errnoName;
    }

    /**
     * {@code ENOSYS}: this JVM cannot make the binding's system calls at all, for {@code reason}
     * (see {@link LoggerDevice}). Built without asking the C library anything.
     */
    static LoggerDeviceException bindingUnavailable(Path path, String reason) {
        return new LoggerDeviceException(Operation.OPEN, Errno.ENOSYS, "ENOSYS",
                "ENOSYS: cannot open " + path + ": " + reason);
    }

    /** The errno the call failed with. */
    public int errno() {
        return errno;
    }

    /** Its symbolic name, such as {@code "ENOENT"}. */
    public String errnoName() {
        return errnoName;
    }

    public Operation operation() {
        return operation;
    }

    private static String message(Operation op, Path path, int errno) {
        String name = Errno.name(errno);
        String advice = advice(op, path, name);
        if (advice != null) {
            return name + ": " + advice;
        }
        return name + ": cannot " + op.verb + " " + path + ": " + Errno.describe(errno);
    }

    private static String advice(Operation op, Path path, String errno) {
        switch (errno) {
            case "ENOENT":
                return op == Operation.OPEN
                        ? path + " does not exist; is the logger module loaded? (sudo insmod logger.ko)"
                        : null;
            case "EACCES":
                return "permission denied on " + path
                        + "; it should be mode 0666 (crw-rw-rw-): check udev rules or run as a user who may open it";
            case "ENODEV":
            case "ENXIO":
                return path + " has no driver behind it; was the logger module unloaded?";
            case "ENOTTY":
                return path + " is not a logger device, or speaks another ABI (this binding speaks version "
                        + LoggerAbi.ABI_VERSION + ")";
            case "EPERM":
                return op == Operation.CLEAR
                        ? "clearing " + path + " needs CAP_SYSLOG or CAP_SYS_ADMIN; run as root or grant one of them"
                        : "operation not permitted on " + path;
            case "EMSGSIZE":
                return "the record is larger than the device's max_payload, or the batch than its max_batch"
                        + " (see /sys/class/misc/logger/max_payload and max_batch)";
            case "EINVAL":
                if (op == Operation.READ) {
                    return "the read buffer is smaller than the next record of " + path;
                }
                return op == Operation.WRITE
                        ? "the batch written to " + path + " is not well-formed frames (struct logger_frame in <linux/logger.h>)"
                        : "invalid argument to " + op.verb + " " + path;
            case "EIO":
                return "I/O error on " + path + "; see the kernel log (dmesg)";
            default:
                return null;
        }
    }
}
