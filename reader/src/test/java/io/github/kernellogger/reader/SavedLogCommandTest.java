package io.github.kernellogger.reader;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.kernellogger.device.SyslogLevel;
import io.github.kernellogger.reader.CommandLineTest.Run;
import io.github.kernellogger.reader.command.ExitCode;
import io.github.kernellogger.reader.output.OutputFormat;
import io.github.kernellogger.reader.read.Gap;
import io.github.kernellogger.reader.read.RecordSink;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --file: a saved log read with every filter and format, as the device would be. */
class SavedLogCommandTest {
    private static final String LOAD = "5c0e21f4a3b24c6f8e1d9a7b6c5d4e3f";

    @TempDir
    Path dir;
    private Path saved;

    @BeforeEach
    void save() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        RecordSink binary = OutputFormat.BINARY.open(out, false, ZoneOffset.UTC);
        binary.begin(LOAD);
        binary.record(Records.framed(1, SyslogLevel.INFO, "started", "TAG", "com.acme.Main", "THREAD", "main"));
        binary.record(Records.framed(2, SyslogLevel.ERR, "payment failed", "TAG", "com.acme.Payments", "THREAD", "pool-1"));
        binary.gap(new Gap(2, 3, 4));
        binary.record(Records.framed(5, SyslogLevel.DEBUG, "cache warm", "TAG", "com.acme.Cache", "THREAD", "main"));
        binary.record(Records.of(6, SyslogLevel.WARNING, "python3", "disk 91% full\n".getBytes(StandardCharsets.UTF_8)));
        binary.flush();
        saved = dir.resolve("saved.log");
        Files.write(saved, out.toByteArray());
    }

    private Run file(String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "--file";
        all[1] = saved.toString();
        System.arraycopy(args, 0, all, 2, args.length);
        return CommandLineTest.run(all);
    }

    @Test
    void everyFormat() {
        Run r = file("--utc");
        assertEquals(ExitCode.OK, r.code(), r.err());
        assertEquals(""
                + "Nov 25 16:04:22.124401 info    com.acme.Main[4242/main]: started\n"
                + "Nov 25 16:04:22.125401 err     com.acme.Payments[4242/pool-1]: payment failed\n"
                + "-- 2 records lost (seq 3..4, overwritten before they were read) --\n"
                + "Nov 25 16:04:22.128401 debug   com.acme.Cache[4242/main]: cache warm\n"
                + "Nov 25 16:04:22.129456 warning python3[4242/4251]: disk 91% full\n", r.out());
        assertEquals("logger-reader: 2 records were lost before they were read (overwritten as the ring wrapped)"
                + System.lineSeparator(), r.err(), "as a read of the device says it");
        assertEquals(ExitCode.LOSS, file("--fail-on-loss").code());
        assertEquals(5, file("-o", "json").out().lines().count());
        assertEquals("Wed 2026-11-25 16:04:22.124456789 UTC [instance=" + LOAD + ";seq=1]",
                file("-o", "verbose", "--utc").out().lines().findFirst().orElseThrow());
        assertEquals("started\npayment failed\n-- 2 records lost (seq 3..4, overwritten before they were read) --\n"
                + "cache warm\ndisk 91% full\n", file("-o", "raw").out());
    }

    @Test
    void everyFilterAndTheLastRecords() {
        Run errors = file("-o", "raw", "-p", "err");
        assertEquals("payment failed\n", errors.out(), "a loss with no record shown after it is not in the output");
        assertEquals("logger-reader: 2 records were lost before they were read (overwritten as the ring wrapped)"
                + System.lineSeparator(), errors.err(), "but in the summary");
        assertEquals("-- 2 records lost (seq 3..4, overwritten before they were read) --\ndisk 91% full\n",
                file("-o", "raw", "-p", "warning..err", "--since", "2026-11-25T16:04:22.126Z").out(),
                "one right before a record shown is shown");
        assertEquals("started\ncache warm\n", file("-o", "raw", "THREAD=main").out().replaceAll("-- .*\n", ""));
        assertEquals("payment failed\ncache warm\n", file("-o", "raw", "-t", "com.acme.Pay*", "-t", "*Cache").out()
                .replaceAll("-- .*\n", ""));
        assertEquals("payment failed\ndisk 91% full\n", file("-o", "raw", "com.acme.*:E").out().replaceAll("-- .*\n", ""));
        assertEquals("disk 91% full\n", file("-o", "raw", "python3", "*:S").out().replaceAll("-- .*\n", ""));
        assertEquals("started\n", file("-o", "raw", "--since", "2026-11-25T16:04:22.124Z",
                "--until", "2026-11-25T16:04:22.1245Z").out().replaceAll("-- .*\n", ""));
        assertEquals("-- 2 records lost (seq 3..4, overwritten before they were read) --\ncache warm\ndisk 91% full\n",
                file("-o", "raw", "-n", "2").out());
    }

    @Test
    void standardInputAndSavingAgainGiveTheSameBytes() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = LoggerReader.execute(new String[] {"--file", "-", "-o", "binary"},
                new ByteArrayInputStream(Files.readAllBytes(saved)), out, new PrintStream(new ByteArrayOutputStream()), false);
        assertEquals(ExitCode.OK, code);
        assertArrayEquals(Files.readAllBytes(saved), out.toByteArray());
    }

    @Test
    void aFileThatIsNoSavedLogIsOneLineAndExitCode1() throws IOException {
        Path text = dir.resolve("syslog");
        Files.writeString(text, "Nov 25 16:04:22 host app: started\n");
        Run r = CommandLineTest.run("--file", text.toString());
        assertEquals(ExitCode.ERROR, r.code());
        assertEquals("logger-reader: " + text + " is not a log saved by logger-reader -o binary: it does not start "
                + "with the header of one" + System.lineSeparator(), r.err());
        Run missing = CommandLineTest.run("--file", dir.resolve("nothing").toString());
        assertEquals(ExitCode.ERROR, missing.code());
        assertEquals("logger-reader: cannot read " + dir.resolve("nothing") + ": it does not exist"
                + System.lineSeparator(), missing.err());
    }


    /** A level byte of 9 is damage, said at its byte, after the records before it are shown. */
    @Test
    void aLevelOf9IsDamageAtItsByteAfterTheRecordsBefore() throws IOException {
        byte[] bytes = Files.readAllBytes(saved);
        List<Integer> records = io.github.kernellogger.reader.read.SavedLogTestAccess.recordsAt(bytes);
        int level = records.get(2) + io.github.kernellogger.device.LoggerAbi.ENTRY_LEVEL_OFFSET;
        bytes[level] = 9;
        Path damaged = dir.resolve("damaged.log");
        Files.write(damaged, bytes);
        Run r = CommandLineTest.run("--file", damaged.toString(), "-o", "raw", "-q");
        assertEquals(ExitCode.ERROR, r.code());
        assertEquals("started\npayment failed\n-- 2 records lost (seq 3..4, overwritten before they were read) --\n",
                r.out(), "what came before it");
        assertEquals("logger-reader: " + damaged + " is damaged at byte " + level + ": level 9 is not a syslog level (0..7) "
                + "(every record before was read)" + System.lineSeparator(), r.err());
    }
}
