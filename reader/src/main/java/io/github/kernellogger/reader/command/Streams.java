package io.github.kernellogger.reader.command;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;

/**
 * The streams a run of logger-reader writes to, handed to each command by
 * {@link CommandFactory}: standard output and error of the process, or a test's buffers.
 *
 * @param terminal whether {@code out} is a terminal, which decides colors under --color=auto
 * @param handleSignals end a follow cleanly on Ctrl-C or SIGTERM (a shutdown hook): only for the
 *     real process, never in tests
 */
public record Streams(StandardOutput out, PrintStream err, boolean terminal, boolean handleSignals) {

    /** The process's own streams. */
    public static Streams standard() {
        return new Streams(new StandardOutput(new FileOutputStream(FileDescriptor.out)), System.err,
                Terminal.stdoutIsTerminal(), true);
    }
}
