package io.github.kernellogger.reader.command;

import io.github.kernellogger.reader.output.OutputFormat;
import io.github.kernellogger.reader.read.CgroupNames;
import io.github.kernellogger.reader.read.Cursor;
import io.github.kernellogger.reader.read.CursorFile;
import io.github.kernellogger.reader.read.Input;
import io.github.kernellogger.reader.read.PriorityRange;
import io.github.kernellogger.reader.read.ReadPlan;
import io.github.kernellogger.reader.read.ReadPlan.Mode;
import io.github.kernellogger.reader.read.RecordFields;
import io.github.kernellogger.reader.read.RecordFilter;
import io.github.kernellogger.reader.read.Start;
import io.github.kernellogger.reader.read.TagPattern;
import io.github.kernellogger.reader.read.UnitPattern;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.PatternSyntaxException;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/**
 * What the root command reads and how it shows it: where to start, which records, in which
 * format, and whether to follow; the options of journalctl and logcat that users bring with them.
 * The options come in the groups the help shows. {@link #plan} checks that the options go
 * together and turns them into the {@link ReadPlan} they describe; {@link #view} says what is
 * printed.
 */
final class ReadOptions {

    /** Where to read, from where, and whether to follow. */
    static final class Reading {
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

        @Option(order = 23, names = "--cursor-file", paramLabel = "FILE", description = "Resume after the "
                + "cursor stored in FILE, and keep it there, updated atomically as records are read. "
                + "While FILE does not exist, start as -n, --new, --after-seq or a cursor say. After the module "
                + "was reloaded (the cursor holds its load id), read from the oldest record.")
        Path cursorFile;

        @Option(order = 24, names = "--file", paramLabel = "PATH",
                description = "Read a log saved with -o binary instead of the device (- for "
                        + "standard input), with every filter and format, -n and a cursor.")
        Path file;

        @Option(order = 25, names = "--read-clear", description = "After the dump, clear the device up to the "
                + "last record printed (needs CAP_SYSLOG; not with -f, nor with a filter or a start).")
        boolean readClear;
    }

    /**
     * Where to start when there is no cursor file to resume from: one of these, or the oldest
     * ({@link #checkTogether} sees that only one is given: picocli's check of an exclusive group
     * does not see options that take their values themselves, as -n and -c do).
     */
    static final class StartOptions {
        @Option(order = 20, names = {"-n", "--lines"}, paramLabel = "K", arity = "0..1",
                parameterConsumer = Lines.Consumer.class,
                description = "Only the last K records that pass the filters (10 if K is left out), "
                        + "as journalctl counts; +K: the first K; all: every one.")
        Lines lines;

        @Option(order = 21, names = "--new", description = "Only records written from now on.")
        boolean newOnly;

        @Option(order = 22, names = "--after-seq", paramLabel = "SEQ",
                description = "Resume right after this seq (one you saved earlier).")
        Long afterSeq;

        @Option(order = 26, names = {"-c", "--cursor"}, paramLabel = "CURSOR", parameterConsumer = CursorText.Consumer.class,
                description = "Start at the record of this cursor (instance=...;seq=N, as -o verbose "
                        + "and a cursor file show it), as journalctl's --cursor.")
        Cursor cursor;

        @Option(order = 27, names = "--after-cursor", paramLabel = "CURSOR", converter = CursorText.class,
                description = "Start right after the record of this cursor.")
        Cursor afterCursor;
    }

    /** Which records. */
    static final class Filters {
        @Option(order = 30, names = {"-p", "--priority", "-l", "--level"}, paramLabel = "PRIORITY",
                converter = PriorityConverter.class, completionCandidates = LevelNames.class,
                description = "Only this level or more severe, or the levels FROM..TO (err..warning, "
                        + "3..4, W..E), as journalctl's -p. Levels: ${COMPLETION-CANDIDATES}, 0..7, "
                        + "logcat's V D I W E F, or Log4j's fatal, error, warn, trace.")
        PriorityRange priority;

        @Option(order = 31, names = {"-t", "--tag"}, paramLabel = "TAG",
                description = "Only records with this tag: their TAG field (the appender's logger), or "
                        + "the writer's comm where they have none. '*' matches any run of characters "
                        + "(com.acme.*). Several -t: any of them. (logcat's -t N is -n N here.)")
        List<String> tags;

