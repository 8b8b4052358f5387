package io.github.kernellogger.reader.command;

import io.github.kernellogger.reader.output.Listings;
import io.github.kernellogger.reader.output.OutputFormat;
import io.github.kernellogger.reader.read.CgroupNames;
import io.github.kernellogger.reader.read.ReadLoop;
import io.github.kernellogger.reader.read.ReadPlan;
import io.github.kernellogger.reader.read.RecordSink;
import java.io.IOException;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code logger-reader}, the root command: dumps the log, or follows it, like dmesg; the other
 * commands are subcommands of their own. What to read and how is {@link ReadOptions}; the
 * reading is {@link ReadLoop}'s. On a terminal a dump goes through a {@link Pager}.
 */
@Command(name = "logger-reader",
        header = "Read the log of /dev/logger, as dmesg and journalctl read theirs.",
        mixinStandardHelpOptions = true,
        versionProvider = ManifestVersion.class,
        abbreviateSynopsis = true,
        showDefaultValues = true,
        sortOptions = false,
        usageHelpAutoWidth = true,
        description = {
            "Reads /dev/logger: prints the records it holds and exits, like dmesg, or follows "
                    + "new ones (-f). Lost records are never silent: a seq jump prints "
                    + "'-- N records lost (...) --'. On a terminal a dump goes through a pager "
                    + "(less, as journalctl's).",
            "Readers without CAP_SYSLOG see only records written with their own uid."},
        exitCodeListHeading = ExitCode.HEADING,
        exitCodeList = {ExitCode.OK_TEXT, ExitCode.ERROR_TEXT, ExitCode.USAGE_TEXT, ExitCode.LOSS_TEXT},
        footerHeading = "%nExamples:%n",
        footer = {
            "  logger-reader -p err -n 20             the last 20 records of err or worse",
            "  logger-reader -f -u payments           follow the records of payments.service",
            "  logger-reader 'com.acme.*:W' -o json   com.acme's warnings and worse, as JSON",
            "  logger-reader _PID=4242 + TAG=audit    pid 4242's records, and audit's",
            "",
            "More: man logger-reader (every option, the rules of the arguments, the formats,",
            "examples), man logger-reader-COMMAND; in the source, docs/reader.md."},
        subcommands = {StatsCommand.class, ClearCommand.class, JmxCommand.class, ForwardCommand.class,
            CompletionCommand.class})
public final class MainCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    GlobalOptions global;

    @Mixin
    ReadOptions read;

    private final Streams streams;

    /** The root's options that are not about reading, for the subcommands. */
    GlobalOptions global() {
        return global;
    }

    public MainCommand(Streams streams) {
        this.streams = streams;
    }

    @Override
    public Integer call() throws IOException {
        ReadPlan plan = read.plan(spec.commandLine(), global.device, streams.in());
        OutputFormat format = read.format();
        if (format.isBinary() && streams.terminal()) {
            throw new ParameterException(spec.commandLine(), format.notForTerminal());
        }
        Pager pager = null;
        StandardOutput out = streams.out();
        if (streams.terminal() && !read.output().noPager && plan.mode() == ReadPlan.Mode.DUMP) {
            pager = Pager.start(System.getenv(), read.output().pagerEnd);
            if (pager != null) {
                out = pager.input();
            }
        }
        boolean color = global.color.resolve(streams.terminal()) || read.logcatColor();
        RecordSink sink = sink(format, out, color);
        if (streams.terminal() && plan.mode() == ReadPlan.Mode.DUMP && format.isForPeople() && !read.output().quiet
                && !read.listsWhatTheLogHolds()) {
            sink = new NoEntries(sink, out);
        }
        ReadLoop loop = new ReadLoop(plan, sink);
        Thread hook = null;
        if (streams.handleSignals()) {
            Pager shown = pager;
            hook = new Thread(() -> {
                loop.shutDown();
                if (shown != null) {
                    shown.finish();
                }
                // Ended by Ctrl-C or SIGTERM after a clean stop: that is success, not 130.
                Runtime.getRuntime().halt(ExitCode.OK);
            }, "logger-reader shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
        }
        try {
            loop.run();
        } finally {
            if (pager != null) {
                pager.finish();
            }
            if (hook != null) {
                Runtime.getRuntime().removeShutdownHook(hook);
            }
        }
        notes(plan.cgroups());
        long lost = loop.lost();
        if (lost > 0) {
            if (!read.output().quiet) {
                streams.err().println("logger-reader: " + lost + " record" + (lost == 1 ? " was" : "s were")
                        + " lost before they were read (overwritten as the ring wrapped)");
            }
            if (read.output().failOnLoss) {
                return ExitCode.LOSS;
            }
        }
        return ExitCode.OK;
    }

    /** What prints: a listing of what the log holds, or the records in their format. */
    private RecordSink sink(OutputFormat format, StandardOutput out, boolean color) {
        ReadOptions.Views v = read.views();
        if (v.field != null) {
            return Listings.fieldValues(out, v.field);
        }
        if (v.fields) {
            return Listings.fieldNames(out);
        }
        if (v.listLoads) {
            return Listings.loads(out, read.zone());
        }
        return format.open(out, color, read.zone(), read.outputFields());
    }

    /** The cgroups of records that could not be named: said once, at the end, unless -q. */
    private void notes(CgroupNames cgroups) {
        Set<Long> unnamed = cgroups.unnamed();
        if (unnamed.isEmpty() || read.output().quiet) {
            return;
        }
        String ids = unnamed.stream().limit(5).map(String::valueOf).collect(Collectors.joining(", "))
                + (unnamed.size() > 5 ? " and " + (unnamed.size() - 5) + " more" : "");
        streams.err().println("logger-reader: the cgroup" + (unnamed.size() == 1 ? " " : "s ") + ids
                + " of some records cannot be named: " + cgroups.whyUnnamed() + "; they show _CGROUP_ID alone");
    }
}
