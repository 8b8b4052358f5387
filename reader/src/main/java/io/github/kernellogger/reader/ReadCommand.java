package io.github.kernellogger.reader;

import io.github.kernellogger.device.SyslogLevel;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import picocli.AutoComplete.GenerateCompletion;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/** The root command: dump the log, or follow it, like dmesg. */
@Command(name = "logger-reader",
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
        footer = {"", ExitCode.SUMMARY},
        subcommands = {StatsCommand.class, ClearCommand.class, JmxCommand.class,
            GenerateCompletion.class})
final class ReadCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    DeviceOption device;

    @Option(names = {"-f", "--follow"}, description = "After the records held, wait for new ones "
            + "(blocking reads) until Ctrl-C or SIGTERM.")
    boolean follow;

    @Option(names = "--poll", description = "With -f: wait with poll() instead, so that "
            + "--timeout can end the follow.")
    boolean poll;

    @Option(names = "--timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "With -f --poll: stop after this long (30s, 5m, 1h, or ISO PT30S).")
    Duration timeout;

    /** Where to start: one of these, or the oldest record held. */
    static final class StartOptions {
        @Option(names = {"-n", "--lines"}, paramLabel = "K",
                description = "Only the last K records.")
        Long lines;

        @Option(names = "--new", description = "Only records written from now on.")
        boolean newOnly;

        @Option(names = "--after-seq", paramLabel = "SEQ",
                description = "Resume right after this seq (one you saved earlier).")
        Long afterSeq;

        @Option(names = "--cursor-file", paramLabel = "FILE", description = "Resume after the "
                + "seq stored in FILE, and keep it there, updated atomically as records are read.")
        Path cursorFile;
    }

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    StartOptions start;

    @Option(names = {"-l", "--level"}, paramLabel = "LEVEL", converter = LevelConverter.class,
            description = "Only this level or more severe: emerg, alert, crit, err, warning, "
                    + "notice, info, debug, 0..7, or Log4j names (fatal, error, warn, trace).")
    SyslogLevel level;

    @Option(names = "--pid", paramLabel = "PID", description = "Only records of this process.")
    Integer pid;

    @Option(names = "--uid", paramLabel = "UID", description = "Only records of this user id.")
    Long uid;

    @Option(names = "--comm", paramLabel = "NAME",
            description = "Only records of writer threads with this name.")
    String comm;

    @Option(names = {"-g", "--grep"}, paramLabel = "REGEX",
            description = "Only records whose message matches (Java regex, anywhere in it).")
    String grep;

    @Option(names = "--since", paramLabel = "TIME", converter = TimeSpec.class,
            description = "Only records from this time on: ISO time (2026-11-25T16:04:22Z, "
                    + "2026-11-25 16:04), a date, or a span ago (10m, 2h, 1d).")
    Instant since;

    @Option(names = "--until", paramLabel = "TIME", converter = TimeSpec.class,
            description = "Only records up to this time, as for --since.")
    Instant until;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "short",
            converter = FormatConverter.class,
            description = "short (local time, level, comm[pid/tid], message), json (one object "
                    + "a line), or raw (the payload only).")
    RecordPrinter.Format format;

    @Option(names = "--color", paramLabel = "WHEN", defaultValue = "auto",
            description = "Color short output by level: auto (on a terminal, unless NO_COLOR is "
                    + "set), always, never.")
    String color;

    @Option(names = "--fail-on-loss", description = "Exit with code 3 if records were lost "
            + "before they were read.")
    boolean failOnLoss;

    @Option(names = "--read-clear", description = "After the dump, clear the device up to the "
            + "last record printed (needs CAP_SYSLOG; not with -f).")
    boolean readClear;

    private final PrintStream out;
    private final PrintStream err;
    private final boolean handleSignals;

    ReadCommand(PrintStream out, PrintStream err, boolean handleSignals) {
        this.out = out;
        this.err = err;
        this.handleSignals = handleSignals;
    }

    @Override
    public Integer call() throws Exception {
        if ((poll || timeout != null) && !follow) {
            throw new ParameterException(spec.commandLine(), "--poll and --timeout go with -f");
        }
        if (timeout != null && !poll) {
            throw new ParameterException(spec.commandLine(),
                    "--timeout needs --poll (a blocking follow cannot watch a clock)");
        }
        if (readClear && follow) {
            throw new ParameterException(spec.commandLine(), "--read-clear is for a dump, not -f");
        }
        ReadLoop.Mode mode = !follow ? ReadLoop.Mode.DUMP
                : poll ? ReadLoop.Mode.POLL : ReadLoop.Mode.FOLLOW;
        ReadLoop loop = new ReadLoop(device.device, mode, timeout, start(), filter(),
                format.open(out, useColor(), ZoneId.systemDefault()), out, readClear);
        Thread hook = null;
        if (handleSignals) {
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
        if (loop.lost() > 0 && !loop.pipeClosed()) {
            err.println("logger-reader: " + loop.lost() + " record" + (loop.lost() == 1 ? " was" : "s were")
                    + " lost before they were read (overwritten as the ring wrapped)");
            if (failOnLoss) {
                return ExitCode.LOSS;
            }
        }
        return ExitCode.OK;
    }

    private ReadLoop.Start start() {
        if (start == null) {
            return new ReadLoop.Oldest();
        }
        if (start.lines != null) {
            if (start.lines < 0) {
                throw new ParameterException(spec.commandLine(), "-n takes a count of 0 or more");
            }
            return new ReadLoop.Last(start.lines);
        }
        if (start.newOnly) {
            return new ReadLoop.Newest();
        }
        if (start.afterSeq != null) {
            if (start.afterSeq < 0) {
                throw new ParameterException(spec.commandLine(), "--after-seq takes a seq of 0 or more");
            }
            return new ReadLoop.After(start.afterSeq);
        }
        return new ReadLoop.Cursor(new CursorFile(start.cursorFile));
    }

    private RecordFilter filter() {
        Pattern regex = null;
        if (grep != null) {
            try {
                regex = Pattern.compile(grep);
            } catch (PatternSyntaxException e) {
                throw new ParameterException(spec.commandLine(),
                        "--grep '" + grep + "' is not a regular expression: " + e.getDescription());
            }
        }
        return new RecordFilter(level, pid, uid, comm, regex, since, until);
    }

    private boolean useColor() {
        switch (color) {
            case "always":
                return true;
            case "never":
                return false;
            case "auto":
                String noColor = System.getenv("NO_COLOR");
                return (noColor == null || noColor.isEmpty()) && Terminal.stdoutIsTerminal();
            default:
                throw new ParameterException(spec.commandLine(),
                        "--color takes auto, always or never, not '" + color + "'");
        }
    }

    static final class LevelConverter implements ITypeConverter<SyslogLevel> {
        @Override
        public SyslogLevel convert(String value) {
            return SyslogLevel.parse(value).orElseThrow(() -> new TypeConversionException(
                    "'" + value + "' is not a level: use emerg, alert, crit, err, warning, notice, "
                            + "info, debug, 0..7, fatal, error, warn or trace"));
        }
    }

    static final class FormatConverter implements ITypeConverter<RecordPrinter.Format> {
        @Override
        public RecordPrinter.Format convert(String value) {
            try {
                return RecordPrinter.Format.valueOf(value.toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException("'" + value + "' is not a format: use short, json or raw");
            }
        }
    }

    static final class DurationConverter implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            String v = value.trim();
            try {
                if (v.startsWith("P") || v.startsWith("p")) {
                    return Duration.parse(v);
                }
                long n = Long.parseLong(v.substring(0, v.length() - 1));
                return switch (v.charAt(v.length() - 1)) {
                    case 's' -> Duration.ofSeconds(n);
                    case 'm' -> Duration.ofMinutes(n);
                    case 'h' -> Duration.ofHours(n);
                    default -> throw new NumberFormatException();
                };
            } catch (RuntimeException e) {
                throw new TypeConversionException("'" + value + "' is not a duration: use 30s, 5m, 1h or PT30S");
            }
        }
    }
}
