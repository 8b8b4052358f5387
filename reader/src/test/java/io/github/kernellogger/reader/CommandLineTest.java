package io.github.kernellogger.reader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kernellogger.device.LoggerAbi;
import io.github.kernellogger.reader.command.ExitCode;
import io.github.kernellogger.reader.command.StandardOutput;
import io.github.kernellogger.reader.command.Streams;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Options, usage errors and exit codes, on this machine (no device needed). */
class CommandLineTest {

    /** Exit code, standard output and standard error of one run. */
    record Run(int code, String out, String err) {
        Run withOut(String text) {
            return new Run(code, text, err);
        }
    }

    static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        return run(out, args).withOut(out.toString(StandardCharsets.UTF_8));
    }

    /** A run whose standard output is {@code out}; the Run's out is empty. */
    static Run run(OutputStream out, String... args) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = LoggerReader.execute(args, out, new PrintStream(err, true, StandardCharsets.UTF_8), false);
        return new Run(code, "", err.toString(StandardCharsets.UTF_8));
    }

    /** A standard output whose every write fails as the JDK reports {@code reason}. */
    static OutputStream failing(String reason) {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException(reason);
            }
        };
    }

    @ParameterizedTest
    @CsvSource(delimiterString = " => ", value = {
        "--frob => logger-reader: Unknown option: '--frob' (see logger-reader --help)",
        "-n 5 --new => logger-reader: -n and --new each say where to start: give one (see logger-reader --help)",
        "--after-seq 3 -c seq=4 => logger-reader: --after-seq and --cursor each say where to start: give one (see logger-reader --help)",
        "--poll => logger-reader: --poll and --timeout go with -f (see logger-reader --help)",
        "-f --timeout 5s => logger-reader: --timeout needs --poll (a blocking follow cannot watch a clock) (see logger-reader --help)",
        "-f --read-clear => logger-reader: --read-clear is for a dump, not -f (see logger-reader --help)",
        "--read-clear -l err => logger-reader: --read-clear clears every record up to the last one printed, so it takes no filter (given: --priority): records filtered out would be cleared unseen (see logger-reader --help)",
        "--read-clear --pid 1 -g x => logger-reader: --read-clear clears every record up to the last one printed, so it takes no filter (given: --pid, --grep): records filtered out would be cleared unseen (see logger-reader --help)",
        "--read-clear -n 5 => logger-reader: --read-clear reads from the oldest record, so it takes no --lines: the records before would be cleared unseen (see logger-reader --help)",
        "--read-clear --cursor-file c => logger-reader: --read-clear reads from the oldest record, so it takes no --cursor-file: the records before would be cleared unseen (see logger-reader --help)",
        "-l loud => logger-reader: Invalid value for option '--priority': 'loud' is not a level nor a range of levels: use emerg, alert, crit, err, warning, notice, info, debug or 0..7 (Log4j's fatal, error, warn, trace and logcat's V D I W E F too), or FROM..TO such as err..warning (see logger-reader --help)",
        "-p err..loud => logger-reader: Invalid value for option '--priority': 'err..loud' is not a level nor a range of levels: use emerg, alert, crit, err, warning, notice, info, debug or 0..7 (Log4j's fatal, error, warn, trace and logcat's V D I W E F too), or FROM..TO such as err..warning (see logger-reader --help)",
        "-p S => logger-reader: Invalid value for option '--priority': 'S' is not a level nor a range of levels: use emerg, alert, crit, err, warning, notice, info, debug or 0..7 (Log4j's fatal, error, warn, trace and logcat's V D I W E F too), or FROM..TO such as err..warning (see logger-reader --help)",
        "-g x --case-sensitive=maybe => logger-reader: Invalid value for option '--case-sensitive': 'maybe' is not a boolean (see logger-reader --help)",
        "-g ( => logger-reader: --grep '(' is not a regular expression: Unclosed group (see logger-reader --help)",
        "--color sometimes => logger-reader: Invalid value for option '--color': 'sometimes' is not one of auto, always, never (see logger-reader --help)",
        "-n -3 => logger-reader: -n takes a count of 0 or more, not -3 (see logger-reader --help)",
        "-n +5 -f => logger-reader: -n +5 shows the first 5 records and ends; with -f, -m 5 stops after 5 (see logger-reader --help)",
        "-t 10 => logger-reader: -t takes a tag (journalctl's -t), not a count: for the last 10 records, as logcat's -t 10, use -n 10 (or -T 10 to follow on); for a tag named 10, TAG=10 or _COMM=10 (see logger-reader --help)",
        "-c => logger-reader: -c is journalctl's --cursor here, and takes a cursor (instance=...;seq=N); to clear the log, as logcat's -c does: logger-reader clear (see logger-reader --help)",
        "-c -f => logger-reader: -c is journalctl's --cursor here, and takes a cursor (instance=...;seq=N); to clear the log, as logcat's -c does: logger-reader clear (see logger-reader --help)",
        "--cursor seq=x => logger-reader: Invalid value for option '--cursor': 'seq=x' is not a cursor (seq 'x' is not a seq): give one as -o verbose shows it and a cursor file holds it, instance=...;seq=N (see logger-reader --help)",
        "-d -f => logger-reader: -d (logcat's dump) and -f do not go together (see logger-reader --help)",
        "-T 5 -n 3 => logger-reader: -T N is -n N -f: give it alone, not with another start (see logger-reader --help)",
        "-r -f => logger-reader: -r shows the newest record first, which a follow cannot: give -r or -f, not both (see logger-reader --help)",
        "-v long -o json => logger-reader: -o and logcat's -v both name a format: give one (see logger-reader --help)",
        "-v epoch => logger-reader: Invalid value for option '--format' (LOGCAT_FORMAT): 'epoch' is not one of logcat's formats that logger-reader has: brief, process, tag, thread, time, threadtime, long, raw, year, color, UTC, printable, usec, zone (epoch, monotonic, uid and descriptive are not: -o verbose shows every field) (see logger-reader --help)",
        "-F TAG -f => logger-reader: -F prints what the log holds, once: not with -f (see logger-reader --help)",
        "--output-fields TAG => logger-reader: --output-fields goes with -o verbose, cat, json, json-pretty or export, not -o short (see logger-reader --help)",
        "--output-fields a+b -o json => logger-reader: --output-fields: 'a+b' is not a field name (the names -o verbose shows: _PID, _SYSTEMD_UNIT, PRIORITY, TAG, MESSAGE, ...) (see logger-reader --help)",
        "--since 16:00 --until 15:00 => logger-reader: --since 16:00 is after --until 15:00: no record could pass both (see logger-reader --help)",
        "-u a/b => logger-reader: -u 'a/b' is not a unit: a unit's name has no '/' (nginx.service, nginx, 'nginx*', system.slice) (see logger-reader --help)",
        "--container xyz => logger-reader: --container takes a container's id (hex digits, or the first of them as docker ps shows them), not 'xyz' (see logger-reader --help)",
        "-e --no-pager => logger-reader: -e starts the pager at the end: not with --no-pager (see logger-reader --help)",
        "--file saved.log stats => logger-reader: --file is an option of reading the log (logger-reader --file ...), not of 'stats': for what a saved log holds, logger-reader --file FILE --list-loads (see logger-reader stats --help)",
        "-p err clear => logger-reader: --priority is an option of reading the log (logger-reader --priority ...), not of 'clear' (see logger-reader clear --help)",
        "--color never clear => logger-reader: --color is an option of reading the log (logger-reader --color ...), not of 'clear' (see logger-reader clear --help)",
        "--device /dev/zero jmx --pid 1 => logger-reader: --device is an option of reading the log (logger-reader --device ...), not of 'jmx' (see logger-reader jmx --help)",
        "clear --color never => logger-reader: Unknown options: '--color', 'never' (see logger-reader clear --help)",
        "jmx --pid 1 --device /dev/zero => logger-reader: Unknown options: '--device', '/dev/zero' (see logger-reader jmx --help)",
        "TAG=x + => logger-reader: '+' goes between two groups of matches, as journalctl's OR (_PID=122 + TAG=x): it has no match after it (see logger-reader --help)",
        "+ TAG=x => logger-reader: '+' goes between two groups of matches, as journalctl's OR (_PID=122 + TAG=x): it has no match before it (see logger-reader --help)",
        "TAG=x + com.acme:W => logger-reader: '+' joins groups of matches (KEY=VALUE + KEY=VALUE), as journalctl's OR; 'com.acme:W' is a logcat filter spec, which applies to every record: put it before or after the matches (see logger-reader --help)",
        "--since soonish => logger-reader: Invalid value for option '--since': 'soonish' is not a time: use 2026-11-25 16:04:05, 16:04, today, yesterday, now, -10m, +1h, '10min ago', @1795622662 or ISO 8601 with an offset (2026-11-25T16:04:05+01:00); see systemd.time(7) (see logger-reader --help)",
        "-f --poll --timeout soon => logger-reader: Invalid value for option '--timeout': 'soon' is not a time span: use 30s, 5min, '1h 30min', 1.5h or 90 (seconds); see systemd.time(7) (see logger-reader --help)",
        "jmx => logger-reader: Error: Missing required argument (specify one of these): (--pid=PID | --url=URL) (see logger-reader jmx --help)",
        "clear --up-to many => logger-reader: Invalid value for option '--up-to': 'many' is not a long (see logger-reader clear --help)",
        "com.acme:Q => logger-reader: 'com.acme:Q' is not a filter spec: 'Q' is not a level (use one of V D I W E F S, or a name such as err or warning; a tag with a ':' takes a level after it: 'com.acme:Q:V') (see logger-reader --help)",
        "_FOO=1 => logger-reader: '_FOO=1' is not a match KEY=VALUE: the fields of the device's stamps are _PID, _TID, _UID, _GID, _COMM, _CGROUP_ID, _SYSTEMD_CGROUP, _SYSTEMD_UNIT, _SYSTEMD_USER_UNIT, _SYSTEMD_SLICE, _CONTAINER_ID, _SOURCE_REALTIME_TIMESTAMP (see logger-reader --help)",
        "--read-clear TAG=a TAG=b com.acme.*:W => logger-reader: --read-clear clears every record up to the last one printed, so it takes no filter (given: TAG=a TAG=b, com.acme.*:W): records filtered out would be cleared unseen (see logger-reader --help)",
        "--read-clear -t com.acme.* => logger-reader: --read-clear clears every record up to the last one printed, so it takes no filter (given: -t): records filtered out would be cleared unseen (see logger-reader --help)",
        "--file saved.log -f => logger-reader: --file reads a saved log to its end; to follow one as it grows: tail -c +1 -f saved.log | logger-reader --file - (see logger-reader --help)",
        "--file saved.log --cursor-file c => logger-reader: --file reads a saved log from its start, its last records with -n, or after a cursor; --cursor-file is for the device (see logger-reader --help)",
        "--file saved.log --new => logger-reader: --file reads a saved log from its start, its last records with -n, or after a cursor; --new is for the device (see logger-reader --help)",
        "--file saved.log --read-clear => logger-reader: --file reads a saved log from its start, its last records with -n, or after a cursor; --read-clear is for the device (see logger-reader --help)",
        "-o png => logger-reader: Invalid value for option '--output': 'png' is not a format: use short, short-iso, verbose, cat, json, json-pretty, raw, binary or export (see logger-reader --help)",
    })
    void aBadCommandLineIsOneLineAndExitCode2(String args, String message) {
        Run r = run(args.split(" "));
        assertEquals(ExitCode.USAGE, r.code());
        assertEquals(message + System.lineSeparator(), r.err());
        assertEquals("", r.out());
    }

    @Test
    void aMissingDeviceIsOneLineAndExitCode1(@TempDir Path dir) {
        for (String cmd : new String[] {"", "stats", "clear"}) {
            String[] args = cmd.isEmpty() ? new String[] {"--device", dir.resolve("logger").toString()}
                    : new String[] {cmd, "--device", dir.resolve("logger").toString()};
            Run r = run(args);
            assertEquals(ExitCode.ERROR, r.code(), cmd);
            assertEquals("logger-reader: ENOENT: " + dir.resolve("logger") + " does not exist: is the "
                    + "logger module loaded? (sudo modprobe logger; from a build tree, sudo insmod kernel/logger.ko)"
                    + System.lineSeparator(), r.err());
        }
    }

    @ParameterizedTest
    @CsvSource(delimiterString = " => ", value = {
        "--device /dev/zero stats => stats",
        "stats --device /dev/zero => stats",
        "--device /dev/zero clear => clear",
        "clear --device /dev/zero => clear",
        "--device /dev/zero --color never -o raw => the root",
    })
    void theDeviceWorksBeforeAndAfterASubcommandThatOpensIt(String args, String command) {
        Run r = run(args.split(" "));
        assertEquals(ExitCode.ERROR, r.code(), command + ": " + r.err());
        assertTrue(r.err().startsWith("logger-reader: ENOTTY: /dev/zero is not a logger device"),
                command + " must open the device given: " + r.err());
    }

    @ParameterizedTest
    @CsvSource({"-o short-iso", "-o verbose", "--utc", "-o SHORT-ISO --utc"})
    void theFormatsOfJournalctlAreTaken(String args) {
        List<String> argv = new ArrayList<>(List.of("--device", "/dev/zero"));
        argv.addAll(List.of(args.split(" ")));
        Run r = run(argv.toArray(new String[0]));
        assertEquals(ExitCode.ERROR, r.code(), "not a usage error: " + r.err());
    }

    @ParameterizedTest
    @CsvSource({"--new", "-n 3", "--after-seq 7"})
    void aCursorFileGoesWithAStartForItsFirstRun(String start, @TempDir Path dir) {
        List<String> args = new ArrayList<>(List.of("--device", "/dev/zero", "--cursor-file", dir.resolve("c").toString()));
        args.addAll(List.of(start.split(" ")));
        Run r = run(args.toArray(new String[0]));
        assertEquals(ExitCode.ERROR, r.code(), "not a usage error: " + r.err());
        assertTrue(r.err().startsWith("logger-reader: ENOTTY: /dev/zero is not a logger device"), r.err());
    }

    /** Arguments separated by '|'. */
    @ParameterizedTest
    @ValueSource(strings = {"--since|yesterday|--until|today", "-S|-10m|-U|+1h", "--since|2026-11-25 16:04:05",
        "--since|16:04|-f|--poll|--timeout|1h 30min", "--since|10min ago|-f|--poll|--timeout|90"})
    void journalctlsTimesAreTaken(String args) {
        List<String> argv = new ArrayList<>(List.of("--device", "/dev/zero"));
        argv.addAll(List.of(args.split("\\|")));
        Run r = run(argv.toArray(new String[0]));
        assertEquals(ExitCode.ERROR, r.code(), "not a usage error: " + r.err());
    }

    @Test
    void binaryOutputIsNotWrittenToATerminal() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Streams terminal = new Streams(new StandardOutput(out), new PrintStream(err, true, StandardCharsets.UTF_8),
                InputStream.nullInputStream(), true, false);
        int code = LoggerReader.commandLine(terminal).execute("--device", "/dev/zero", "-o", "binary");
        assertEquals(ExitCode.USAGE, code);
        assertEquals("logger-reader: -o binary writes records for --file, not for a terminal: redirect it to a "
                + "file (> saved.log) (see logger-reader --help)" + System.lineSeparator(), err.toString(StandardCharsets.UTF_8));
        assertEquals(0, out.size());
    }

    @Test
    void exportOutputIsNotWrittenToATerminal() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Streams terminal = new Streams(new StandardOutput(out), new PrintStream(err, true, StandardCharsets.UTF_8),
                InputStream.nullInputStream(), true, false);
        int code = LoggerReader.commandLine(terminal).execute("--device", "/dev/zero", "-o", "export");
        assertEquals(ExitCode.USAGE, code);
        assertEquals("logger-reader: -o export writes the Journal Export Format for systemd-journal-remote, not for a "
                + "terminal: pipe it (| systemd-journal-remote -o FILE.journal -) (see logger-reader --help)"
                + System.lineSeparator(), err.toString(StandardCharsets.UTF_8));
        assertEquals(0, out.size());
    }

    @Test
    void aDeviceThatIsNotALoggerIsOneLineAndExitCode1() {
        Run r = run("stats", "--device", "/dev/null");
        assertEquals(ExitCode.ERROR, r.code());
        assertTrue(r.err().startsWith("logger-reader: ENOTTY: /dev/null is not a logger device"), r.err());
    }

    @ParameterizedTest
    @CsvSource({"--version", "--help", "generate-completion"})
    void aFailedWriteToStandardOutputIsOneLineAndExitCode1(String command) {
        Run full = run(failing("No space left on device"), command);
        assertEquals(ExitCode.ERROR, full.code());
        assertEquals("logger-reader: cannot write to standard output: No space left on device (ENOSPC)"
                + System.lineSeparator(), full.err());
        Run io = run(failing("Input/output error"), command);
        assertEquals(ExitCode.ERROR, io.code());
        assertEquals("logger-reader: cannot write to standard output: Input/output error (EIO)"
                + System.lineSeparator(), io.err());
    }

    @Test
    void aClosedPipeIsNoError() {
        Run r = run(failing("Broken pipe"), "--help");
        assertEquals(ExitCode.OK, r.code());
        assertEquals("", r.err());
    }

    @Test
    void writingToDevFullFailsTheProcess() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                LoggerReader.class.getName(), "--help")
                .redirectOutput(new File("/dev/full")).start();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(ExitCode.ERROR, p.waitFor());
        assertEquals("logger-reader: cannot write to standard output: No space left on device (ENOSPC)\n", err);
    }

    @Test
    void aCursorFileInAFolderThatDoesNotExistIsNamedWithTheReason() {
        Run r = run("--cursor-file", "/nonexistent/dir/c", "-o", "raw");
        assertEquals(ExitCode.ERROR, r.code());
        assertEquals("logger-reader: cannot keep the cursor in /nonexistent/dir/c: the folder "
                + "/nonexistent/dir does not exist" + System.lineSeparator(), r.err());
    }

    @Test
    void helpShowsEveryOptionWithItsDefaultAndTheExitCodes() {
        Run r = run("--help");
        assertEquals(ExitCode.OK, r.code());
        for (String option : new String[] {"--follow", "--poll", "--timeout", "--lines", "--new",
            "--after-seq", "--cursor-file", "--cursor", "--after-cursor", "--level", "--pid", "--uid", "--comm",
            "--tag", "--unit", "--container", "[FILTER...]", "KEY=VALUE", "TAG:LEVEL", "--file", "--grep", "--since",
            "--until", "--output", "--output-fields", "--color", "--reverse", "--no-pager", "--pager-end", "--quiet",
            "--fail-on-loss", "--read-clear", "--device", "--version", "--field", "--fields", "--list-loads",
            "-d", "-T=N", "--max-count", "-s", "--format", "stats", "clear", "jmx", "generate-completion",
            "Reading:", "Where to start", "Filters (a record must pass every one given):", "Output:",
            "What the log holds, instead of its records:", "logcat's options", "Examples:", "man logger-reader",
            "docs/reader.md"}) {
            assertTrue(r.out().contains(option), option + " in " + r.out());
        }
        assertTrue(r.out().contains("Default: auto"));
        assertTrue(r.out().contains("Default: /dev/logger"));
        assertTrue(r.out().contains("Exit status:\n  0   done;"), r.out());
        assertTrue(r.out().contains("  3   records were lost before they were read, with --fail-on-loss"), r.out());
    }

    @Test
    void versionAndCompletion() {
        Run v = run("--version");
        assertEquals(ExitCode.OK, v.code());
        assertTrue(v.out().startsWith("logger-reader "), v.out());
        assertTrue(v.out().contains("reads /dev/logger of ABI versions 1, 2 and " + LoggerAbi.ABI_VERSION + " "), v.out());
        Run c = run("generate-completion");
        assertEquals(ExitCode.OK, c.code());
        assertTrue(c.out().contains("complete -F _complete_logger-reader"), c.out().lines().limit(5).toList().toString());
    }

    /** A saved log given as the device is said to be one, with the option that reads it. */
    @Test
    void aSavedLogGivenAsTheDevicePointsToFile(@TempDir Path dir) throws IOException {
        Path saved = SavedLogs.write(dir.resolve("saved.log"), io.github.kernellogger.reader.read.CgroupNames.NONE,
                "5c0e21f4a3b24c6f8e1d9a7b6c5d4e3f", List.of(Records.of(1, io.github.kernellogger.device.SyslogLevel.INFO, "x")));
        Run r = run("--device", saved.toString());
        assertEquals(ExitCode.ERROR, r.code());
        assertEquals("logger-reader: ENOTTY: " + saved + " is a log saved with -o binary, not a device: read it with --file "
                + saved + System.lineSeparator(), r.err());
        java.nio.file.Files.writeString(dir.resolve("notes.txt"), "hello\n");
        Run text = run("stats", "--device", dir.resolve("notes.txt").toString());
        assertEquals("logger-reader: ENOTTY: " + dir.resolve("notes.txt") + " is a file, not the logger device (a log saved "
                + "with -o binary is read with --file)" + System.lineSeparator(), text.err());
    }
}
