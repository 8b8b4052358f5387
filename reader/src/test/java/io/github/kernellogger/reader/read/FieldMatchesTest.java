package io.github.kernellogger.reader.read;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kernellogger.device.LogRecord;
import io.github.kernellogger.device.SyslogLevel;
import io.github.kernellogger.reader.Records;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** journalctl's KEY=VALUE matches, on the fields -o verbose shows. */
class FieldMatchesTest {
    private final LogRecord payments = Records.framed(5, SyslogLevel.ERR, "payment failed\n",
            "TAG", "com.acme.Payments", "THREAD", "main", "order", "4711");

    private boolean passes(String... matches) {
        return FieldMatches.parse(List.of(matches)).test(payments);
    }

    @ParameterizedTest
    @ValueSource(strings = {"TAG=com.acme.Payments", "THREAD=main", "order=4711", "_PID=4242", "_TID=4251",
        "_UID=1000", "_GID=1000", "_COMM=KernelDevice", "_CGROUP_ID=5213", "PRIORITY=3",
        "MESSAGE=payment failed", "MESSAGE=payment failed\n", "_SOURCE_REALTIME_TIMESTAMP=1795622662128401"})
    void everyFieldVerboseShowsCanBeMatched(String match) {
        assertTrue(passes(match));
    }

    @ParameterizedTest
    @ValueSource(strings = {"TAG=com.acme", "TAG=com.acme.Payments2", "THREAD=Main", "order=", "_PID=1",
        "PRIORITY=err", "MESSAGE=payment", "missing=x", "_CGROUP_ID=0"})
    void valuesAreComparedExactly(String match) {
        assertFalse(passes(match));
    }

    @Test
    void severalOfOneKeyAreAnyOfThemAndDifferentKeysAllOfThem() {
        assertTrue(passes("TAG=com.acme.Other", "TAG=com.acme.Payments"));
        assertTrue(passes("TAG=com.acme.Other", "TAG=com.acme.Payments", "THREAD=main"));
        assertFalse(passes("TAG=com.acme.Other", "TAG=com.acme.Payments", "THREAD=worker"));
        assertFalse(passes("TAG=com.acme.Payments", "PRIORITY=6"));
    }

    @Test
    void aStampedFieldARecordDoesNotHaveMatchesNothing() {
        LogRecord plain = Records.of(1, SyslogLevel.INFO, "plain");
        assertFalse(FieldMatches.parse(List.of("_CGROUP_ID=0")).test(plain), "no cgroup: no _CGROUP_ID");
        assertFalse(FieldMatches.parse(List.of("TAG=plain")).test(plain));
        assertTrue(FieldMatches.parse(List.of("MESSAGE=plain")).test(plain));
    }

    @ParameterizedTest
    @CsvSource(quoteCharacter = '"', delimiterString = " => ", value = {
        "_FOO=1 => '_FOO=1' is not a match KEY=VALUE: the fields the device stamps are _PID, _TID, _UID, _GID, "
            + "_COMM, _CGROUP_ID, _SOURCE_REALTIME_TIMESTAMP",
        "=x => '=x' is not a match KEY=VALUE: a key is 1 to 64 of A-Z a-z 0-9 _ . -",
        "a b=x => 'a b=x' is not a match KEY=VALUE: a key is 1 to 64 of A-Z a-z 0-9 _ . -"})
    void aMatchThatIsNoneIsNamedWithWhy(String match, String message) {
        assertEquals(message, assertThrows(IllegalArgumentException.class,
                () -> FieldMatches.parse(List.of(match))).getMessage());
    }
}
