package io.github.kernellogger.reader;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kernellogger.device.DeviceStats;
import io.github.kernellogger.device.Frames;
import io.github.kernellogger.device.LoggerDevice;
import io.github.kernellogger.device.SyslogLevel;
import io.github.kernellogger.device.testing.KernelModule;
import io.github.kernellogger.reader.command.ExitCode;
import io.github.kernellogger.reader.CommandLineTest.Run;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
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

    /** One framed write of one record, as the appender writes them: fields given as key, value, ... */
    private static void writeFramed(SyslogLevel level, long sourceNanos, String message, String... fields)
            throws IOException {
        try (LoggerDevice w = LoggerDevice.open(KernelModule.DEVICE, LoggerDevice.Mode.WRITE, false)) {
            w.setWriteMode(LoggerDevice.WriteMode.FRAMED);
            ByteBuffer batch = ByteBuffer.allocateDirect(8192).order(ByteOrder.nativeOrder());
            int frame = Frames.begin(batch, level, sourceNanos);
            for (int i = 0; i < fields.length; i += 2) {
                Frames.putField(batch, Frames.key(fields[i]), fields[i + 1].getBytes(StandardCharsets.UTF_8));
            }
            Frames.endFields(batch, frame);
            batch.put(message.getBytes(StandardCharsets.UTF_8));
            Frames.end(batch, frame);
            w.write(batch.flip());
        }
    }

    private static DeviceStats stats() throws IOException {
        try (LoggerDevice d = LoggerDevice.open(KernelModule.DEVICE, LoggerDevice.Mode.WRITE, false)) {
            return d.stats();
        }
    }

    /** What a cursor file holds after record {@code seq} of the module loaded now. */
    private static String cursorText(long seq) throws IOException {
        return "instance=" + stats().instanceId() + ";seq=" + seq + "\n";
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
        assertTrue(lines(json.out()).get(0).matches("\\{\"seq\":1,\"instance\":\"[0-9a-f]{32}\",\"time\":\"\\d{4}-\\d\\d-\\d\\dT"
                + "\\d\\d:\\d\\d:\\d\\d\\.\\d{9}Z\",\"ts_ns\":\\d+,\"src_time\":null,\"level\":\"err\",\"level_num\":3,"
                + "\"pid\":\\d+,\"tid\":\\d+,\"uid\":0,\"gid\":0,\"comm\":\".*\",\"cgroup_id\":\\d+,"
                + "\"cgroup\":\\{\"path\":\"/\",\"unit\":null,\"user_unit\":null,\"slice\":null,\"container_id\":null\\},"
                + "\"fields\":\\{\\},"
                + "\"message\":\"disk almost full\"\\}"), json.out());
        assertEquals("disk almost full\nline one\nline two\n", CommandLineTest.run("-o", "raw").out());

        List<String> iso = lines(CommandLineTest.run("-o", "short-iso", "--utc").out());
        assertTrue(iso.get(0).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}\\+00:00 err     "
                + ".{1,15}\\[\\d+/\\d+\\]: disk almost full"), iso.get(0));
        List<String> verbose = lines(CommandLineTest.run("-o", "verbose", "--utc").out());
        assertTrue(verbose.get(0).matches("[A-Z][a-z]{2} \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{9} UTC \\[instance=[0-9a-f]{32};seq=1\\]"),
                verbose.get(0));
        assertEquals("    _PID=" + ProcessHandle.current().pid(), verbose.get(1));
        int priority = verbose.indexOf("    PRIORITY=3");
        assertTrue(priority > 5 && verbose.get(priority - 1).matches("    _(COMM|CGROUP_ID|SYSTEMD_CGROUP)=.*"),
                String.join("\n", verbose));
        assertEquals("    MESSAGE=disk almost full", verbose.get(priority + 1));
        assertEquals(List.of("    MESSAGE=line one", "            line two"), verbose.subList(verbose.size() - 2, verbose.size()));
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
        assertEquals(cursorText(10), Files.readString(cursor));
        write(SyslogLevel.INFO, "r11", "r12");
        assertEquals(List.of("r11", "r12"),
                lines(CommandLineTest.run("--cursor-file", cursor.toString(), "-o", "raw").out()));
        assertEquals(cursorText(12), Files.readString(cursor));
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
        assertEquals(cursorText(12), Files.readString(Path.of(fresh)));
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
        assertTrue(json.out().contains("\"max_batch\":262144,\"instance_id\":\"" + stats().instanceId() + "\"}"), json.out());
        assertTrue(text.out().contains("  instance     " + stats().instanceId() + " (this load of the module)"), text.out());

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
                    .until(() -> text(cursor).equals(cursorText(after + 50)));
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

    @Test
    void aReloadBetweenTwoRunsIsSaidAndTheNewLoadIsReadFromItsOldestRecord(@TempDir Path dir) throws Exception {
        String cursor = dir.resolve("cursor").toString();
        write(SyslogLevel.INFO, "old 1", "old 2", "old 3");
        assertEquals(List.of("old 1", "old 2", "old 3"), lines(CommandLineTest.run("--cursor-file", cursor, "-o", "raw").out()));
        String first = stats().instanceId();
        assertEquals("instance=" + first + ";seq=3\n", Files.readString(Path.of(cursor)));

        // The new load has written past the old cursor's seq: without the load id, seqs 1..3 would look read.
        KernelModule.reload();
        write(SyslogLevel.INFO, "new 1", "new 2", "new 3", "new 4", "new 5");
        String second = stats().instanceId();
        Run r = CommandLineTest.run("--cursor-file", cursor, "-o", "raw", "--fail-on-loss");
        assertEquals(ExitCode.OK, r.code(), r.err());
        assertEquals(List.of("-- the logger module was reloaded; reading from its oldest record --",
                "new 1", "new 2", "new 3", "new 4", "new 5"), lines(r.out()));
        assertEquals("instance=" + second + ";seq=5\n", Files.readString(Path.of(cursor)));
        assertEquals("", CommandLineTest.run("--cursor-file", cursor, "-o", "raw").out(), "said once");

        // In JSON, an object of its own; a new load still empty is said too, and kept in the cursor.
        KernelModule.reload();
        String third = stats().instanceId();
        Run json = CommandLineTest.run("--cursor-file", cursor, "-o", "json");
        assertEquals(List.of("{\"type\":\"reload\",\"previous_instance\":\"" + second + "\",\"instance\":\""
                + third + "\"}"), lines(json.out()));
        assertEquals("instance=" + third + ";seq=0\n", Files.readString(Path.of(cursor)));
        write(SyslogLevel.INFO, "third 1");
        assertEquals(List.of("third 1"), lines(CommandLineTest.run("--cursor-file", cursor, "-o", "raw").out()));
    }

    @Test
    void aReloadAfterWhichTheRingWrappedIsSaidAndSoAreTheRecordsLost(@TempDir Path dir) throws Exception {
        String cursor = dir.resolve("cursor").toString();
        write(SyslogLevel.INFO, "old");
        CommandLineTest.run("--cursor-file", cursor, "-o", "raw");
        KernelModule.reload("buffer_size=65536");
        for (int i = 0; i < 2000; i++) {
            write(SyslogLevel.INFO, "filler ".repeat(15));
        }
        long first = stats().firstSeq();
        assertTrue(first > 1, "the ring must have wrapped");
        Run r = CommandLineTest.run("--cursor-file", cursor, "-o", "raw", "--fail-on-loss");
        assertEquals(ExitCode.LOSS, r.code());
        assertEquals(List.of("-- the logger module was reloaded; reading from its oldest record --",
                "-- " + (first - 1) + " records lost (seq 1.." + (first - 1) + ", overwritten before they were read) --"),
                lines(r.out()).subList(0, 2));
    }

    /** A cursor file of an earlier version has no load id: a seq beyond the newest shows the reload. */
    @Test
    void aCursorWithoutALoadIdShowsAReloadByASeqBeyondTheNewest(@TempDir Path dir) throws Exception {
        Path cursor = dir.resolve("cursor");
        Files.writeString(cursor, "seq=40\n");
        write(SyslogLevel.INFO, "a", "b");
        Run r = CommandLineTest.run("--cursor-file", cursor.toString(), "-o", "raw");
        assertEquals(List.of("-- the logger module was reloaded; reading from its oldest record --", "a", "b"),
                lines(r.out()));
        assertEquals("instance=" + stats().instanceId() + ";seq=2\n", Files.readString(cursor));
    }

    @Test
    void fieldsOfFramedWritesShowInEveryFormatAndCanBeFilteredOn() throws Exception {
        long eventNanos = 1_795_622_662_123_456_000L;
        writeFramed(SyslogLevel.ERR, eventNanos, "payment failed", "TAG", "com.acme.Payments", "THREAD", "main",
                "order", "4711");
        writeFramed(SyslogLevel.DEBUG, eventNanos + 1000, "cache warm", "TAG", "com.acme.Cache", "THREAD", "worker-1");
        write(SyslogLevel.WARNING, "plain");
        long pid = ProcessHandle.current().pid();

        List<String> shortLines = lines(CommandLineTest.run("--utc", "--color", "never").out());
        assertEquals("Nov 25 16:04:22.123456 err     com.acme.Payments[" + pid + "/main]: payment failed", shortLines.get(0));
        assertEquals("Nov 25 16:04:22.123457 debug   com.acme.Cache[" + pid + "/worker-1]: cache warm", shortLines.get(1));
        assertTrue(shortLines.get(2).matches(".* warning .{1,15}\\[" + pid + "/\\d+\\]: plain"), shortLines.get(2));

        List<String> verbose = lines(CommandLineTest.run("-o", "verbose", "-n", "3").out());
        int at = verbose.indexOf("    _SOURCE_REALTIME_TIMESTAMP=1795622662123456");
        assertTrue(at > 0, String.join("\n", verbose));
        assertEquals(List.of("    PRIORITY=3", "    TAG=com.acme.Payments", "    THREAD=main", "    order=4711",
                "    MESSAGE=payment failed"), verbose.subList(at + 1, at + 6));
        assertTrue(verbose.get(0).matches(".* \\[instance=" + stats().instanceId() + ";seq=1\\]"), verbose.get(0));

        String json = lines(CommandLineTest.run("-o", "json").out()).get(0);
        assertTrue(json.contains(",\"src_time\":\"2026-11-25T16:04:22.123456000Z\",\"level\":\"err\","), json);
        assertTrue(json.contains(",\"fields\":{\"TAG\":\"com.acme.Payments\",\"THREAD\":\"main\",\"order\":\"4711\"},"
                + "\"message\":\"payment failed\"}"), json);

        assertEquals(List.of("payment failed"), lines(CommandLineTest.run("-o", "raw", "TAG=com.acme.Payments").out()));
        assertEquals(List.of("payment failed", "cache warm"),
                lines(CommandLineTest.run("-o", "raw", "THREAD=main", "THREAD=worker-1").out()));
        assertEquals(List.of(), lines(CommandLineTest.run("-o", "raw", "THREAD=main", "order=1").out()));
        assertEquals(List.of("payment failed", "plain"), lines(CommandLineTest.run("-o", "raw", "com.acme.*:W").out()));
        assertEquals(List.of("payment failed"), lines(CommandLineTest.run("-o", "raw", "com.acme.*:W", "*:S").out()));
        assertEquals(List.of("cache warm"), lines(CommandLineTest.run("-o", "raw", "-t", "*Cache").out()));
        assertEquals(3, lines(CommandLineTest.run("-o", "raw", "_PID=" + pid).out()).size());
    }

    @Test
    void readClearRefusesFilterSpecsMatchesAndTagsAndClearsNothing() throws Exception {
        writeFramed(SyslogLevel.ERR, 0, "the one error", "TAG", "com.acme.Payments");
        write(SyslogLevel.INFO, "b", "c", "d");
        for (String[] filter : new String[][] {{"TAG=com.acme.Payments"}, {"com.acme.*:E", "*:S"}, {"-t", "com.acme.*"}}) {
            List<String> args = new ArrayList<>(List.of("--read-clear", "-o", "raw"));
            args.addAll(List.of(filter));
            Run r = CommandLineTest.run(args.toArray(new String[0]));
            assertEquals(ExitCode.USAGE, r.code(), String.join(" ", filter));
            assertEquals("", r.out());
            assertTrue(r.err().startsWith("logger-reader: --read-clear clears every record up to the last one printed, "
                    + "so it takes no filter (given: "), r.err());
        }
        assertEquals(4, stats().recordsHeld(), "nothing was cleared");
    }

    /**
     * A log saved with -o binary reads back with --file as the device reads: here, and on the host
     * (reader/tests/saved-log-test compares what --file prints there with what the device printed
     * here, in reader/target/saved-in-vm/).
     */
    @Test
    void aLogSavedWithBinaryReadsBackWithFileAsTheDeviceReads() throws Exception {
        KernelModule.reload("buffer_size=65536");
        writeFramed(SyslogLevel.ERR, 1_795_622_662_123_456_000L, "payment failed\njava.lang.IllegalStateException",
                "TAG", "com.acme.Payments", "THREAD", "main", "bytes", "caf\u00e9");
        for (int i = 0; i < 1000; i++) {
            write(SyslogLevel.INFO, "filler ".repeat(15));
        }
        writeFramed(SyslogLevel.WARNING, 0, "after the fillers", "TAG", "com.acme.Jobs");
        Process odd = new ProcessBuilder("sh", "-c", "printf '<3>esc:\\033[31m ff:\\377\\n' > /dev/logger").start();
        assertEquals(0, odd.waitFor());
        assertTrue(stats().firstSeq() > 1, "the ring must have wrapped: the saved log has a loss");

        String repo = System.getenv().getOrDefault("LOGGER_REPO", "..");
        Path out = Path.of(repo, "reader", "target", "saved-in-vm");
        Files.createDirectories(out);
        Path saved = out.resolve("saved.log");
        try (OutputStream file = Files.newOutputStream(saved)) {
            assertEquals(ExitCode.OK, CommandLineTest.run(file, "--after-seq", "0", "-o", "binary").code());
        }
        for (String format : new String[] {"json", "verbose", "short", "raw"}) {
            // As bytes: raw output has the byte 0xff as written.
            ByteArrayOutputStream fromDevice = new ByteArrayOutputStream();
            Run device = CommandLineTest.run(fromDevice, "--after-seq", "0", "-o", format, "--utc", "--color", "never");
            Files.write(out.resolve("expected." + format), fromDevice.toByteArray());
            ByteArrayOutputStream fromFile = new ByteArrayOutputStream();
            Run file = CommandLineTest.run(fromFile, "--file", saved.toString(), "-o", format, "--utc", "--color", "never");
            assertEquals(ExitCode.OK, file.code(), file.err());
            assertArrayEquals(fromDevice.toByteArray(), fromFile.toByteArray(), format);
            assertEquals(device.err(), file.err(), "the same loss, said the same");
        }
        // -n after the filter: the same last two warnings from the device and from the file. The file
        // knows of the loss at its start (it was saved from seq 0), and a loss waits for the next record
        // shown, the first of the two; a read of the device from its oldest record does not report what
        // was lost before it.
        Run last = CommandLineTest.run("-o", "json", "-p", "warning", "-n", "2");
        assertEquals(2, lines(last.out()).size(), last.err());
        List<String> fromFile = lines(CommandLineTest.run("--file", saved.toString(), "-o", "json", "-p", "warning", "-n", "2")
                .out());
        assertEquals(lines(last.out()), fromFile.subList(1, fromFile.size()));
        assertTrue(fromFile.get(0).startsWith("{\"type\":\"gap\","), fromFile.get(0));
        assertTrue(Files.readString(out.resolve("expected.json")).startsWith("{\"type\":\"gap\","));
    }

    /**
     * The case on the device: -p err -n 3 of a ring where errors are rare are its last
     * three errors (it took the last three records and filtered them, and printed nothing); the
     * ring is read once, and then, with -f, the new ones come.
     */
    @Test
    void theLastErrorsOfTheDeviceAreTheLastThatAreErrorsAndAFollowGoesOn(@TempDir Path dir) throws Exception {
        for (int i = 1; i <= 300; i++) {
            write(i % 97 == 0 ? SyslogLevel.ERR : SyslogLevel.INFO, (i % 97 == 0 ? "error " : "info ") + i);
        }
        assertEquals(List.of("error 97", "error 194", "error 291"), lines(CommandLineTest.run("-p", "err", "-n", "3",
                "-o", "raw").out()));
        assertEquals(List.of("error 194", "error 291"), lines(CommandLineTest.run("-p", "err", "-n", "2", "-o", "raw").out()));
        assertEquals(List.of("info 299", "info 300"), lines(CommandLineTest.run("-n", "2", "-o", "raw").out()),
                "without a filter, as before");
        assertEquals(List.of("info 1", "info 2"), lines(CommandLineTest.run("-n", "+2", "-o", "raw").out()));

        Path out = dir.resolve("out");
        Process follow = reader(null, "-f", "-p", "err", "-n", "2", "-o", "raw").redirectOutput(out.toFile())
                .redirectError(dir.resolve("err").toFile()).start();
        await().atMost(WAIT).alias("the last 2 errors, once the ring is read").until(() -> lines(text(out)).size() == 2);
        assertEquals(List.of("error 194", "error 291"), lines(text(out)));
        write(SyslogLevel.INFO, "info 301");
        write(SyslogLevel.ERR, "error 302");
        await().atMost(WAIT).alias("then the new ones").until(() -> lines(text(out)).size() == 3);
        follow.destroy();
        assertTrue(follow.waitFor(2, TimeUnit.MINUTES));
        assertEquals(ExitCode.OK, follow.exitValue(), text(dir.resolve("err")));
        assertEquals(List.of("error 194", "error 291", "error 302"), lines(text(out)));

        Run max = CommandLineTest.run("-f", "-m", "2", "-o", "raw");
        assertEquals(List.of("info 1", "info 2"), lines(max.out()), "logcat's -m ends even a follow");
    }

    /**
     * A cgroup made by hand under /sys/fs/cgroup (the VM's init mounts none: the test does), and a
     * container's as docker's cgroupfs driver makes it: their records show their unit and container,
     * -u and --container find them, the bash completion offers the unit from the device, a log saved
     * while they exist keeps their names, and once they are gone the device shows the id alone and
     * says so.
     */
    @Test
    void recordsOfACgroupMadeByHandShowItsUnitAndContainer(@TempDir Path dir) throws Exception {
        Path root = Path.of("/sys/fs/cgroup");
        if (!Files.readString(Path.of("/proc/mounts")).contains(" " + root + " cgroup2 ")) {
            assertEquals(0, new ProcessBuilder("mount", "-t", "cgroup2", "none", root.toString()).inheritIO().start().waitFor());
        }
        String container = "4f2a" + "0".repeat(58) + "c9";
        Path service = Files.createDirectories(root.resolve("handmade.slice/handmade.service"));
        Path docker = Files.createDirectories(root.resolve("docker").resolve(container));
        try {
            for (Path[] p : new Path[][] {{service, Path.of("from the service")}, {docker, Path.of("from the container")}}) {
                Process sh = new ProcessBuilder("sh", "-c", "echo $$ > " + p[0].resolve("cgroup.procs")
                        + " && echo '" + p[1] + "' > /dev/logger").start();
                assertEquals(0, sh.waitFor());
            }
            write(SyslogLevel.INFO, "from the root cgroup");

            List<String> verbose = lines(CommandLineTest.run("-o", "verbose", "MESSAGE=from the service").out());
            assertTrue(verbose.containsAll(List.of("    _SYSTEMD_CGROUP=/handmade.slice/handmade.service",
                    "    _SYSTEMD_UNIT=handmade.service", "    _SYSTEMD_SLICE=handmade.slice")), String.join("\n", verbose));
            assertTrue(verbose.contains("    _CGROUP_ID=" + Files.getAttribute(service, "unix:ino")), String.join("\n", verbose));
            assertEquals(List.of("from the service"), lines(CommandLineTest.run("-u", "handmade", "-o", "raw").out()));
            assertEquals(List.of("from the service"), lines(CommandLineTest.run("-u", "handmade.slice", "-o", "raw").out()));
            assertEquals(List.of("from the container"), lines(CommandLineTest.run("--container", "4f2a", "-o", "raw").out()));
            assertTrue(CommandLineTest.run("-o", "json", "MESSAGE=from the container").out()
                    .contains("\"cgroup\":{\"path\":\"/docker/" + container + "\",\"unit\":null,\"user_unit\":null,"
                            + "\"slice\":null,\"container_id\":\"" + container + "\"}"));
            assertEquals("", CommandLineTest.run("-o", "raw").err(), "every cgroup named: nothing to say");

            // The completion, as bash calls it on a TAB after -u, asks the device.
            String repo = System.getenv().getOrDefault("LOGGER_REPO", "..");
            Process complete = new ProcessBuilder("bash", "--norc", "-c", "PATH=" + repo + "/reader/target:$PATH; source "
                    + repo + "/reader/target/logger-reader.bash; COMP_WORDS=(logger-reader -u ''); COMP_CWORD=2; "
                    + "COMP_LINE='logger-reader -u '; COMP_POINT=${#COMP_LINE}; _complete_logger-reader_with_the_log; "
                    + "echo \"${COMPREPLY[*]}\"").redirectErrorStream(true).start();
            assertEquals("handmade.service", new String(complete.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim());

            Path saved = dir.resolve("saved.log");
            try (OutputStream file = Files.newOutputStream(saved)) {
                assertEquals(ExitCode.OK, CommandLineTest.run(file, "-o", "binary").code());
            }
            Files.delete(service);
            Files.delete(docker);
            Run gone = CommandLineTest.run("-o", "verbose", "MESSAGE=from the service");
            assertTrue(gone.out().contains("    _CGROUP_ID=") && !gone.out().contains("_SYSTEMD_UNIT"), gone.out());
            assertTrue(gone.err().startsWith("logger-reader: the cgroup"), gone.err());
            assertTrue(gone.err().endsWith(" of some records cannot be named: they are gone, or not of this machine; "
                    + "they show _CGROUP_ID alone\n"), gone.err());
            assertEquals(List.of("from the service"), lines(CommandLineTest.run("--file", saved.toString(), "-u", "handmade",
                    "-o", "raw").out()), "the saved log keeps the names it was saved with");
        } finally {
            Files.deleteIfExists(service);
            Files.deleteIfExists(service.getParent());
            Files.deleteIfExists(docker);
            Files.deleteIfExists(docker.getParent());
        }
    }
}
