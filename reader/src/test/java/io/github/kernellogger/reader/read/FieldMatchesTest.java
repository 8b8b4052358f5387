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

    /** Cgroup 5213, as a saved log names it. */
    private static RecordFields fields() {
        SavedCgroups names = new SavedCgroups();
        names.learn(5213, "/system.slice/payments.service");
        return new RecordFields(names);
    }

    private static FieldMatches parse(String... matches) {
        return FieldMatches.parse(List.of(matches), fields());
    }

    private boolean passes(String... matches) {
        return parse(matches).test(payments);
    }

    @ParameterizedTest
    @ValueSource(strings = {"TAG=com.acme.Payments", "THREAD=main", "order=4711", "_PID=4242", "_TID=4251",
        "_UID=1000", "_GID=1000", "_COMM=KernelDevice", "_CGROUP_ID=5213", "PRIORITY=3",
        "MESSAGE=payment failed", "MESSAGE=payment failed\n", "_SOURCE_REALTIME_TIMESTAMP=1795622662128401",
        "_SYSTEMD_CGROUP=/system.slice/payments.service", "_SYSTEMD_UNIT=payments.service",
        "_SYSTEMD_SLICE=system.slice"})
    void everyFieldVerboseShowsCanBeMatched(String match) {
        assertTrue(passes(match));
    }

    @ParameterizedTest
    @ValueSource(strings = {"TAG=com.acme", "TAG=com.acme.Payments2", "THREAD=Main", "order=", "_PID=1",
        "PRIORITY=err", "MESSAGE=payment", "missing=x", "_CGROUP_ID=0", "_SYSTEMD_UNIT=payments",
        "_CONTAINER_ID=x", "_SYSTEMD_USER_UNIT=payments.service"})
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
        assertFalse(parse("_CGROUP_ID=0").test(plain), "no cgroup: no _CGROUP_ID");
        assertFalse(parse("TAG=plain").test(plain));
        assertTrue(parse("MESSAGE=plain").test(plain));
        LogRecord unnamed = Records.framed(Records.of(2, SyslogLevel.INFO, "x"), List.of());
        assertFalse(FieldMatches.parse(List.of("_SYSTEMD_CGROUP=/"), new RecordFields(new SavedCgroups())).test(unnamed),
                "a cgroup that cannot be named has no _SYSTEMD_ fields");
    }

    /** journalctl's OR: a record passes if it passes either group. */
    @Test
    void aPlusBetweenGroupsIsAnOr() {
        LogRecord other = Records.framed(6, SyslogLevel.INFO, "other", "TAG", "audit");
        assertTrue(parse("_PID=122", "+", "TAG=com.acme.Payments").test(payments));
        assertTrue(parse("_PID=122", "+", "TAG=audit").test(other));
        assertFalse(parse("_PID=122", "+", "TAG=audit").test(payments));
        assertTrue(parse("TAG=audit", "+", "THREAD=main", "order=4711").test(payments));
        assertFalse(parse("TAG=audit", "+", "THREAD=main", "order=1").test(payments), "AND within a group");
        assertFalse(parse("_PID=4242", "TAG=audit").test(payments), "without +, keys are ANDed");
    }

    @ParameterizedTest
    @CsvSource(quoteCharacter = '"', delimiterString = " => ", value = {
        "_FOO=1 => '_FOO=1' is not a match KEY=VALUE: the fields of the device's stamps are _PID, _TID, _UID, _GID, "
            + "_COMM, _CGROUP_ID, _SYSTEMD_CGROUP, _SYSTEMD_UNIT, _SYSTEMD_USER_UNIT, _SYSTEMD_SLICE, _CONTAINER_ID, "
            + "_SOURCE_REALTIME_TIMESTAMP",
        "+ => '+' goes between two groups of matches, as journalctl's OR (_PID=122 + TAG=x): it has no match before it",
        "=x => '=x' is not a match KEY=VALUE: a key is 1 to 64 of A-Z a-z 0-9 _ . -",
        "a b=x => 'a b=x' is not a match KEY=VALUE: a key is 1 to 64 of A-Z a-z 0-9 _ . -"})
    void aMatchThatIsNoneIsNamedWithWhy(String match, String message) {
        assertEquals(message, assertThrows(IllegalArgumentException.class,
                () -> parse(match)).getMessage());
    }

    @Test
    void aPlusWithoutAMatchOnEachSideIsNamed() {
        assertEquals("'+' goes between two groups of matches, as journalctl's OR (_PID=122 + TAG=x): it has no match "
                + "after it", assertThrows(IllegalArgumentException.class, () -> parse("TAG=x", "+")).getMessage());
        assertEquals("'+' goes between two groups of matches, as journalctl's OR (_PID=122 + TAG=x): it has no match "
                + "before it", assertThrows(IllegalArgumentException.class, () -> parse("TAG=x", "+", "+", "TAG=y"))
                .getMessage());
    }
}
