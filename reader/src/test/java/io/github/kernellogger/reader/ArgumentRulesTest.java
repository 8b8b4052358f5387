package io.github.kernellogger.reader;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.kernellogger.device.LogRecord;
import io.github.kernellogger.device.SyslogLevel;
import io.github.kernellogger.reader.CommandLineTest.Run;
import io.github.kernellogger.reader.command.ExitCode;
import io.github.kernellogger.reader.read.SavedCgroups;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The rules of the arguments after the options: every valid logcat filter spec and journalctl
 * match works as it does there, and a word that is neither is an error that says what it would
 * have meant and what may have been meant.
 */
class ArgumentRulesTest {
    private static final String LOAD = "5c0e21f4a3b24c6f8e1d9a7b6c5d4e3f";

    @TempDir
    Path dir;
    private Path saved;

    @BeforeEach
    void save() throws IOException {
        SavedCgroups names = new SavedCgroups();
        names.learn(5213, "/system.slice/payments.service");
        saved = SavedLogs.write(dir.resolve("saved.log"), names, LOAD, List.of(
                Records.framed(1, SyslogLevel.INFO, "started", "TAG", "com.acme.Payments", "THREAD", "main"),
                Records.framed(2, SyslogLevel.ERR, "payment failed", "TAG", "com.acme.Payments", "THREAD", "pool-1"),
                Records.framed(3, SyslogLevel.WARNING, "order late", "TAG", "com.acme.Orders", "THREAD", "main"),
                Records.of(4, SyslogLevel.DEBUG, "kworker/0:1", "flush".getBytes(StandardCharsets.UTF_8)),
                new LogRecord(5, Records.BASE_NS + 5_000_000, SyslogLevel.WARNING, 122, 122, 0, 0, "python3",
                        "disk 91% full\n".getBytes(StandardCharsets.UTF_8), 0, 0, 0, List.of())));
    }

    private Run file(String... args) {
        List<String> all = new ArrayList<>(List.of("--file", saved.toString(), "-o", "raw"));
        all.addAll(List.of(args));
        return CommandLineTest.run(all.toArray(new String[0]));
    }

    /** Arguments separated by " ; ", and the messages they let through (raw, one a line). */
    @ParameterizedTest
    @CsvSource(quoteCharacter = '"', delimiterString = " => ", value = {
        "com.acme.Payments => started|payment failed|order late|flush|disk 91% full",
        "com.acme.Payments ; *:S => started|payment failed",
        "com.acme.Payments:E ; *:S => payment failed",
        "*:W => payment failed|order late|disk 91% full",
        "com.acme.*:I => started|payment failed|order late|flush|disk 91% full",
        "com.acme.* ; *:S => started|payment failed|order late",
        "kworker/0:1:V ; *:S => flush",
        "python3 ; *:S => disk 91% full",
        "Nowhere:D ; *:S => ",
        "*:S => ",
        "-s ; com.acme.Orders => order late",
        "TAG=com.acme.Payments => started|payment failed",
        "TAG=com.acme.Payments ; THREAD=main => started",
        "TAG=com.acme.Payments ; TAG=com.acme.Orders => started|payment failed|order late",
        "_PID=122 ; + ; TAG=com.acme.Orders => order late|disk 91% full",
        "_PID=122 ; + ; TAG=com.acme.Orders ; THREAD=pool-1 => disk 91% full",
        "FOO=bar => ",
        "PRIORITY=3 => payment failed",
        "_SYSTEMD_UNIT=payments.service => started|payment failed|order late",
        "MESSAGE=disk 91% full => disk 91% full",
        "TAG=com.acme.Payments ; *:S ; com.acme.Payments:E => payment failed",
    })
    void everyValidSpecAndMatchWorksAsThere(String args, String messages) {
        Run r = file(args.split(" ; "));
        assertEquals(ExitCode.OK, r.code(), r.err());
        assertEquals(messages == null ? List.of() : List.of(messages.split("\\|")), r.out().lines().toList());
    }

