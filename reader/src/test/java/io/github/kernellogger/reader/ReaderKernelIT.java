package io.github.kernellogger.reader;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kernellogger.device.DeviceStats;
import io.github.kernellogger.device.LoggerDevice;
import io.github.kernellogger.device.SyslogLevel;
import io.github.kernellogger.device.testing.KernelModule;
import io.github.kernellogger.reader.command.ExitCode;
import io.github.kernellogger.reader.CommandLineTest.Run;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * logger-reader against the real /dev/logger, in the test VM: most commands in-process, and as
 * processes of their own where signals, pipes and users matter.
 */
class ReaderKernelIT {
    private static final Duration WAIT = Duration.ofMinutes(2);

    @BeforeEach
    void freshModule() throws Exception {
        KernelModule.reload();
    }

    private static void write(SyslogLevel level, String... messages) throws IOException {
        try (LoggerDevice w = LoggerDevice.open(KernelModule.DEVICE, LoggerDevice.Mode.WRITE, false)) {
            for (String m : messages) {
                w.write(level, m);
            }
        }
    }

    private static DeviceStats stats() throws IOException {
        try (LoggerDevice d = LoggerDevice.open(KernelModule.DEVICE, LoggerDevice.Mode.WRITE, false)) {
            return d.stats();
        }
    }

    private static List<String> lines(String out) {
        return out.lines().toList();
    }

    /** The reader as a process of its own, optionally as another user. */
    private static ProcessBuilder reader(String user, String... args) {
        String repo = System.getenv().getOrDefault("LOGGER_REPO", "..");
        List<String> cmd = new ArrayList<>();
        if (user != null) {
            cmd.addAll(List.of("setpriv", "--reuid=" + user, "--regid=" + user, "--clear-groups"));
        }
        cmd.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djna.tmpdir=/tmp", "-jar", repo + "/reader/target/logger-reader.jar"));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd);
    }

    private static String text(Path file) throws IOException {
        return Files.exists(file) ? Files.readString(file) : "";
    }

