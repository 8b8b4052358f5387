package io.github.kernellogger.reader.command;

import io.github.kernellogger.reader.output.OutputFormat;
import io.github.kernellogger.reader.read.CursorFile;
import io.github.kernellogger.reader.read.FieldMatches;
import io.github.kernellogger.reader.read.FilterSpecs;
import io.github.kernellogger.reader.read.Input;
import io.github.kernellogger.reader.read.PriorityRange;
import io.github.kernellogger.reader.read.ReadPlan;
import io.github.kernellogger.reader.read.ReadPlan.Mode;
import io.github.kernellogger.reader.read.RecordFilter;
import io.github.kernellogger.reader.read.Start;
import io.github.kernellogger.reader.read.TagPattern;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.regex.PatternSyntaxException;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/**
 * What the root command reads and how it prints it: where to start, which records, in which
 * format, and whether to follow. {@link #plan} checks that the options go together and turns
 * them into the {@link ReadPlan} they describe.
 */
final class ReadOptions {

    @Option(order = 10, names = {"-f", "--follow"}, description = "After the records held, wait for new ones "
            + "(blocking reads) until Ctrl-C or SIGTERM.")
    boolean follow;

    @Option(order = 11, names = "--poll", description = "With -f: wait with poll() instead, so that "
            + "--timeout can end the follow.")
    boolean poll;

    @Option(order = 12, names = "--timeout", paramLabel = "SPAN", converter = TimeGrammar.Span.class,
            description = "With -f --poll: stop after this long, a time span as journalctl "
                    + "takes them: 30s, 5min, '1h 30min', 1.5h, 90 (seconds).")
    Duration timeout;

    /** Where to start when there is no cursor to resume from: one of these, or the oldest. */
    static final class StartOptions {
        @Option(order = 20, names = {"-n", "--lines"}, paramLabel = "K",
                description = "Only the last K records.")
        Long lines;

        @Option(order = 21, names = "--new", description = "Only records written from now on.")
        boolean newOnly;

        @Option(order = 22, names = "--after-seq", paramLabel = "SEQ",
                description = "Resume right after this seq (one you saved earlier).")
        Long afterSeq;
    }

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    StartOptions start;

    @Option(order = 23, names = "--cursor-file", paramLabel = "FILE", description = "Resume after the "
            + "cursor stored in FILE, and keep it there, updated atomically as records are read. "
            + "While FILE does not exist, start as -n, --new or --after-seq say. After the module "
            + "was reloaded (the cursor holds its load id), read from the oldest record.")
    Path cursorFile;

    @Option(order = 30, names = {"-p", "--priority", "-l", "--level"}, paramLabel = "PRIORITY",
            converter = PriorityConverter.class, completionCandidates = LevelNames.class,
            description = "Only this level or more severe, or the levels FROM..TO (err..warning, "
                    + "3..4), as journalctl's -p. Levels: ${COMPLETION-CANDIDATES}, 0..7, or "
                    + "Log4j's fatal, error, warn, trace.")
    PriorityRange priority;

    @Option(order = 31, names = "--pid", paramLabel = "PID", description = "Only records of this process.")
    Integer pid;

    @Option(order = 32, names = "--uid", paramLabel = "UID", description = "Only records of this user id.")
    Long uid;

    @Option(order = 33, names = "--comm", paramLabel = "NAME",
            description = "Only records of writer threads with this name.")
    String comm;

    @Option(order = 34, names = {"-t", "--tag"}, paramLabel = "TAG",
            description = "Only records with this tag: their TAG field (the appender's logger), or "
                    + "the writer's comm where they have none. '*' matches any run of characters "
                    + "(com.acme.*). Several -t: any of them.")
    List<String> tags;

    @Parameters(paramLabel = "FILTER", arity = "0..*",
            description = {"KEY=VALUE: only records whose field KEY is VALUE, as journalctl "
                    + "matches (TAG=com.acme.Payments, THREAD=main, _PID=4242, PRIORITY=3: the "
                    + "fields -o verbose shows). Several of one key: any of them; of different "
                    + "keys: all of them.",
                "TAG[:LEVEL]: logcat's filter specs: records of that tag (a '*' pattern, as for "
                    + "-t) only at LEVEL or more severe, one of V D I W E F S (silent) or a "
                    + "syslog name; V if none. A tag no spec names shows at V unless '*:LEVEL' "
                    + "is given: Payments:D '*:S' shows Payments alone."})
    List<String> filters;