    @ParameterizedTest
    @CsvSource(quoteCharacter = '"', delimiterString = " => ", value = {
        "stat => 'stat' is not a tag in the log: as a logcat filter spec (stat:V) it would hide no record, as logcat "
            + "shows every tag no spec names. Did you mean the command 'stats'? (A spec with a level, 'stat:V', is taken as it is.)",
        "clera => 'clera' is not a tag in the log: as a logcat filter spec (clera:V) it would hide no record, as logcat "
            + "shows every tag no spec names. Did you mean the command 'clear'? (A spec with a level, 'clera:V', is taken as it is.)",
        "Payments => 'Payments' is not a tag in the log: as a logcat filter spec (Payments:V) it would hide no record, as "
            + "logcat shows every tag no spec names. Did you mean the tag com.acme.Payments ('*Payments' for every tag that "
            + "ends so)? (A spec with a level, 'Payments:V', is taken as it is.)",
        "Paymetns *:S => 'Paymetns' is not a tag in the log: as a logcat filter spec (Paymetns:V) it would add no record. "
            + "(A spec with a level, 'Paymetns:V', is taken as it is.)",
        "com.acme.Paymnets => 'com.acme.Paymnets' is not a tag in the log: as a logcat filter spec (com.acme.Paymnets:V) "
            + "it would hide no record, as logcat shows every tag no spec names. Did you mean the tag com.acme.Payments? "
            + "(A spec with a level, 'com.acme.Paymnets:V', is taken as it is.)",
        "org.* => 'org.*' is a pattern no tag in the log matches: as a logcat filter spec (org.*:V) it would hide no "
            + "record, as logcat shows every tag no spec names. (A spec with a level, 'org.*:V', is taken as it is.)",
        "jsonn => 'jsonn' is not a tag in the log: as a logcat filter spec (jsonn:V) it would hide no record, as logcat "
            + "shows every tag no spec names. Did you mean -o json? (A spec with a level, 'jsonn:V', is taken as it is.)",
        "20 => '20' is not a tag in the log: as a logcat filter spec (20:V) it would hide no record, as logcat shows every "
            + "tag no spec names. Did you mean -n 20 (the last 20 records)? (A spec with a level, '20:V', is taken as it is.)",
        "THREAD => 'THREAD' is not a tag in the log: as a logcat filter spec (THREAD:V) it would hide no record, as logcat "
            + "shows every tag no spec names. Did you mean the match THREAD=VALUE? (A spec with a level, 'THREAD:V', is "
            + "taken as it is.)",
        "_PID=122 + + TAG=x => '+' goes between two groups of matches, as journalctl's OR (_PID=122 + TAG=x): it has no "
            + "match after it",
        "_PID=122 + *:S => '+' joins groups of matches (KEY=VALUE + KEY=VALUE), as journalctl's OR; '*:S' is a logcat "
            + "filter spec, which applies to every record: put it before or after the matches",
        "com.acme:Q => 'com.acme:Q' is not a filter spec: 'Q' is not a level (use one of V D I W E F S, or a name such "
            + "as err or warning; a tag with a ':' takes a level after it: 'com.acme:Q:V')",
    })
    void aWordThatIsNeitherIsAnErrorThatSaysWhat(String args, String message) {
        Run r = file(args.split(" "));
        assertEquals(ExitCode.USAGE, r.code());
        assertEquals("logger-reader: " + message + " (see logger-reader --help)" + System.lineSeparator(), r.err());
        assertEquals("", r.out());
    }

    @Test
    void aBareWordOnAStreamIsRefusedWithTheWaysToSayIt() throws IOException {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = LoggerReader.execute(new String[] {"--file", "-", "com.acme.Payments"},
                new ByteArrayInputStream(Files.readAllBytes(saved)), new ByteArrayOutputStream(),
                new PrintStream(err, true, StandardCharsets.UTF_8), false);
        assertEquals(ExitCode.USAGE, code);
        assertEquals("logger-reader: 'com.acme.Payments' would be a filter spec only if it named a tag of the log, which a "
                + "stream cannot show before it is read: write it with a level ('com.acme.Payments:V') or as a match "
                + "(TAG=com.acme.Payments) (see logger-reader --help)" + System.lineSeparator(), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void logcatsLettersAreLevelsOfP() {
        assertEquals(List.of("payment failed"), file("-p", "E").out().lines().toList());
        assertEquals(List.of("payment failed", "order late", "disk 91% full"), file("-p", "W..E").out().lines().toList());
    }
}
