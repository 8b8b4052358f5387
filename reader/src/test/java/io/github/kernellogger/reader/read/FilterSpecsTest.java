package io.github.kernellogger.reader.read;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kernellogger.device.LogRecord;
import io.github.kernellogger.device.SyslogLevel;
import io.github.kernellogger.reader.Records;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** logcat's filter specs, TAG[:LEVEL], with patterns and the most specific spec winning. */
class FilterSpecsTest {

    private static LogRecord tagged(String tag, SyslogLevel level) {
        return Records.framed(1, level, "m", "TAG", tag, "THREAD", "main");
    }

    private static boolean passes(String specs, LogRecord r) {
        return FilterSpecs.parse(List.of(specs.split(" "))).test(r);
    }

    /** Each letter lets through its level and the more severe, and nothing less severe. */
    @ParameterizedTest
    @CsvSource({
        "V, DEBUG, true", "D, DEBUG, true", "I, INFO, true", "I, DEBUG, false", "I, NOTICE, true",
        "W, WARNING, true", "W, NOTICE, false", "E, ERR, true", "E, WARNING, false", "E, CRIT, true",
        "F, ALERT, true", "F, CRIT, false", "F, EMERG, true", "S, EMERG, false",
        "w, WARNING, true", "e, WARNING, false",
        "err, ERR, true", "err, WARNING, false", "warning, WARNING, true", "warn, NOTICE, false",
        "debug, DEBUG, true", "fatal, CRIT, false", "emerg, EMERG, true", "emerg, ALERT, false"})
    void aLevelLetsThroughItselfAndTheMoreSevere(String level, SyslogLevel recordLevel, boolean passes) {
        assertEquals(passes, passes("com.acme.Payments:" + level, tagged("com.acme.Payments", recordLevel)));
    }

    @Test
    void aTagAloneIsVerboseAndATagNoSpecNamesShowsAtVerboseUnlessStarSaysOtherwise() {
        assertTrue(passes("com.acme.Payments", tagged("com.acme.Payments", SyslogLevel.DEBUG)));
        assertTrue(passes("com.acme.Payments:E", tagged("com.acme.Other", SyslogLevel.DEBUG)), "as logcat");
        assertFalse(passes("com.acme.Payments:E *:S", tagged("com.acme.Other", SyslogLevel.EMERG)));
        assertTrue(passes("com.acme.Payments:E *:S", tagged("com.acme.Payments", SyslogLevel.ERR)));
        assertFalse(passes("*:W", tagged("anything", SyslogLevel.NOTICE)));
        assertTrue(passes("*:W", tagged("anything", SyslogLevel.WARNING)));
    }

    @Test
    void theMostSpecificSpecWinsAndOfTwoAsSpecificTheLater() {
        String specs = "com.acme.*:W com.acme.db.*:D com.acme.db.Pool:E *:S";
        assertTrue(passes(specs, tagged("com.acme.db.Query", SyslogLevel.DEBUG)));
        assertFalse(passes(specs, tagged("com.acme.web.Page", SyslogLevel.INFO)));
        assertTrue(passes(specs, tagged("com.acme.web.Page", SyslogLevel.WARNING)));
        assertFalse(passes(specs, tagged("com.acme.db.Pool", SyslogLevel.WARNING)), "the exact tag");
        assertFalse(passes(specs, tagged("org.other.Thing", SyslogLevel.EMERG)));
        assertTrue(passes("app:E app:D", tagged("app", SyslogLevel.DEBUG)), "the later");
        assertFalse(passes("app:D app:E", tagged("app", SyslogLevel.DEBUG)), "the later");
    }

    @Test
    void aRecordWithoutATagIsMatchedByItsComm() {
        LogRecord plain = Records.of(1, SyslogLevel.INFO, "python3", "x".getBytes());
        assertTrue(passes("python3:I *:S", plain));
        assertFalse(passes("python3:W", plain));
        LogRecord kworker = Records.of(1, SyslogLevel.INFO, "kworker/0:1", "x".getBytes());
        assertTrue(passes("kworker/0:1:V *:S", kworker), "the level is split off at the last colon");
        assertFalse(passes("kworker/*:W", kworker));
    }

    @ParameterizedTest
    @CsvSource(quoteCharacter = '"', delimiterString = " => ", value = {
        "com.acme:Q => 'com.acme:Q' is not a filter spec: 'Q' is not a level (use one of V D I W E F S, or a name "
            + "such as err or warning; a tag with a ':' takes a level after it: 'com.acme:Q:V')",
        "kworker/0:1 => 'kworker/0:1' is not a filter spec: '1' is not a level (use one of V D I W E F S, or a name "
            + "such as err or warning; a tag with a ':' takes a level after it: 'kworker/0:1:V')",
        ":W => ':W' is not a filter spec: no tag before the level (use TAG:LEVEL, or '*:LEVEL' for every tag)",
        "app: => 'app:' is not a filter spec: '' is not a level (use one of V D I W E F S, or a name such as err "
            + "or warning; a tag with a ':' takes a level after it: 'app::V')"})
    void aSpecThatIsNoneIsNamedWithWhy(String spec, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FilterSpecs.parse(List.of(spec)));
        assertEquals(message, e.getMessage());
    }

    @ParameterizedTest
    @CsvSource({"com.acme.*, com.acme.Payments, true", "com.acme.*, com.acme., true", "com.acme.*, com.acmeX, false",
        "*Payments, com.acme.Payments, true", "*Payments, Payments.x, false", "com.*.Pay*, com.acme.Payments, true",
        "com.*.Pay*, com.Payments, false", "a*a, a, false", "a*a, aa, true", "*, '', true", "exact, exact, true",
        "exact, exactly, false", "**, x, true"})
    void tagPatterns(String pattern, String tag, boolean matches) {
        assertEquals(matches, TagPattern.of(pattern).matches(tag));
    }
}
