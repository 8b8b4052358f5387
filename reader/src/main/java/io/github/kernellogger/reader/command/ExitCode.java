package io.github.kernellogger.reader.command;

import io.github.kernellogger.reader.forward.ConfigException;
import java.io.IOException;
import picocli.CommandLine.IExitCodeExceptionMapper;
import picocli.CommandLine.ParameterException;

/**
 * The exit codes of logger-reader, and the one mapping from what went wrong to them. Commands
 * return {@link #OK} or {@link #LOSS}; everything else is an exception that
 * {@link #getExitCode} turns into a code.
 */
public final class ExitCode implements IExitCodeExceptionMapper {

    /** Done; also after Ctrl-C, SIGTERM or a closed pipe ends a run. */
    public static final int OK = 0;
    /**
     * The device, a file, standard output or the JVM to inspect could not be used: missing,
     * permission, I/O, a full disk.
     */
    public static final int ERROR = 1;
    /** A bad option or argument, or a forwarder's configuration that cannot be used. */
    public static final int USAGE = 2;
    /** Records were lost before they were read, and --fail-on-loss was given. */
    public static final int LOSS = 3;

    /** The heading of the exit codes in help and of the man pages' EXIT STATUS. */
    static final String HEADING = "%nExit status:%n";
    /** The exit codes, as picocli's exitCodeList wants them: "code:what". */
    static final String OK_TEXT = "0:done; also after Ctrl-C, SIGTERM, or a closed pipe (| head)";
    static final String ERROR_TEXT = "1:the device, a file, standard output or the JVM could not be "
            + "used (missing, no permission, I/O, a full disk): one line says which and why";
    static final String USAGE_TEXT = "2:bad usage: one line says what";
    static final String LOSS_TEXT = "3:records were lost before they were read, with --fail-on-loss";

    @Override
    public int getExitCode(Throwable failure) {
        if (failure instanceof ParameterException || failure instanceof ConfigException) {
            return USAGE;
        }
        if (isQuiet(failure)) {
            return OK;
        }
        return ERROR;
    }

    /**
     * Whether {@code failure} ends a run without a word: the reader of our output went away
     * ({@code | head}), as SIGPIPE ends other tools, with nothing left to say to anyone.
     */
    public static boolean isQuiet(Throwable failure) {
        return failure instanceof OutputException o && o.pipeClosed();
    }

    /**
     * Whether {@code failure} is one the user can act on, said in one line (a missing device, a
     * JVM that cannot be attached to, a file that cannot be written), rather than a bug whose
     * stack trace is worth printing.
     */
    public static boolean isExpected(Throwable failure) {
        return failure instanceof IOException || failure instanceof JmxCommand.JmxException
                || failure instanceof ParameterException || failure instanceof ConfigException;
    }
}