    @Test
    void dumpsInEveryFormat() throws Exception {
        write(SyslogLevel.ERR, "disk almost full");
        write(SyslogLevel.INFO, "line one\nline two");
        Run s = CommandLineTest.run("--color", "never");
        assertEquals(ExitCode.OK, s.code(), s.err());
        List<String> out = lines(s.out());
        assertEquals(3, out.size(), s.out());
        assertTrue(out.get(0).matches("[A-Z][a-z]{2} \\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{6} err     "
                + ".{1,15}\\[" + ProcessHandle.current().pid() + "/\\d+\\]: disk almost full"), out.get(0));
        assertTrue(out.get(2).matches(" +line two"), out.get(2));

        Run json = CommandLineTest.run("-o", "json");
        assertTrue(lines(json.out()).get(0).matches("\\{\"seq\":1,\"time\":\"\\d{4}-\\d\\d-\\d\\dT"
                + "\\d\\d:\\d\\d:\\d\\d\\.\\d{9}Z\",\"ts_ns\":\\d+,\"level\":\"err\",\"level_num\":3,"
                + "\"pid\":\\d+,\"tid\":\\d+,\"uid\":0,\"gid\":0,\"comm\":\".*\","
                + "\"message\":\"disk almost full\"\\}"), json.out());
        assertEquals("disk almost full\nline one\nline two\n", CommandLineTest.run("-o", "raw").out());

        List<String> iso = lines(CommandLineTest.run("-o", "short-iso", "--utc").out());
        assertTrue(iso.get(0).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}\\+00:00 err     "
                + ".{1,15}\\[\\d+/\\d+\\]: disk almost full"), iso.get(0));
        List<String> verbose = lines(CommandLineTest.run("-o", "verbose", "--utc").out());
        assertTrue(verbose.get(0).matches("[A-Z][a-z]{2} \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{9} UTC \\[seq=1\\]"),
                verbose.get(0));
        assertEquals("    _PID=" + ProcessHandle.current().pid(), verbose.get(1));
        assertEquals(List.of("    PRIORITY=3", "    MESSAGE=disk almost full"), verbose.subList(6, 8));
        assertEquals(List.of("    MESSAGE=line one", "            line two"), verbose.subList(15, 17));
    }

    @Test
    void controlBytesAreShownEscapedAndATrailingNewlineEndsTheMessage() throws Exception {
        Process shell = new ProcessBuilder("sh", "-c",
                "printf '<6>esc:\\033[31mRED\\r\\007' > /dev/logger; echo 'disk full' > /dev/logger").start();
        assertEquals(0, shell.waitFor());
        Run r = CommandLineTest.run("--color", "never");
        assertEquals(ExitCode.OK, r.code(), r.err());
        List<String> out = lines(r.out());
        assertEquals(2, out.size(), r.out());
        assertTrue(out.get(0).endsWith("]: esc:\\x1b[31mRED\\x0d\\x07"), out.get(0));
        assertTrue(out.get(1).endsWith("]: disk full"), out.get(1));
    }

    @Test
    void aFullDiskAsStandardOutputIsExitCode1AndOneLine() throws Exception {
        write(SyslogLevel.INFO, "one", "two");
        Process p = reader(null, "-o", "raw").redirectOutput(new java.io.File("/dev/full")).start();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(ExitCode.ERROR, p.waitFor());
        assertEquals("logger-reader: cannot write to standard output: No space left on device (ENOSPC)\n", err);
    }

    @Test
    void startsWhereAskedAndResumesFromACursorFile(@TempDir Path dir) throws Exception {
        for (int i = 1; i <= 10; i++) {
            write(SyslogLevel.INFO, "r" + i);
        }
        assertEquals(List.of("r8", "r9", "r10"), lines(CommandLineTest.run("-n", "3", "-o", "raw").out()));
        assertEquals("", CommandLineTest.run("--new", "-o", "raw").out());
        assertEquals(List.of("r9", "r10"), lines(CommandLineTest.run("--after-seq", "8", "-o", "raw").out()));

        Path cursor = dir.resolve("cursor");
        assertEquals(10, lines(CommandLineTest.run("--cursor-file", cursor.toString(), "-o", "raw").out()).size());
        assertEquals("seq=10\n", Files.readString(cursor));
        write(SyslogLevel.INFO, "r11", "r12");
        assertEquals(List.of("r11", "r12"),
                lines(CommandLineTest.run("--cursor-file", cursor.toString(), "-o", "raw").out()));
        assertEquals("seq=12\n", Files.readString(cursor));
        // A cursor file of an earlier version, a bare seq, is read as it was.
        Files.writeString(cursor, "11\n");
        assertEquals(List.of("r12"), lines(CommandLineTest.run("--cursor-file", cursor.toString(), "-o", "raw").out()));
    }

    @Test
    void aCursorFileStartsWhereToldOnlyUntilItExists(@TempDir Path dir) throws Exception {
        for (int i = 1; i <= 10; i++) {
            write(SyslogLevel.INFO, "r" + i);
        }
        String last = dir.resolve("last").toString();
        assertEquals(List.of("r8", "r9", "r10"), lines(CommandLineTest.run("--cursor-file", last, "-n", "3", "-o", "raw").out()));
        String fresh = dir.resolve("new").toString();
        assertEquals("", CommandLineTest.run("--cursor-file", fresh, "--new", "-o", "raw").out());
        write(SyslogLevel.INFO, "r11", "r12");
        // The files exist now: both runs resume from them, and -n, --new change nothing.
        assertEquals(List.of("r11", "r12"), lines(CommandLineTest.run("--cursor-file", last, "-n", "3", "-o", "raw").out()));
        assertEquals(List.of("r11", "r12"), lines(CommandLineTest.run("--cursor-file", fresh, "--new", "-o", "raw").out()));
        assertEquals("seq=12\n", Files.readString(Path.of(fresh)));
    }

    @Test
    void readClearRefusesAFilterAndClearsNothing() throws Exception {
        write(SyslogLevel.ERR, "the one error");
        write(SyslogLevel.INFO, "b", "c", "d");
        Run r = CommandLineTest.run("--read-clear", "-l", "err", "-o", "raw");
        assertEquals(ExitCode.USAGE, r.code());
        assertEquals("", r.out());
        assertTrue(r.err().startsWith("logger-reader: --read-clear clears every record up to the last one printed, "
                + "so it takes no filter (given: --priority)"), r.err());
        assertEquals(4, stats().recordsHeld(), "nothing was cleared");
    }

    @Test
    void recordsOverwrittenBeforeTheyWereReadAreReported() throws Exception {
        KernelModule.reload("buffer_size=65536");
        for (int i = 0; i < 2000; i++) {
            write(SyslogLevel.INFO, "filler ".repeat(15));
        }
        long first = stats().firstSeq();
        assertTrue(first > 1, "the ring must have wrapped");

        Run json = CommandLineTest.run("--after-seq", "0", "-o", "json", "--fail-on-loss");
        assertEquals(ExitCode.LOSS, json.code());
        assertEquals("{\"type\":\"gap\",\"lost\":" + (first - 1) + ",\"first_lost_seq\":1,\"last_lost_seq\":"
                + (first - 1) + "}", lines(json.out()).get(0));
        assertEquals("logger-reader: " + (first - 1) + " records were lost before they were read "
                + "(overwritten as the ring wrapped)" + System.lineSeparator(), json.err());

        Run plain = CommandLineTest.run("--after-seq", "0", "-o", "raw");
        assertEquals(ExitCode.OK, plain.code());
        assertEquals("-- " + (first - 1) + " records lost (seq 1.." + (first - 1)
                + ", overwritten before they were read) --", lines(plain.out()).get(0));
    }

    @Test
    void filtersByLevelTextProcessThreadAndTime() throws Exception {
        write(SyslogLevel.DEBUG, "cache warm");
        write(SyslogLevel.WARNING, "disk 91% full");
        write(SyslogLevel.ERR, "Disk 99% full");
        Instant between = Instant.now();
        Thread named = new Thread(() -> {
            try {
                write(SyslogLevel.INFO, "from a named thread");
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }, "writer-comm");
        named.start();
        named.join();

        assertEquals(List.of("disk 91% full", "Disk 99% full"), lines(CommandLineTest.run("-l", "warn", "-o", "raw").out()));
        assertEquals(List.of("Disk 99% full"), lines(CommandLineTest.run("-l", "err", "-o", "raw").out()));
        assertEquals(List.of("disk 91% full", "Disk 99% full"), lines(CommandLineTest.run("-g", "\\d+% full", "-o", "raw").out()));
        assertEquals(List.of("Disk 99% full"), lines(CommandLineTest.run("-p", "err..err", "-o", "raw").out()));
        assertEquals(List.of("cache warm", "disk 91% full", "from a named thread"),
                lines(CommandLineTest.run("-p", "warning..debug", "-o", "raw").out()));
        // -g as journalctl's: a pattern in lower case ignores case, one with an upper-case letter does not.
        assertEquals(List.of("disk 91% full", "Disk 99% full"), lines(CommandLineTest.run("-g", "disk", "-o", "raw").out()));
        assertEquals(List.of("Disk 99% full"), lines(CommandLineTest.run("-g", "Disk", "-o", "raw").out()));
        assertEquals(List.of("disk 91% full"), lines(CommandLineTest.run("-g", "disk", "--case-sensitive", "-o", "raw").out()));
        assertEquals(List.of("disk 91% full", "Disk 99% full"), lines(CommandLineTest.run("-g", "DISK", "--case-sensitive=false", "-o", "raw").out()));
        assertEquals(4, lines(CommandLineTest.run("--pid", Long.toString(ProcessHandle.current().pid()), "-o", "raw").out()).size());
        assertEquals("", CommandLineTest.run("--pid", "1", "-o", "raw").out());
        assertEquals(List.of("from a named thread"), lines(CommandLineTest.run("--comm", "writer-comm", "-o", "raw").out()));
        assertEquals(List.of("from a named thread"), lines(CommandLineTest.run("--since", between.toString(), "-o", "raw").out()));
        assertEquals(3, lines(CommandLineTest.run("--until", between.toString(), "-o", "raw").out()).size());
        assertEquals(4, lines(CommandLineTest.run("--uid", "0", "-o", "raw").out()).size());
    }

    @Test
    void statsAndClear() throws Exception {
        write(SyslogLevel.INFO, "a", "b", "c", "d");
        Run text = CommandLineTest.run("stats");
        assertEquals(ExitCode.OK, text.code());
        assertTrue(text.out().contains("4 records held (seq 1..4)"), text.out());
        assertTrue(text.out().contains("written      4 records"), text.out());
        Run json = CommandLineTest.run("stats", "--json");
        assertTrue(json.out().contains("\"records_written\":4"), json.out());
        assertTrue(json.out().contains("\"buffer_size\":1048576"), json.out());

        assertEquals("cleared 2 records (seq 1..2)" + System.lineSeparator(),
                CommandLineTest.run("clear", "--up-to", "3").out());
        assertEquals(List.of("c", "d"), lines(CommandLineTest.run("-o", "raw", "--read-clear").out()));
        write(SyslogLevel.INFO, "e");
        assertEquals(List.of("e"), lines(CommandLineTest.run("-o", "raw").out()), "c, d were cleared as printed");
        assertEquals("cleared 1 record (seq 5..5)" + System.lineSeparator(), CommandLineTest.run("clear").out());
        assertEquals("nothing to clear" + System.lineSeparator(), CommandLineTest.run("clear").out());
    }

    @Test
    void subcommandsUseTheDeviceGivenBeforeOrAfterTheirName() throws Exception {
        write(SyslogLevel.INFO, "a", "b");
        String device = KernelModule.DEVICE.toString();
        for (String[] args : new String[][] {{"--device", device, "stats"}, {"stats", "--device", device}}) {
            Run r = CommandLineTest.run(args);
            assertEquals(ExitCode.OK, r.code(), r.err());
            assertTrue(r.out().startsWith(device + " (ABI "), r.out());
        }
        for (String[] args : new String[][] {{"--device", "/dev/zero", "stats"}, {"--device", "/dev/zero", "clear"},
            {"clear", "--device", "/dev/zero"}}) {
            Run r = CommandLineTest.run(args);
            assertEquals(ExitCode.ERROR, r.code(), String.join(" ", args));
            assertTrue(r.err().startsWith("logger-reader: ENOTTY: /dev/zero is not a logger device"), r.err());
        }
        assertEquals(List.of("a", "b"), lines(CommandLineTest.run("-o", "raw").out()), "nothing was cleared");
    }

    @Test
    void anUnprivilegedUserCannotClearAndSeesOnlyItsOwnRecords() throws Exception {
        write(SyslogLevel.INFO, "root's secret");
        Process clear = reader("65534", "clear").start();
        assertEquals(ExitCode.ERROR, clear.waitFor());
        assertEquals("logger-reader: EPERM: clearing /dev/logger needs CAP_SYSLOG or CAP_SYS_ADMIN; "
                + "run as root or grant one of them\n",
                new String(clear.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));

        Process own = new ProcessBuilder("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                "sh", "-c", "printf 'nobody was here' > /dev/logger").start();
        assertEquals(0, own.waitFor());
        Process dump = reader("65534", "-o", "raw", "--fail-on-loss").start();
        String out = new String(dump.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(ExitCode.OK, dump.waitFor(), "skipping root's record is no loss");
        assertEquals("nobody was here\n", out);
        // --read-clear learns it before it prints anything, even a record it may see.
        Process readClear = reader("65534", "--read-clear", "-o", "raw").start();
        assertEquals("", new String(readClear.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        assertEquals(ExitCode.ERROR, readClear.waitFor());
        assertEquals("logger-reader: EPERM: clearing /dev/logger needs CAP_SYSLOG or CAP_SYS_ADMIN; "
                + "run as root or grant one of them\n",
                new String(readClear.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    @Test
    void threeFollowersEachSeeEveryRecordAndEndCleanlyOnSigterm(@TempDir Path dir) throws Exception {
        // A fresh module: each follower starts at the oldest record, before the first is written.
        long after = stats().nextSeq() - 1;
        List<Process> followers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            followers.add(reader(null, "-f", "-o", "raw",
                    "--cursor-file", dir.resolve("cursor" + i).toString())
                    .redirectOutput(dir.resolve("out" + i).toFile())
                    .redirectError(dir.resolve("err" + i).toFile()).start());
        }
        List<String> expected = new ArrayList<>();
        for (int i = 1; i <= 50; i++) {
            expected.add("record " + i);
            write(SyslogLevel.INFO, "record " + i);
        }
        for (int i = 0; i < 3; i++) {
            Path out = dir.resolve("out" + i);
            Path cursor = dir.resolve("cursor" + i);
            // Each batch is flushed, and the cursor kept, while following, not only at exit.
            await().atMost(WAIT).alias("follower " + i + " output").until(() -> lines(text(out)).size() == 50);
            await().atMost(WAIT).alias("follower " + i + " cursor")
                    .until(() -> text(cursor).equals("seq=" + (after + 50) + "\n"));
        }
        for (int i = 0; i < 3; i++) {
            Process p = followers.get(i);
            p.destroy(); // SIGTERM
            assertTrue(p.waitFor(2, TimeUnit.MINUTES));
            assertEquals(ExitCode.OK, p.exitValue(), text(dir.resolve("err" + i)));
            assertEquals(expected, lines(text(dir.resolve("out" + i))));
            assertEquals("", text(dir.resolve("err" + i)));
        }
    }

    @Test
    void aPollingFollowEndsAtItsTimeout() throws Exception {
        write(SyslogLevel.INFO, "already there");
        Run r = CommandLineTest.run("-f", "--poll", "--timeout", "2s", "-o", "raw");
        assertEquals(ExitCode.OK, r.code(), r.err());
        assertEquals("already there\n", r.out());
    }

    @Test
    void aClosedPipeEndsAFollowQuietly() throws Exception {
        write(SyslogLevel.INFO, "first");
        String repo = System.getenv().getOrDefault("LOGGER_REPO", "..");
        Process pipe = new ProcessBuilder("bash", "-c", "java -Djna.tmpdir=/tmp -jar " + repo
                + "/reader/target/logger-reader.jar -f -o raw | head -n 1; exit ${PIPESTATUS[0]}")
                .redirectErrorStream(true).start();
        // The reader notices that head is gone at its next write: keep records coming.
        while (!pipe.waitFor(200, TimeUnit.MILLISECONDS)) {
            write(SyslogLevel.INFO, "more");
        }
        assertEquals(ExitCode.OK, pipe.exitValue());
        assertEquals("first\n", new String(pipe.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }
}