        @Option(order = 32, names = {"-u", "--unit"}, paramLabel = "UNIT",
                description = "Only records of this systemd unit (nginx, nginx.service, or a glob: "
                        + "'nginx*'), or of the units of this slice (system.slice), as journalctl's -u; "
                        + "the writer's cgroup, named on this machine. Several -u: any of them.")
        List<String> units;

        @Option(order = 33, names = "--container", paramLabel = "ID",
                description = "Only records of the container of this id (or its first characters, as "
                        + "docker ps shows it): docker, podman, containerd or CRI-O. Several: any.")
        List<String> containers;

        @Option(order = 34, names = "--pid", paramLabel = "PID", description = "Only records of this process.")
        Integer pid;

        @Option(order = 35, names = "--uid", paramLabel = "UID", description = "Only records of this user id.")
        Long uid;

        @Option(order = 36, names = "--comm", paramLabel = "NAME",
                description = "Only records of writer threads with this name.")
        String comm;

        @Option(order = 37, names = {"-g", "--grep"}, paramLabel = "REGEX",
                description = "Only records whose message matches (Java regex, anywhere in it). "
                        + "Case is ignored if the pattern has no upper-case letter, as in journalctl.")
        String grep;

        @Option(order = 38, names = "--case-sensitive", paramLabel = "BOOL", arity = "0..1", fallbackValue = "true",
                description = "Make -g match case exactly (or, =false, ignore it), whatever the pattern.")
        Boolean caseSensitive;

        @Option(order = 39, names = {"-S", "--since"}, paramLabel = "TIME", converter = TimeGrammar.Timestamp.class,
                description = "Only records written from this time on, as journalctl takes times: "
                        + "'2026-11-25 16:04:05', 16:04, today, yesterday, now, -10m, '1h ago', "
                        + "@1795622662, or ISO 8601 with an offset (2026-11-25T16:04:05+01:00); a "
                        + "zone may follow (UTC, Europe/Berlin).")
        Instant since;

        @Option(order = 40, names = {"-U", "--until"}, paramLabel = "TIME", converter = TimeGrammar.Timestamp.class,
                description = "Only records written up to this time, as for --since.")
        Instant until;
    }

    /** How records are shown. */
    static final class Output {
        @Option(order = 50, names = {"-o", "--output"}, paramLabel = "FORMAT",
                converter = FormatConverter.class, completionCandidates = OutputFormat.Names.class,
                description = "short (the default: local time, level, TAG[pid/THREAD] or comm[pid/tid], "
                        + "message), short-iso (the same with an ISO 8601 time), verbose (every field, one "
                        + "a line), cat (the message only), json (one object a line), json-pretty (the "
                        + "same, indented), raw (the payload's bytes only), binary (the records as the "
                        + "device gives them, for --file: a saved log), or export (the Journal Export "
                        + "Format, for systemd-journal-remote).")
        OutputFormat format;

        @Option(order = 51, names = "--output-fields", paramLabel = "FIELD", split = ",",
                description = "With -o verbose, cat, json, json-pretty or export: only these fields "
                        + "(names as -o verbose shows them: _PID, TAG, MESSAGE, ...).")
        List<String> outputFields;

        @Option(order = 52, names = "--utc", description = "Show times in UTC, not in the local zone.")
        boolean utc;

        @Option(order = 53, names = {"-r", "--reverse"}, description = "Newest first (not with -f).")
        boolean reverse;

        @Option(order = 54, names = "--no-pager", description = "Do not pipe the output into a pager. On a "
                + "terminal, and but for -f, it goes through $PAGER, or less (with LESS=FRSXMK unless LESS "
                + "is set), as journalctl's does.")
        boolean noPager;

        @Option(order = 55, names = {"-e", "--pager-end"}, description = "Start the pager at the end (and show "
                + "the last 1000 records, unless -n says otherwise), as journalctl's -e.")
        boolean pagerEnd;

        @Option(order = 56, names = {"-q", "--quiet"}, description = "Leave out the notes on standard error: "
                + "the count of records lost (--fail-on-loss still exits 3), cgroups that cannot be named.")
        boolean quiet;

        @Option(order = 57, names = "--fail-on-loss", description = "Exit with code 3 if records were lost "
                + "before they were read.")
        boolean failOnLoss;
    }

    /** What the log holds, instead of its records. */
    static final class Views {
        @Option(order = 60, names = {"-F", "--field"}, paramLabel = "FIELD",
                description = "Print the values FIELD takes in the records that pass the filters, one a "
                        + "line, sorted, as journalctl's -F (FIELD as -o verbose names it: TAG, _SYSTEMD_UNIT).")
        String field;

