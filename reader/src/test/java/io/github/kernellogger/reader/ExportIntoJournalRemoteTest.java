package io.github.kernellogger.reader;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.github.kernellogger.device.LogRecord;
import io.github.kernellogger.device.RecordField;
import io.github.kernellogger.device.SyslogLevel;
import io.github.kernellogger.reader.command.ExitCode;
import io.github.kernellogger.reader.command.StandardOutput;
import io.github.kernellogger.reader.command.Streams;
import io.github.kernellogger.reader.forward.engines.JournalEntry;
import io.github.kernellogger.reader.forward.engines.JournalRemote;
import io.github.kernellogger.reader.output.OutputFormat;
import io.github.kernellogger.reader.read.Gap;
import io.github.kernellogger.reader.read.RecordSink;
import io.github.kernellogger.reader.read.Reload;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code logger-reader --file SAVED -o export} piped into Debian's systemd-journal-remote, and the
 * journal it wrote read back with journalctl: every record an entry with every field, the
 * multi-line and the non-UTF-8 message byte for byte, the writer's keys under valid names, and
 * the loss and the reload as the reader's own entries.
 */
class ExportIntoJournalRemoteTest {
    private static final String LOAD = "5c0e21f4a3b24c6f8e1d9a7b6c5d4e3f";
    private static final String NEW_LOAD = "0123456789abcdef0123456789abcdef";
    private static final byte[] MULTI_LINE = ("payment failed\njava.lang.IllegalStateException: card declined\n"
            + "\tat com.acme.Payments.charge(Payments.java:42)").getBytes(StandardCharsets.UTF_8);
    private static final byte[] NOT_UTF8 = Records.bytes("caf\u00e9 latin-1 \u001b[31mred");
    private static final byte[] COMM = Records.bytes("w\u00ff");

    /** The fields the journal adds to every entry, which the test does not check value by value. */
    private static final Set<String> JOURNALS_OWN = Set.of("__CURSOR", "__MONOTONIC_TIMESTAMP", "_BOOT_ID");

    @TempDir
    Path dir;

