package io.github.kernellogger.reader.command;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.AutoComplete;
import picocli.CommandLine;

/**
 * The bash completion of logger-reader: picocli's, made from the command classes (options,
 * subcommands, the values of -o, --color, -p), and after it {@code log-completion.bash}, which
 * offers what the log holds (field names, tags, units, containers, a field's values) by asking
 * logger-reader itself ({@code -N}, {@code -F}), as journalctl's completion asks journalctl.
 * The build writes it for make install ({@link #main}); {@code generate-completion} prints it.
 */
public final class BashCompletion {
    private BashCompletion() {}

    /** The script for the command line {@code root}. */
    static String script(CommandLine root) {
        try (InputStream log = BashCompletion.class.getResourceAsStream("log-completion.bash")) {
            if (log == null) {
                throw new IllegalStateException("log-completion.bash is missing from the jar");
            }
            return AutoComplete.bash("logger-reader", root) + new String(log.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read log-completion.bash from the jar", e);
        }
    }

    /** Writes the script to the file {@code args[0]}, for the build. */
    public static void main(String[] args) throws Exception {
        CommandFactory factory = new CommandFactory();
        CommandLine root = new CommandLine(factory.create(MainCommand.class), factory);
        Files.writeString(Path.of(args[0]), script(root), StandardCharsets.UTF_8);
    }
}