        @Option(order = 61, names = {"-N", "--fields"}, description = "Print the names of the fields the records "
                + "that pass the filters have, as journalctl's -N.")
        boolean fields;

        @Option(order = 62, names = {"--list-loads", "--list-boots"}, description = "List the loads of the module "
                + "the log holds records of (journalctl's --list-boots): index (0 the newest, -1 the one "
                + "before), load id, first and last record's time, records.")
        boolean listLoads;
    }

    /** logcat's options, where they do not clash with journalctl's. */
    static final class Logcat {
        @Option(order = 70, names = "-d", description = "Dump and exit (logcat's -d; the default).")
        boolean dump;

        @Option(order = 71, names = "-T", paramLabel = "N", description = "The last N records, then follow (logcat's -T N: -n N -f).")
        Long lastThenFollow;

        @Option(order = 72, names = {"-m", "--max-count"}, paramLabel = "N",
                description = "Stop after N records (logcat's -m), in a follow too.")
        Long maxCount;

        @Option(order = 73, names = "-s", description = "Every tag no filter spec names is silent, as logcat's -s "
                + "('*:S'): logger-reader -s Payments shows Payments alone.")
        boolean silent;

        @Option(order = 74, names = {"-v", "--format"}, paramLabel = "LOGCAT_FORMAT", converter = LogcatFormat.Converter.class,
                completionCandidates = LogcatFormat.Names.class,
                description = "logcat's formats: brief, process, tag, thread, time, threadtime (-o short), "
                        + "long (-o verbose), raw (-o cat), year (-o short-iso), color (--color always), "
                        + "UTC (--utc); printable, usec and zone change nothing.")
        List<LogcatFormat> logcatFormats;
    }

    @ArgGroup(validate = false, heading = "%nReading:%n", order = 1)
    Reading reading;

    @ArgGroup(validate = false,
            heading = "%nWhere to start, where no cursor file says (one of these; else the oldest record):%n", order = 2)
    StartOptions start;

    @ArgGroup(validate = false, heading = "%nFilters (a record must pass every one given):%n", order = 3)
    Filters filters;

    @ArgGroup(validate = false, heading = "%nOutput:%n", order = 4)
    Output output;

    @ArgGroup(validate = false, heading = "%nWhat the log holds, instead of its records:%n", order = 5)
    Views views;

    @ArgGroup(validate = false, heading = "%nlogcat's options (where they do not clash with journalctl's):%n", order = 6)
    Logcat logcat;

    @Parameters(paramLabel = "FILTER", arity = "0..*",
            description = {"KEY=VALUE: only records whose field KEY is VALUE, as journalctl "
                    + "matches (TAG=com.acme.Payments, THREAD=main, _PID=4242, PRIORITY=3, "
                    + "_SYSTEMD_UNIT=nginx.service: the fields -o verbose shows). Several of one key: "
                    + "any of them; of different keys: all of them; '+' between two groups: either "
                    + "group (journalctl's OR).",
                "TAG:LEVEL: logcat's filter specs: records of that tag (a '*' pattern, as for "
                    + "-t) only at LEVEL or more severe, one of V D I W E F S (silent) or a "
                    + "syslog name. A tag no spec names shows at V unless '*:LEVEL' (or -s) "
                    + "is given: Payments:D '*:S' shows Payments alone.",
                "TAG alone is TAG:V if the log has a record of that tag; else it is an error, "
                    + "which names what may have been meant (a command, an option, a tag)."})
    List<String> arguments;

    Reading reading() {
        return reading != null ? reading : (reading = new Reading());
    }

    Filters filters() {
        return filters != null ? filters : (filters = new Filters());
    }

    Output output() {
        return output != null ? output : (output = new Output());
    }

    Views views() {
        return views != null ? views : (views = new Views());
    }

    Logcat logcat() {
        return logcat != null ? logcat : (logcat = new Logcat());
    }

    /** Whether standard output is to follow new records. */
    boolean follows() {
        return reading().follow || logcat().lastThenFollow != null;
    }

    /** Whether -F, -N or --list-loads print what the log holds rather than its records. */
    boolean listsWhatTheLogHolds() {
        return views().field != null || views().fields || views().listLoads;
    }