    private Path saveLog() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        RecordSink binary = OutputFormat.BINARY.open(out, false, ZoneOffset.UTC);
        binary.begin(LOAD);
        binary.record(Records.framed(1, SyslogLevel.INFO, "started", "TAG", "com.acme.Main", "THREAD", "main",
                "user.id", "42", "9lives", "cat", "MESSAGE", "the writer's MESSAGE", "tag", "lower"));
        binary.record(Records.framed(Records.of(2, SyslogLevel.ERR, "KernelDevice", MULTI_LINE),
                List.of(RecordField.of("TAG", "com.acme.Payments"))));
        binary.gap(new Gap(2, 3, 4));
        LogRecord plain = Records.of(5, SyslogLevel.WARNING, "KernelDevice", NOT_UTF8);
        binary.record(new LogRecord(plain.seq(), plain.timestampNanos(), plain.level(), plain.pid(), plain.tid(),
                plain.uid(), plain.gid(), COMM, plain.payload(), 0, 0, 0, List.of()));
        binary.record(Records.of(6, SyslogLevel.NOTICE, "disk 91% full\n"));
        binary.reload(new Reload(LOAD, NEW_LOAD, true));
        binary.record(Records.of(1, SyslogLevel.DEBUG, "after the reload"));
        binary.flush();
        Path saved = dir.resolve("saved.log");
        Files.write(saved, out.toByteArray());
        return saved;
    }

    /** The entry's fields, one text a value, but the journal's own. */
    private static Map<String, List<String>> fields(JournalEntry e) {
        Map<String, List<String>> m = new TreeMap<>();
        for (String name : e.names()) {
            if (!JOURNALS_OWN.contains(name)) {
                m.put(name, e.texts(name));
            }
        }
        return m;
    }

    @Test
    void everyRecordLossAndReloadReadsBackFromTheJournalWithEveryField() throws Exception {
        Path saved = saveLog();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (JournalRemote journal = JournalRemote.create()) {
            JournalRemote.FeedReport report;
            try (JournalRemote.Feed feed = journal.startFeed()) {
                Streams pipe = new Streams(new StandardOutput(feed.input()),
                        new PrintStream(err, true, StandardCharsets.UTF_8), InputStream.nullInputStream(), false, false);
                assertEquals(ExitCode.OK, LoggerReader.commandLine(pipe).execute("--file", saved.toString(), "-o", "export"),
                        err.toString(StandardCharsets.UTF_8));
                report = feed.finish();
            }
            assertEquals(7, report.entriesWritten(), report.stderr());
            assertFalse(report.stderr().contains("ignoring"), report.stderr());

            List<JournalEntry> entries = journal.entries();
            assertEquals(7, entries.size(), entries.toString());

            assertEquals(new TreeMap<>(Map.ofEntries(
                    Map.entry("__REALTIME_TIMESTAMP", List.of("1795622662124456")),
                    Map.entry("_SOURCE_REALTIME_TIMESTAMP", List.of("1795622662124401")),
                    Map.entry("_LOGGER_INSTANCE", List.of(LOAD)),
                    Map.entry("_LOGGER_SEQ", List.of("1")),
                    Map.entry("_PID", List.of("4242")),
                    Map.entry("TID", List.of("4251")),
                    Map.entry("_UID", List.of("1000")),
                    Map.entry("_GID", List.of("1000")),
                    Map.entry("_COMM", List.of("KernelDevice")),
                    Map.entry("_CGROUP_ID", List.of("5213")),
                    Map.entry("PRIORITY", List.of("6")),
                    Map.entry("SYSLOG_IDENTIFIER", List.of("com.acme.Main")),
                    Map.entry("TAG", List.of("com.acme.Main", "lower")),
                    Map.entry("THREAD", List.of("main")),
                    Map.entry("USER_ID", List.of("42")),
                    Map.entry("FIELD_9LIVES", List.of("cat")),
                    Map.entry("FIELD_MESSAGE", List.of("the writer's MESSAGE")),
                    Map.entry("MESSAGE", List.of("started")))), fields(entries.get(0)));

            JournalEntry multiLine = entries.get(1);
            assertArrayEquals(MULTI_LINE, multiLine.bytes("MESSAGE"), "the multi-line message, byte for byte");
            assertEquals("3", multiLine.text("PRIORITY"));
            assertEquals("com.acme.Payments", multiLine.text("SYSLOG_IDENTIFIER"));
            assertEquals("2", multiLine.text("_LOGGER_SEQ"));

            assertEquals(new TreeMap<>(Map.of(
                    "__REALTIME_TIMESTAMP", List.of("1795622662128456"),
                    "PRIORITY", List.of("4"),
                    "SYSLOG_IDENTIFIER", List.of("logger-reader"),
                    "MESSAGE_ID", List.of("4a72d5920f2b44c1b5c17ee24c199473"),
                    "MESSAGE", List.of("-- 2 records lost (seq 3..4, overwritten before they were read) --"),
                    "_LOGGER_INSTANCE", List.of(LOAD),
                    "_LOGGER_LOST", List.of("2"),
                    "_LOGGER_FIRST_LOST_SEQ", List.of("3"),
                    "_LOGGER_LAST_LOST_SEQ", List.of("4"))), fields(entries.get(2)),
                    "the loss, at the time of the record after it");

            JournalEntry notUtf8 = entries.get(3);
            assertArrayEquals(NOT_UTF8, notUtf8.bytes("MESSAGE"), "the message that is not UTF-8, byte for byte");
            assertArrayEquals(COMM, notUtf8.bytes("_COMM"));
            assertArrayEquals(COMM, notUtf8.bytes("SYSLOG_IDENTIFIER"), "no TAG: the comm");
            assertFalse(notUtf8.has("_SOURCE_REALTIME_TIMESTAMP"), "the writer gave no time of its own");
            assertFalse(notUtf8.has("_CGROUP_ID"), "the kernel gave no cgroup");

            assertEquals("disk 91% full", entries.get(4).text("MESSAGE"), "without its trailing newline");

            assertEquals(new TreeMap<>(Map.of(
                    "__REALTIME_TIMESTAMP", List.of("1795622662124456"),
                    "PRIORITY", List.of("5"),
                    "SYSLOG_IDENTIFIER", List.of("logger-reader"),
                    "MESSAGE_ID", List.of("4d7e131998eb48b9aec0a80d06977b90"),
                    "MESSAGE", List.of("-- the logger module was reloaded; reading from its oldest record --"),
                    "_LOGGER_PREVIOUS_INSTANCE", List.of(LOAD),
                    "_LOGGER_INSTANCE", List.of(NEW_LOAD))), fields(entries.get(5)));
            assertEquals(List.of(NEW_LOAD, "1", "7", "after the reload"), List.of(entries.get(6).text("_LOGGER_INSTANCE"),
                    entries.get(6).text("_LOGGER_SEQ"), entries.get(6).text("PRIORITY"), entries.get(6).text("MESSAGE")));
        }
    }

    /**
     * A log saved where its cgroups could be named carries their names; exported, they are
     * journald's own fields, by which journalctl -u finds a unit's records in the journal.
     */
    @Test
    void unitsAndContainersAreJournaldsFieldsAndJournalctlFindsAUnit() throws Exception {
        String container = "4f2a" + "0".repeat(58) + "c9";
        io.github.kernellogger.reader.read.SavedCgroups names = new io.github.kernellogger.reader.read.SavedCgroups();
        names.learn(5213, "/system.slice/payments.service");
        names.learn(6000, "/system.slice/docker-" + container + ".scope");
        LogRecord inContainer = Records.framed(2, SyslogLevel.INFO, "from a container", "TAG", "web");
        Path saved = SavedLogs.write(dir.resolve("units.log"), names, LOAD, List.of(
                Records.framed(1, SyslogLevel.INFO, "from payments", "TAG", "com.acme.Payments"),
                new LogRecord(inContainer.seq(), inContainer.timestampNanos(), inContainer.level(), inContainer.pid(),
                        inContainer.tid(), inContainer.uid(), inContainer.gid(), inContainer.commBytes(), inContainer.payload(),
                        inContainer.sourceTimestampNanos(), 6000, inContainer.flags(), inContainer.fields())));
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (JournalRemote journal = JournalRemote.create()) {
            try (JournalRemote.Feed feed = journal.startFeed()) {
                Streams pipe = new Streams(new StandardOutput(feed.input()),
                        new PrintStream(err, true, StandardCharsets.UTF_8), InputStream.nullInputStream(), false, false);
                assertEquals(ExitCode.OK, LoggerReader.commandLine(pipe).execute("--file", saved.toString(), "-o", "export"),
                        err.toString(StandardCharsets.UTF_8));
                feed.finish();
            }
            List<JournalEntry> entries = journal.entries();
            assertEquals(List.of("/system.slice/payments.service"), entries.get(0).texts("_SYSTEMD_CGROUP"));
            assertEquals(List.of("payments.service"), entries.get(0).texts("_SYSTEMD_UNIT"));
            assertEquals(List.of("system.slice"), entries.get(0).texts("_SYSTEMD_SLICE"));
            assertEquals(List.of(container), entries.get(1).texts("_CONTAINER_ID"));
            Process journalctl = new ProcessBuilder("/usr/bin/journalctl", "--directory=" + journal.directory(),
                    "-u", "payments.service", "-o", "cat", "--no-pager").redirectErrorStream(true).start();
            assertEquals("from payments\n", new String(journalctl.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                    "journalctl -u finds the unit's records");
            assertEquals(0, journalctl.waitFor());
        }
    }
}
