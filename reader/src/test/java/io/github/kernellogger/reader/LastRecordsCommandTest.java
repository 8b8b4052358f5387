package io.github.kernellogger.reader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kernellogger.device.LogRecord;
import io.github.kernellogger.device.SyslogLevel;
import io.github.kernellogger.reader.CommandLineTest.Run;
import io.github.kernellogger.reader.command.ExitCode;
import io.github.kernellogger.reader.read.CgroupNames;
import io.github.kernellogger.reader.read.Gap;
import io.github.kernellogger.reader.read.Reload;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * -n, -m and -r of a saved log, as journalctl counts: the records that pass the filters. The log
 * has 400 records of which few are errors (seq 13, 120, 250, 390), and losses among the records
 * the filters hide.
 */
class LastRecordsCommandTest {
    private static final String LOAD = "5c0e21f4a3b24c6f8e1d9a7b6c5d4e3f";
    private static final String NEXT_LOAD = "0123456789abcdef0123456789abcdef";
    private static final List<Integer> ERRORS = List.of(13, 120, 250, 390);

    @TempDir
    Path dir;
    private Path saved;

    private static LogRecord record(long seq) {
        boolean err = ERRORS.contains((int) seq);
        return Records.of(seq, err ? SyslogLevel.ERR : SyslogLevel.INFO, (err ? "error " : "info ") + seq);
    }

    @BeforeEach
    void save() throws IOException {
        List<Object> events = new ArrayList<>();
        for (long seq = 1; seq <= 400; seq++) {
            if (seq == 60 || seq == 200) {
                events.add(new Gap(3, seq, seq + 2)); // among hidden records
                seq += 3;
            }
            events.add(record(seq));
        }
        saved = SavedLogs.write(dir.resolve("saved.log"), CgroupNames.NONE, LOAD, events);
    }

    private Run file(String... args) {
        List<String> all = new ArrayList<>(List.of("--file", saved.toString(), "-o", "raw", "-q"));
        all.addAll(List.of(args));
        return CommandLineTest.run(all.toArray(new String[0]));
    }

    private static final String LOST_60 = "-- 3 records lost (seq 60..62, overwritten before they were read) --";
    private static final String LOST_200 = "-- 3 records lost (seq 200..202, overwritten before they were read) --";

    /**
     * The case: the last errors of a log where errors are rare. -n took the last records
     * and filtered them, which left none of the last 3 records (398..400) and printed nothing.
     */
    @Test
    void theLastErrorsAreTheLastRecordsThatAreErrors() {
        Run r = file("-p", "err", "-n", "3");
        assertEquals(ExitCode.OK, r.code(), r.err());
        assertEquals(List.of(LOST_60, "error 120", LOST_200, "error 250", "error 390"), r.out().lines().toList(),
                "with the loss right before the first of them");
        assertEquals(List.of("error 13", LOST_60, "error 120", LOST_200, "error 250", "error 390"),
                file("-p", "err", "-n", "20").out().lines().toList(), "fewer than 20: all of them");
    }

    /**
     * A loss waits for the next record shown; one with no record shown after it is said only on
     * stderr.
     */
    @Test
    void markersWaitForARecordShown() throws IOException {
        assertEquals(List.of("error 13", LOST_60, "error 120", LOST_200, "error 250", "error 390"),
                file("-p", "err").out().lines().toList());
        assertEquals(List.of(LOST_200, "error 250", "error 390"), file("-p", "err", "-n", "2").out().lines().toList(),
                "what came right before the window's first record stays");
        assertEquals("", file("-p", "crit").out(), "nothing shown: nothing to put a loss beside");
        assertEquals(List.of("error 13"), file("-p", "err", "--until", "2026-11-25T16:04:22.150Z")
                .out().lines().toList(), "the loss after the last record shown has no record after it");
        Run none = CommandLineTest.run("--file", saved.toString(), "-o", "raw", "-p", "crit");
        assertEquals("logger-reader: 6 records were lost before they were read (overwritten as the ring wrapped)"
                + System.lineSeparator(), none.err(), "the summary still says it");
        Path losses = SavedLogs.write(dir.resolve("losses.log"), CgroupNames.NONE, LOAD, List.of(record(13),
                record(14), new Gap(2, 15, 16), record(17), new Gap(3, 18, 20), record(120)));
        assertEquals(List.of("error 13", "-- 5 records lost (seq 15..20, overwritten before they were read) --",
                "error 120"), CommandLineTest.run("--file", losses.toString(), "-o", "raw", "-q", "-p", "err").out()
                .lines().toList(), "two losses among hidden records are one");
    }

    @Test
    void nAloneIsTenPlusIsTheFirstAndAllIsAll() {
        List<String> last10 = file("-n").out().lines().toList();
        assertEquals(IntStream.rangeClosed(391, 400).mapToObj(s -> record(s).message()).toList(), last10);
        assertEquals(List.of("info 1", "info 2", "info 3"), file("-n", "+3").out().lines().toList());
        assertEquals(List.of("error 13", "error 120"), file("-p", "err", "-n", "+2").out().lines()
                .filter(l -> !l.startsWith("--")).toList());
        assertEquals(400 - 6, file("-n", "all").out().lines().filter(l -> !l.startsWith("--")).count());
        assertEquals(List.of("info 1", "info 2"), file("-m", "2").out().lines().toList(), "logcat's -m");
    }

    @Test
    void reverseIsNewestFirst() {
        assertEquals(List.of("error 390", "error 250", LOST_200, "error 120", LOST_60),
                file("-p", "err", "-n", "3", "-r").out().lines().toList());
    }

    @Test
    void aReloadInsideTheWindowStaysAndTheWindowSaysItsLoad() throws IOException {
        Path two = SavedLogs.write(dir.resolve("two.log"), CgroupNames.NONE, LOAD, List.of(
                record(1), record(13), new Reload(LOAD, NEXT_LOAD, true), record(2), Records.of(3, SyslogLevel.ERR, "new error")));
        Run json = CommandLineTest.run("--file", two.toString(), "-o", "json", "-p", "err", "-n", "1");
        List<String> objects = json.out().lines().toList();
        assertEquals(2, objects.size(), json.out());
        assertTrue(objects.get(0).startsWith("{\"type\":\"reload\""), "the reload right before it: " + json.out());
        assertTrue(objects.get(1).contains("\"instance\":\"" + NEXT_LOAD + "\""), "the record of the new load: " + json.out());
        Run last = CommandLineTest.run("--file", two.toString(), "-o", "json", "-n", "1");
        assertTrue(last.out().startsWith("{\"seq\":3,\"instance\":\"" + NEXT_LOAD + "\""),
                "a window after the reload is said to be of the new load: " + last.out());
        Run both = CommandLineTest.run("--file", two.toString(), "-o", "raw", "-p", "err", "-n", "2");
        assertEquals(List.of("error 13", "-- the logger module was reloaded; reading from its oldest record --", "new error"),
                both.out().lines().toList());
    }
}