    /** The format asked for: -o, or logcat's -v, or short. */
    OutputFormat format() {
        if (output().format != null) {
            return output().format;
        }
        if (logcat().logcatFormats != null) {
            for (LogcatFormat f : logcat().logcatFormats) {
                if (f.format() != null) {
                    return f.format();
                }
            }
        }
        return OutputFormat.SHORT;
    }

    /** Whether colors are asked for by logcat's -v color. */
    boolean logcatColor() {
        return logcat().logcatFormats != null && logcat().logcatFormats.contains(LogcatFormat.COLOR);
    }

    /** The zone the text formats show times in. */
    ZoneId zone() {
        boolean utc = output().utc || logcat().logcatFormats != null && logcat().logcatFormats.contains(LogcatFormat.UTC);
        return utc ? ZoneId.of("UTC") : ZoneId.systemDefault();
    }

    /**
     * The read these options describe, of {@code device}.
     *
     * @throws ParameterException if options do not go together
     * @throws IOException if the cursor file cannot be kept, or the log cannot be read to check an
     *     argument
     */
    ReadPlan plan(CommandLine cmd, Path device, InputStream stdin) throws IOException {
        Reading r = reading();
        checkTogether(cmd);
        if (r.file != null) {
            checkFile(cmd);
        }
        if ((r.poll || r.timeout != null) && !r.follow) {
            throw new ParameterException(cmd, "--poll and --timeout go with -f");
        }
        if (r.timeout != null && !r.poll) {
            throw new ParameterException(cmd,
                    "--timeout needs --poll (a blocking follow cannot watch a clock)");
        }
        Input input = r.file == null ? new Input.Device(device)
                : r.file.toString().equals("-") ? new Input.SavedStream("standard input", stdin)
                : new Input.SavedFile(r.file);
        CgroupNames cgroups = ReadPlan.namesFor(input);
        RecordFilter filter = filter(cmd, input, cgroups);
        if (r.readClear) {
            checkReadClear(cmd, filter);
        }
        Mode mode = !follows() ? Mode.DUMP : r.poll ? Mode.POLL : Mode.FOLLOW;
        CursorFile cursor = null;
        if (r.cursorFile != null) {
            cursor = new CursorFile(r.cursorFile);
            cursor.checkWritable();
        }
        Start from = start(cmd);
        long max = logcat().maxCount != null ? logcat().maxCount : -1;
        Lines lines = start != null ? start.lines : null;
        if (lines != null && lines.first()) {
            max = max < 0 ? lines.count() : Math.min(max, lines.count());
        }
        return new ReadPlan(input, mode, r.timeout, from, cursor, filter, r.readClear, max, output().reverse, cgroups);
    }

