package io.github.kernellogger.reader.command;

import io.github.kernellogger.reader.read.ReadLoop;
import io.github.kernellogger.reader.read.ReadPlan;
import io.github.kernellogger.reader.read.RecordSink;
import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.AutoComplete.GenerateCompletion;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code logger-reader}, the root command: dumps the log, or follows it, like dmesg; the other
 * commands are subcommands of their own. What to read and how is {@link ReadOptions}; the
 * reading is {@link ReadLoop}'s.
 */
@Command(name = "logger-reader",
        header = "Read the log of /dev/logger, as dmesg and journalctl read theirs.",
        mixinStandardHelpOptions = true,
        versionProvider = ManifestVersion.class,
        showDefaultValues = true,
        sortOptions = false,
        usageHelpAutoWidth = true,
        description = {
            "Reads /dev/logger: prints the records it holds and exits, like dmesg, or follows "
                    + "new ones (-f). Lost records are never silent: a seq jump prints "
                    + "'-- N records lost (...) --'.",
            "Readers without CAP_SYSLOG see only records written with their own uid."},
        exitCodeListHeading = ExitCode.HEADING,
        exitCodeList = {ExitCode.OK_TEXT, ExitCode.ERROR_TEXT, ExitCode.USAGE_TEXT, ExitCode.LOSS_TEXT},
        subcommands = {StatsCommand.class, ClearCommand.class, JmxCommand.class, ForwardCommand.class,
            GenerateCompletion.class})
public final class MainCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    GlobalOptions global;

    @Mixin
    ReadOptions read;

    private final Streams streams;

    /** The options every command takes, for the subcommands. */
    GlobalOptions global() {
        return global;
    }

    public MainCommand(Streams streams) {
        this.streams = streams;
    }

    @Override
    public Integer call() throws IOException {
        ReadPlan plan = read.plan(spec.commandLine(), global.device, streams.in());
        if (read.format.isBinary() && streams.terminal()) {
            throw new ParameterException(spec.commandLine(), read.format.notForTerminal());
        }
        RecordSink sink = read.format.open(streams.out(), global.color.resolve(streams.terminal()), read.zone());
        ReadLoop loop = new ReadLoop(plan, sink);
        Thread hook = null;
        if (streams.handleSignals()) {
            hook = new Thread(() -> {
                loop.shutDown();
                // Ended by Ctrl-C or SIGTERM after a clean stop: that is success, not 130.
                Runtime.getRuntime().halt(ExitCode.OK);
            }, "logger-reader shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
        }
        try {
            loop.run();
        } finally {
            if (hook != null) {
                Runtime.getRuntime().removeShutdownHook(hook);
            }
        }
        long lost = loop.lost();
        if (lost > 0) {
            streams.err().println("logger-reader: " + lost + " record" + (lost == 1 ? " was" : "s were")
                    + " lost before they were read (overwritten as the ring wrapped)");
            if (read.failOnLoss) {
                return ExitCode.LOSS;
            }
        }
        return ExitCode.OK;
    }
}
