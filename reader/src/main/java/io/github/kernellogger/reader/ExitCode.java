package io.github.kernellogger.reader;

/** The exit codes of logger-reader, in one place. */
public final class ExitCode {
    private ExitCode() {}

    /** Done; also after Ctrl-C, SIGTERM or a closed pipe ends a follow. */
    public static final int OK = 0;
    /** The device or the JVM to inspect could not be used: missing, permission, I/O. */
    public static final int ERROR = 1;
    /** A bad option or argument. */
    public static final int USAGE = 2;
    /** Records were lost before they were read, and --fail-on-loss was given. */
    public static final int LOSS = 3;

    /** The help text's footer. */
    static final String SUMMARY = "Exit codes: 0 done; 1 device or JVM unusable (missing, "
            + "no permission, I/O); 2 bad usage; 3 records lost, with --fail-on-loss.";
}