    @Option(order = 39, names = "--file", paramLabel = "PATH",
            description = "Read a log saved with -o binary instead of the device (- for "
                    + "standard input), with every filter and format, and -n.")
    Path file;

    @Option(order = 35, names = {"-g", "--grep"}, paramLabel = "REGEX",
            description = "Only records whose message matches (Java regex, anywhere in it). "
                    + "Case is ignored if the pattern has no upper-case letter, as in journalctl.")
    String grep;

    @Option(order = 36, names = "--case-sensitive", paramLabel = "BOOL", arity = "0..1", fallbackValue = "true",
            description = "Make -g match case exactly (or, =false, ignore it), whatever the pattern.")
    Boolean caseSensitive;

    @Option(order = 37, names = {"-S", "--since"}, paramLabel = "TIME", converter = TimeGrammar.Timestamp.class,
            description = "Only records written from this time on, as journalctl takes times: "
                    + "'2026-11-25 16:04:05', 16:04, today, yesterday, now, -10m, '1h ago', "
                    + "@1795622662, or ISO 8601 with an offset (2026-11-25T16:04:05+01:00); a "
                    + "zone may follow (UTC, Europe/Berlin).")
    Instant since;

    @Option(order = 38, names = {"-U", "--until"}, paramLabel = "TIME", converter = TimeGrammar.Timestamp.class,
            description = "Only records written up to this time, as for --since.")
    Instant until;

    @Option(order = 40, names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "short",
            converter = FormatConverter.class, completionCandidates = OutputFormat.Names.class,
            description = "short (local time, level, TAG[pid/THREAD] or comm[pid/tid], message), "
                    + "short-iso (the same with an ISO 8601 time), verbose (every field, one a "
                    + "line), json (one object a line), raw (the payload only), binary (the "
                    + "records as the device gives them, for --file: a saved log), or export (the "
                    + "Journal Export Format, for systemd-journal-remote).")
    OutputFormat format;

    @Option(order = 41, names = "--utc", description = "Show times in UTC, not in the local zone.")
    boolean utc;

    @Option(order = 50, names = "--fail-on-loss", description = "Exit with code 3 if records were lost "
            + "before they were read.")
    boolean failOnLoss;

    @Option(order = 51, names = "--read-clear", description = "After the dump, clear the device up to the "
            + "last record printed (needs CAP_SYSLOG; not with -f, nor with a filter or a start).")
    boolean readClear;

    /** The zone the text formats show times in. */
    ZoneId zone() {
        return utc ? ZoneId.of("UTC") : ZoneId.systemDefault();
    }

    /**
     * The read these options describe, of {@code device}.
     *
     * @throws ParameterException if options do not go together
     * @throws IOException if the cursor file cannot be kept
     */
    ReadPlan plan(CommandLine cmd, Path device, InputStream stdin) throws IOException {
        if (file != null) {
            checkFile(cmd);
        }
        if ((poll || timeout != null) && !follow) {
            throw new ParameterException(cmd, "--poll and --timeout go with -f");
        }
        if (timeout != null && !poll) {
            throw new ParameterException(cmd,
                    "--timeout needs --poll (a blocking follow cannot watch a clock)");
        }
        RecordFilter filter = filter(cmd);
        if (readClear) {
            checkReadClear(cmd, filter);
        }
        Mode mode = !follow ? Mode.DUMP : poll ? Mode.POLL : Mode.FOLLOW;
        CursorFile cursor = null;
        if (cursorFile != null) {
            cursor = new CursorFile(cursorFile);
            cursor.checkWritable();
        }
        Input input = file == null ? new Input.Device(device)
                : file.toString().equals("-") ? new Input.SavedStream("standard input", stdin)
                : new Input.SavedFile(file);
        return new ReadPlan(input, mode, timeout, start(cmd), cursor, filter, readClear);
    }