    /** Options of journalctl and logcat that cannot go together. */
    private void checkTogether(CommandLine cmd) {
        Reading r = reading();
        Output o = output();
        Logcat l = logcat();
        Lines lines = start != null ? start.lines : null;
        if (start != null) {
            List<String> starts = new ArrayList<>();
            if (start.lines != null) {
                starts.add("-n");
            }
            if (start.newOnly) {
                starts.add("--new");
            }
            if (start.afterSeq != null) {
                starts.add("--after-seq");
            }
            if (start.cursor != null) {
                starts.add("--cursor");
            }
            if (start.afterCursor != null) {
                starts.add("--after-cursor");
            }
            if (starts.size() > 1) {
                throw new ParameterException(cmd, String.join(" and ", starts) + " each say where to start: give one");
            }
            if (starts.isEmpty()) {
                start = null;
            }
        }
        if (l.dump && follows()) {
            throw new ParameterException(cmd, "-d (logcat's dump) and " + (r.follow ? "-f" : "-T") + " do not go together");
        }
        if (l.lastThenFollow != null && (start != null || r.follow)) {
            throw new ParameterException(cmd, "-T N is -n N -f: give it alone, not with "
                    + (r.follow ? "-f" : "another start"));
        }
        if (l.lastThenFollow != null && l.lastThenFollow < 0 || l.maxCount != null && l.maxCount < 0) {
            throw new ParameterException(cmd, (l.maxCount != null && l.maxCount < 0 ? "-m" : "-T") + " takes a count of 0 or more");
        }
        if (o.reverse && follows()) {
            throw new ParameterException(cmd, "-r shows the newest record first, which a follow cannot: "
                    + "give -r or -f, not both");
        }
        if (lines != null && lines.first() && follows()) {
            throw new ParameterException(cmd, "-n +" + lines.count() + " shows the first " + lines.count()
                    + " records and ends; with -f, -m " + lines.count() + " stops after " + lines.count());
        }
        if (o.format != null && l.logcatFormats != null && l.logcatFormats.stream().anyMatch(f -> f.format() != null)) {
            throw new ParameterException(cmd, "-o and logcat's -v both name a format: give one");
        }
        Views v = views();
        String view = v.field != null ? "-F" : v.fields ? "-N" : v.listLoads ? "--list-loads" : null;
        if (view != null && (follows() || o.format != null || o.reverse || r.readClear)) {
            throw new ParameterException(cmd, view + " prints what the log holds, once: not with "
                    + (follows() ? "-f" : o.format != null ? "-o" : o.reverse ? "-r" : "--read-clear"));
        }
        if ((v.field != null ? 1 : 0) + (v.fields ? 1 : 0) + (v.listLoads ? 1 : 0) > 1) {
            throw new ParameterException(cmd, "-F, -N and --list-loads each print something else: give one");
        }
        if (o.pagerEnd && (follows() || o.noPager)) {
            throw new ParameterException(cmd, "-e starts the pager at the end: not with " + (o.noPager ? "--no-pager" : "-f"));
        }
        if (o.outputFields != null && !format().takesOutputFields()) {
            throw new ParameterException(cmd, "--output-fields goes with -o verbose, cat, json, json-pretty or "
                    + "export, not -o " + format().label());
        }
        if (o.outputFields != null) {
            for (String f : o.outputFields) {
                if (!RecordFields.isKey(f) && !f.equals("PRIORITY") && !f.equals("MESSAGE")) {
                    throw new ParameterException(cmd, "--output-fields: '" + f + "' is not a field name (the "
                            + "names -o verbose shows: _PID, _SYSTEMD_UNIT, PRIORITY, TAG, MESSAGE, ...)");
                }
            }
        }
        Filters f = filters();
        if (f.since != null && f.until != null && f.since.isAfter(f.until)) {
            throw new ParameterException(cmd, "--since " + given(cmd, "--since") + " is after --until "
                    + given(cmd, "--until") + ": no record could pass both");
        }
    }

    /** What was typed for {@code option}, as typed. */
    private static String given(CommandLine cmd, String option) {
        List<String> typed = cmd.getParseResult().matchedOption(option).stringValues();
        return typed.isEmpty() ? "?" : typed.get(typed.size() - 1);
    }

    /** A saved log is read to its end, from its start, its last records or a cursor, and kept as it is. */
    private void checkFile(CommandLine cmd) {
        Reading r = reading();
        if (follows() || r.poll || r.timeout != null) {
            throw new ParameterException(cmd, "--file reads a saved log to its end; to follow one as it "
                    + "grows: tail -c +1 -f " + r.file + " | logger-reader --file -");
        }
        StartOptions s = start;
        String deviceOnly = r.readClear ? "--read-clear" : r.cursorFile != null ? "--cursor-file"
                : s != null && s.newOnly ? "--new" : s != null && s.afterSeq != null ? "--after-seq" : null;
        if (deviceOnly != null) {
            throw new ParameterException(cmd, "--file reads a saved log from its start, its last records "
                    + "with -n, or after a cursor; " + deviceOnly + " is for the device");
        }
    }

    /**
     * --read-clear clears everything up to the last record it read, so it must print every
     * record it reads: from the oldest, unfiltered.
     */
    private void checkReadClear(CommandLine cmd, RecordFilter filter) {
        Reading r = reading();
        if (r.follow) {
            throw new ParameterException(cmd, "--read-clear is for a dump, not -f");
        }
        if (!filter.options().isEmpty()) {
            throw new ParameterException(cmd, "--read-clear clears every record up to the last one "
                    + "printed, so it takes no filter (given: " + String.join(", ", filter.options())
                    + "): records filtered out would be cleared unseen");
        }
        StartOptions s = start;
        String startOption = s == null ? null
                : s.lines != null ? "--lines" : s.newOnly ? "--new" : s.afterSeq != null ? "--after-seq"
                : s.cursor != null ? "--cursor" : "--after-cursor";
        if (startOption == null && r.cursorFile != null) {
            startOption = "--cursor-file";
        }
        if (startOption == null && logcat().maxCount != null) {
            startOption = "-m";
        }
        if (startOption != null) {
            throw new ParameterException(cmd, "--read-clear reads from the oldest record, so it takes no "
                    + startOption + ": the records " + (startOption.equals("-m") ? "after" : "before")
                    + " would be cleared unseen");
        }
    }

