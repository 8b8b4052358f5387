package io.github.kernellogger.reader.read;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kernellogger.device.LogRecord;
import io.github.kernellogger.device.SyslogLevel;
import io.github.kernellogger.reader.Records;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

class RecordFilterTest {
    private final LogRecord warning = Records.of(3, SyslogLevel.WARNING, "disk 91% full");

    private boolean passes(Predicate<LogRecord> test) {
        return RecordFilter.builder().add("-x", test).build().test(warning);
    }

    @Test
    void eachTest() {
        assertTrue(RecordFilter.none().test(warning));
        assertTrue(passes(RecordFilter.pid(4242)));
        assertFalse(passes(RecordFilter.pid(1)));
        assertTrue(passes(RecordFilter.uid(1000)));
        assertFalse(passes(RecordFilter.uid(0)));
        assertTrue(passes(RecordFilter.comm("KernelDevice")));
        assertFalse(passes(RecordFilter.comm("java")));
        assertTrue(passes(RecordFilter.grep("\\d+% full", null)));
        assertFalse(passes(RecordFilter.grep("^full", null)));
        assertTrue(passes(RecordFilter.priorities(PriorityRange.parse("err..warning"))));
        assertFalse(passes(RecordFilter.priorities(PriorityRange.parse("err"))));
        assertTrue(passes(RecordFilter.since(warning.timestamp())));
        assertFalse(passes(RecordFilter.since(warning.timestamp().plusNanos(1))));
        assertTrue(passes(RecordFilter.until(warning.timestamp())));
        assertFalse(passes(RecordFilter.until(warning.timestamp().minusNanos(1))));
    }

    @Test
    void grepIgnoresCaseWhenThePatternHasNoUpperCaseLetterAsJournalctlDoes() {
        LogRecord upper = Records.of(1, SyslogLevel.ERR, "Disk full on /var");
        assertTrue(RecordFilter.grep("disk", null).test(upper));
        assertTrue(RecordFilter.grep("über", null).test(Records.of(1, SyslogLevel.ERR, "ÜBER")), "in Unicode");
        assertFalse(RecordFilter.grep("DISK", null).test(upper), "an upper-case letter makes it exact");
        assertFalse(RecordFilter.grep("disk", true).test(upper), "--case-sensitive");
        assertTrue(RecordFilter.grep("DISK", false).test(upper), "--case-sensitive=false");
        assertTrue(RecordFilter.grep("\\d+% full", null).test(warning));
    }

    @Test
    void everyTestGivenMustPassAndTheFilterNamesItsOptions() {
        RecordFilter f = RecordFilter.builder().add("--pid", RecordFilter.pid(4242))
                .add("--comm", RecordFilter.comm("java")).build();
        assertFalse(f.test(warning));
        assertEquals(List.of("--pid", "--comm"), f.options());
        assertEquals(List.of(), RecordFilter.none().options());
    }
}
