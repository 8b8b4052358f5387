package io.github.kernellogger.reader.command;

import picocli.CommandLine;
import picocli.CommandLine.IExecutionStrategy;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * Runs the command given, as picocli's RunLast does, after one check: what comes before a
 * subcommand's name belongs to the root command, which reads the log, and is ignored when a
 * subcommand runs. So an option given there must be one the subcommand takes too
 * ({@code --device X stats}); any other ({@code --file X stats}, {@code -p err clear}) is an
 * error, rather than a request silently dropped.
 */
public final class OptionsBeforeSubcommand implements IExecutionStrategy {
    private final IExecutionStrategy run = new CommandLine.RunLast();

    @Override
    public int execute(ParseResult parseResult) {
        if (parseResult.hasSubcommand() && !parseResult.isUsageHelpRequested() && !parseResult.isVersionHelpRequested()) {
            check(parseResult, parseResult.subcommand());
        }
        return run.execute(parseResult);
    }

    private static void check(ParseResult root, ParseResult sub) {
        CommandLine subcommand = sub.commandSpec().commandLine();
        String name = sub.commandSpec().name();
        for (OptionSpec o : root.matchedOptions()) {
            if (sub.commandSpec().findOption(o.longestName()) == null) {
                throw new ParameterException(subcommand, o.longestName() + " is an option of reading the log "
                        + "(logger-reader " + o.longestName() + " ...), not of '" + name + "'"
                        + (o.longestName().equals("--file") && name.equals("stats")
                                ? ": for what a saved log holds, logger-reader --file FILE --list-loads" : ""));
            }
        }
        if (!root.matchedPositionals().isEmpty()) {
            throw new ParameterException(subcommand, "'" + root.matchedPositionals().get(0).stringValues().get(0)
                    + "' is a filter of reading the log, not an argument of '" + name + "': give it after "
                    + "logger-reader alone");
        }
    }
}