    private Start start(CommandLine cmd) {
        StartOptions s = start;
        if (logcat().lastThenFollow != null) {
            return new Start.Last(logcat().lastThenFollow);
        }
        if (s == null) {
            return output().pagerEnd ? new Start.Last(1000) : new Start.Oldest();
        }
        if (s.lines != null) {
            if (s.lines.count() < 0 || s.lines.first()) {
                return new Start.Oldest(); // all, or the first K (a limit)
            }
            return new Start.Last(s.lines.count());
        }
        if (s.newOnly) {
            return new Start.Newest();
        }
        if (s.cursor != null) {
            Cursor c = s.cursor;
            return new Start.AfterCursor(new Cursor(Math.max(0, c.seq() - 1), c.instance()));
        }
        if (s.afterCursor != null) {
            return new Start.AfterCursor(s.afterCursor);
        }
        if (s.afterSeq < 0) {
            throw new ParameterException(cmd, "--after-seq takes a seq of 0 or more");
        }
        return new Start.After(s.afterSeq);
    }

    private RecordFilter filter(CommandLine cmd, Input input, CgroupNames cgroups) throws IOException {
        Filters o = filters();
        RecordFilter.Builder f = RecordFilter.builder();
        if (o.priority != null) {
            f.add("--priority", RecordFilter.priorities(o.priority));
        }
        if (o.pid != null) {
            f.add("--pid", RecordFilter.pid(o.pid));
        }
        if (o.uid != null) {
            f.add("--uid", RecordFilter.uid(o.uid));
        }
        if (o.comm != null) {
            f.add("--comm", RecordFilter.comm(o.comm));
        }
        if (o.grep != null) {
            try {
                f.add("--grep", RecordFilter.grep(o.grep, o.caseSensitive));
            } catch (PatternSyntaxException e) {
                throw new ParameterException(cmd,
                        "--grep '" + o.grep + "' is not a regular expression: " + e.getDescription());
            }
        }
        if (o.since != null) {
            f.add("--since", RecordFilter.since(o.since));
        }
        if (o.until != null) {
            f.add("--until", RecordFilter.until(o.until));
        }
        if (o.tags != null) {
            f.add("-t", RecordFilter.tags(tagPatterns(cmd, o.tags)));
        }
        if (o.units != null) {
            List<UnitPattern> units = new ArrayList<>();
            for (String u : o.units) {
                try {
                    units.add(UnitPattern.of(u));
                } catch (IllegalArgumentException e) {
                    throw new ParameterException(cmd, "-u " + e.getMessage());
                }
            }
            f.add("-u", RecordFilter.units(units, cgroups));
        }
        if (o.containers != null) {
            for (String id : o.containers) {
                if (!id.matches("[0-9a-fA-F]{1,64}")) {
                    throw new ParameterException(cmd, "--container takes a container's id (hex digits, or the first "
                            + "of them as docker ps shows them), not '" + id + "'");
                }
            }
            f.add("--container", RecordFilter.containers(o.containers.stream().map(String::toLowerCase).toList(), cgroups));
        }
        if (arguments != null || logcat().silent) {
            FilterArguments.add(arguments != null ? arguments : List.of(), logcat().silent, f, new RecordFields(cgroups),
                    input, cmd);
        }
        return f.build();
    }

    /** -t's tags; a count is logcat's -t N, which is -n N here. */
    private static List<TagPattern> tagPatterns(CommandLine cmd, List<String> tags) {
        List<TagPattern> patterns = new ArrayList<>();
        for (String t : tags) {
            if (t.isEmpty()) {
                throw new ParameterException(cmd, "-t takes a tag, not an empty one");
            }
            if (t.matches("[0-9]+")) {
                throw new ParameterException(cmd, "-t takes a tag (journalctl's -t), not a count: for the last " + t
                        + " records, as logcat's -t " + t + ", use -n " + t + " (or -T " + t + " to follow on); "
                        + "for a tag named " + t + ", TAG=" + t + " or _COMM=" + t);
            }
            patterns.add(TagPattern.of(t));
        }
        return patterns;
    }

    /** The fields --output-fields names, in the order given, each once; null for every field. */
    Set<String> outputFields() {
        return output().outputFields == null ? null : new LinkedHashSet<>(output().outputFields);
    }
}
