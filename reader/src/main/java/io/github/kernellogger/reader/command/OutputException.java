package io.github.kernellogger.reader.command;

import io.github.kernellogger.device.Errno;
import java.io.IOException;

/**
 * A write to standard output failed: a full disk ({@code > /dev/full}), an I/O error, or a
 * reader that went away ({@code | head}). The message names the reason and its errno.
 */
public final class OutputException extends IOException {
    private static final long serialVersionUID = 1L;

    private final int errno;

    OutputException(IOException cause) {
        this(cause, Errno.fromDescription(cause.getMessage()));
    }

    private OutputException(IOException cause, int errno) {
        super("cannot write to standard output: " + cause.getMessage()
                + (errno > 0 ? " (" + Errno.name(errno) + ")" : ""), cause);
        this.errno = errno;
    }

    /**
     * Whether the reading end of a pipe closed (EPIPE): the user stopped reading, as with
     * {@code | head}; that ends a run quietly, as SIGPIPE ends other tools.
     */
    public boolean pipeClosed() {
        return errno == Errno.EPIPE;
    }
}
