package io.github.kernellogger.reader;

import io.github.kernellogger.reader.command.CommandFactory;
import io.github.kernellogger.reader.command.ExitCode;
import io.github.kernellogger.reader.command.MainCommand;
import io.github.kernellogger.reader.command.OptionsBeforeSubcommand;
import io.github.kernellogger.reader.command.OutputException;
import io.github.kernellogger.reader.command.StandardOutput;
import io.github.kernellogger.reader.command.Streams;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/**
 * {@code logger-reader}: the entry point, as JUnit's console launcher is its own: it builds the
 * command line ({@link MainCommand} and its subcommands), hands every failure to the one
 * exit-code mapping ({@link ExitCode}) and says it in one line, and is the only caller of
 * {@code System.exit}.
 */
public final class LoggerReader {
    private LoggerReader() {}

    public static void main(String[] args) {
        // JNA unpacks its native part; somewhere writable even on a read-only home.
        if (System.getProperty("jna.tmpdir") == null) {
            System.setProperty("jna.tmpdir", System.getProperty("java.io.tmpdir"));
        }
        System.exit(execute(args, Streams.standard()));
    }

    /**
     * Runs one command line with these streams and returns its exit code. {@code out} is taken
     * for no terminal: --color=auto does not color.
     *
     * @param handleSignals end a follow cleanly on Ctrl-C or SIGTERM (a shutdown hook that
     *     halts the JVM with 0): only for the real process, never in tests
     */
    public static int execute(String[] args, OutputStream out, PrintStream err, boolean handleSignals) {
        return execute(args, InputStream.nullInputStream(), out, err, handleSignals);
    }

    /** The same, with {@code in} as standard input (for {@code --file -}). */
    public static int execute(String[] args, InputStream in, OutputStream out, PrintStream err,
            boolean handleSignals) {
        return execute(args, new Streams(new StandardOutput(out), err, in, false, handleSignals));
    }

    private static int execute(String[] args, Streams streams) {
        int code = commandLine(streams).execute(args);
        try {
            streams.out().flush();
        } catch (IOException e) {
            // Kept in failure(), below.
        }
        OutputException failure = streams.out().failure();
        if (code == ExitCode.OK && failure != null && !failure.pipeClosed()) {
            // Output through picocli's PrintWriter (help, version), which swallows errors.
            streams.err().println("logger-reader: " + failure.getMessage());
            return ExitCode.ERROR;
        }
        return code;
    }

    static CommandLine commandLine(Streams streams) {
        CommandFactory factory = new CommandFactory(streams);
        CommandLine cmd;
        try {
            cmd = new CommandLine(factory.create(MainCommand.class), factory);
        } catch (Exception e) {
            throw new IllegalStateException("cannot make the command line", e);
        }
        ExitCode exitCodes = new ExitCode();
        PrintStream err = streams.err();
        cmd.setOut(new PrintWriter(streams.out(), true, StandardCharsets.UTF_8));
        cmd.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
        cmd.setExitCodeExceptionMapper(exitCodes);
        cmd.setExecutionStrategy(new OptionsBeforeSubcommand());
        cmd.setParameterExceptionHandler((ex, args) -> {
            err.println("logger-reader: " + ex.getMessage() + " (see logger-reader"
                    + subcommandOf(ex.getCommandLine()) + " --help)");
            return exitCodes.getExitCode(ex);
        });
        cmd.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            if (!ExitCode.isExpected(ex)) {
                throw ex; // a bug: picocli prints its stack trace
            }
            if (!ExitCode.isQuiet(ex)) {
                err.println("logger-reader: " + ex.getMessage());
            }
            return exitCodes.getExitCode(ex);
        });
        return cmd;
    }

    private static String subcommandOf(CommandLine cmd) {
        return cmd.getParent() == null ? "" : " " + cmd.getCommandName();
    }
}
