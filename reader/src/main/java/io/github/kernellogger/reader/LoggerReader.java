package io.github.kernellogger.reader;

import io.github.kernellogger.device.LoggerDeviceException;
import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.lang.reflect.Constructor;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;
import picocli.CommandLine.IFactory;

/**
 * {@code logger-reader}: the entry point. The one place that turns outcomes into exit codes
 * ({@link ExitCode}) and the only caller of {@code System.exit}.
 */
public final class LoggerReader {
    private LoggerReader() {}

    public static void main(String[] args) {
        // JNA unpacks its native part; somewhere writable even on a read-only home.
        if (System.getProperty("jna.tmpdir") == null) {
            System.setProperty("jna.tmpdir", System.getProperty("java.io.tmpdir"));
        }
        PrintStream out = new PrintStream(new BufferedOutputStream(
                new FileOutputStream(FileDescriptor.out), 1 << 16), false, StandardCharsets.UTF_8);
        int code = execute(args, out, System.err, true);
        out.flush();
        System.exit(code);
    }

    /**
     * Runs one command line with these streams and returns its exit code.
     *
     * @param handleSignals end a follow cleanly on Ctrl-C or SIGTERM (a shutdown hook that
     *     halts the JVM with 0): only for the real process, never in tests
     */
    public static int execute(String[] args, PrintStream out, PrintStream err, boolean handleSignals) {
        return commandLine(out, err, handleSignals).execute(args);
    }

    static CommandLine commandLine(PrintStream out, PrintStream err, boolean handleSignals) {
        IFactory defaults = CommandLine.defaultFactory();
        IFactory factory = new IFactory() {
            @Override
            public <K> K create(Class<K> cls) throws Exception {
                try {
                    Constructor<K> c = cls.getDeclaredConstructor(PrintStream.class, PrintStream.class);
                    return c.newInstance(out, err);
                } catch (NoSuchMethodException e) {
                    return defaults.create(cls);
                }
            }
        };
        CommandLine cmd = new CommandLine(new ReadCommand(out, err, handleSignals), factory);
        cmd.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
        cmd.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
        cmd.setParameterExceptionHandler((ex, args) -> {
            err.println("logger-reader: " + ex.getMessage() + " (see logger-reader"
                    + subcommandOf(ex.getCommandLine()) + " --help)");
            return ExitCode.USAGE;
        });
        cmd.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            out.flush();
            if (ex instanceof LoggerDeviceException || ex instanceof JmxCommand.JmxException) {
                err.println("logger-reader: " + ex.getMessage());
                return ExitCode.ERROR;
            }
            if (ex instanceof java.io.IOException) {
                err.println("logger-reader: " + ex.getMessage());
                return ExitCode.ERROR;
            }
            throw ex;
        });
        return cmd;
    }

    private static String subcommandOf(CommandLine cmd) {
        return cmd.getParent() == null ? "" : " " + cmd.getCommandName();
    }
}