    /** A saved log is read to its end, from its start or its last records, and kept as it is. */
    private void checkFile(CommandLine cmd) {
        if (follow || poll || timeout != null) {
            throw new ParameterException(cmd, "--file reads a saved log to its end; to follow one as it "
                    + "grows: tail -c +1 -f " + file + " | logger-reader --file -");
        }
        String deviceOnly = readClear ? "--read-clear" : cursorFile != null ? "--cursor-file"
                : start != null && start.newOnly ? "--new" : start != null && start.afterSeq != null ? "--after-seq" : null;
        if (deviceOnly != null) {
            throw new ParameterException(cmd, "--file reads a saved log from its start, or its last records "
                    + "with -n; " + deviceOnly + " is for the device");
        }
    }

    /**
     * --read-clear clears everything up to the last record it read, so it must print every
     * record it reads: from the oldest, unfiltered.
     */
    private void checkReadClear(CommandLine cmd, RecordFilter filter) {
        if (follow) {
            throw new ParameterException(cmd, "--read-clear is for a dump, not -f");
        }
        if (!filter.options().isEmpty()) {
            throw new ParameterException(cmd, "--read-clear clears every record up to the last one "
                    + "printed, so it takes no filter (given: " + String.join(", ", filter.options())
                    + "): records filtered out would be cleared unseen");
        }
        String startOption = start == null ? null
                : start.lines != null ? "--lines" : start.newOnly ? "--new" : "--after-seq";
        if (startOption == null && cursorFile != null) {
            startOption = "--cursor-file";
        }
        if (startOption != null) {
            throw new ParameterException(cmd, "--read-clear reads from the oldest record, so it takes no "
                    + startOption + ": the records before would be cleared unseen");
        }
    }

    private Start start(CommandLine cmd) {
        if (start == null) {
            return new Start.Oldest();
        }
        if (start.lines != null) {
            if (start.lines < 0) {
                throw new ParameterException(cmd, "-n takes a count of 0 or more");
            }
            return new Start.Last(start.lines);
        }
        if (start.newOnly) {
            return new Start.Newest();
        }
        if (start.afterSeq < 0) {
            throw new ParameterException(cmd, "--after-seq takes a seq of 0 or more");
        }
        return new Start.After(start.afterSeq);
    }

    private RecordFilter filter(CommandLine cmd) {
        RecordFilter.Builder f = RecordFilter.builder();
        if (priority != null) {
            f.add("--priority", RecordFilter.priorities(priority));
        }
        if (pid != null) {
            f.add("--pid", RecordFilter.pid(pid));
        }
        if (uid != null) {
            f.add("--uid", RecordFilter.uid(uid));
        }
        if (comm != null) {
            f.add("--comm", RecordFilter.comm(comm));
        }
        if (grep != null) {
            try {
                f.add("--grep", RecordFilter.grep(grep, caseSensitive));
            } catch (PatternSyntaxException e) {
                throw new ParameterException(cmd,
                        "--grep '" + grep + "' is not a regular expression: " + e.getDescription());
            }
        }
        if (since != null) {
            f.add("--since", RecordFilter.since(since));
        }
        if (until != null) {
            f.add("--until", RecordFilter.until(until));
        }
        if (tags != null) {
            try {
                f.add("-t", RecordFilter.tags(tags.stream().map(TagPattern::of).toList()));
            } catch (IllegalArgumentException e) {
                throw new ParameterException(cmd, "-t takes a tag, not an empty one");
            }
        }
        if (filters != null) {
            List<String> matches = filters.stream().filter(FieldMatches::isMatch).toList();
            List<String> specs = filters.stream().filter(a -> !FieldMatches.isMatch(a)).toList();
            try {
                if (!matches.isEmpty()) {
                    f.add(String.join(" ", matches), FieldMatches.parse(matches));
                }
                if (!specs.isEmpty()) {
                    f.add(String.join(" ", specs), FilterSpecs.parse(specs));
                }
            } catch (IllegalArgumentException e) {
                throw new ParameterException(cmd, e.getMessage());
            }
        }
        return f.build();
    }
}
