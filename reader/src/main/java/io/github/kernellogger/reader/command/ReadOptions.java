package io.github.kernellogger.reader.command;

import io.github.kernellogger.device.SyslogLevel;
import io.github.kernellogger.reader.output.OutputFormat;
import io.github.kernellogger.reader.read.CursorFile;
import io.github.kernellogger.reader.read.ReadLoop;
import io.github.kernellogger.reader.read.RecordFilter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * What the root command reads and how it prints it: where to start, which records, in which
 * format, and whether to follow. {@link #loop} checks that the options go together and makes
 * the {@link ReadLoop} they describe.
 */
final class ReadOptions {

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
    OutputFormat format;

    @Option(names = "--fail-on-loss", description = "Exit with code 3 if records were lost "
            + "before they were read.")
    boolean failOnLoss;

    @Option(names = "--read-clear", description = "After the dump, clear the device up to the "
            + "last record printed (needs CAP_SYSLOG; not with -f).")
    boolean readClear;

    /**
     * The read loop these options describe, printing to {@code out}.
     *
     * @throws ParameterException if options do not go together
     * @throws IOException if the cursor file cannot be kept
     */
    ReadLoop loop(CommandLine cmd, GlobalOptions global, OutputStream out) throws IOException {
        if ((poll || timeout != null) && !follow) {
            throw new ParameterException(cmd, "--poll and --timeout go with -f");
        }
        if (timeout != null && !poll) {
            throw new ParameterException(cmd,
                    "--timeout needs --poll (a blocking follow cannot watch a clock)");
        }
        if (readClear && follow) {
            throw new ParameterException(cmd, "--read-clear is for a dump, not -f");
        }
        ReadLoop.Mode mode = !follow ? ReadLoop.Mode.DUMP
                : poll ? ReadLoop.Mode.POLL : ReadLoop.Mode.FOLLOW;
        ReadLoop.Start where = start(cmd);
        if (where instanceof ReadLoop.Cursor cursor) {
            cursor.file().checkWritable();
        }
        return new ReadLoop(global.device, mode, timeout, where, filter(cmd),
                format.open(out, global.color.resolve(), ZoneId.systemDefault()), readClear);
    }

    private ReadLoop.Start start(CommandLine cmd) {
        if (start == null) {
            return new ReadLoop.Oldest();
        }
        if (start.lines != null) {
            if (start.lines < 0) {
                throw new ParameterException(cmd, "-n takes a count of 0 or more");
            }
            return new ReadLoop.Last(start.lines);
        }
        if (start.newOnly) {
            return new ReadLoop.Newest();
        }
        if (start.afterSeq != null) {
            if (start.afterSeq < 0) {
                throw new ParameterException(cmd, "--after-seq takes a seq of 0 or more");
            }
            return new ReadLoop.After(start.afterSeq);
        }
        return new ReadLoop.Cursor(new CursorFile(start.cursorFile));
    }

    private RecordFilter filter(CommandLine cmd) {
        Pattern regex = null;
        if (grep != null) {
            try {
                regex = Pattern.compile(grep);
            } catch (PatternSyntaxException e) {
                throw new ParameterException(cmd,
                        "--grep '" + grep + "' is not a regular expression: " + e.getDescription());
            }
        }
        return new RecordFilter(level, pid, uid, comm, regex, since, until);
    }

}
