package io.github.kernellogger.reader.read;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kernellogger.device.LogRecord;
import io.github.kernellogger.device.SyslogLevel;
import io.github.kernellogger.reader.Records;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class RecordFilterTest {
    private final LogRecord warning = Records.of(3, SyslogLevel.WARNING, "disk 91% full");

    private boolean passes(Predicate<LogRecord> test) {
        return RecordFilter.builder().add("-x", test).build().test(warning);
    }

    @Test
    void eachTest() {
        assertTrue(RecordFilter.none().test(warning));
        assertTrue(passes(RecordFilter.atLeast(SyslogLevel.WARNING)));
        assertFalse(passes(RecordFilter.atLeast(SyslogLevel.ERR)));
        assertTrue(passes(RecordFilter.pid(4242)));
        assertFalse(passes(RecordFilter.pid(1)));
        assertTrue(passes(RecordFilter.uid(1000)));
        assertFalse(passes(RecordFilter.uid(0)));
        assertTrue(passes(RecordFilter.comm("KernelDevice")));
        assertFalse(passes(RecordFilter.comm("java")));
        assertTrue(passes(RecordFilter.grep(Pattern.compile("\\d+% full"))));
        assertFalse(passes(RecordFilter.grep(Pattern.compile("^full"))));
        assertTrue(passes(RecordFilter.since(warning.timestamp())));
        assertFalse(passes(RecordFilter.since(warning.timestamp().plusNanos(1))));
        assertTrue(passes(RecordFilter.until(warning.timestamp())));
        assertFalse(passes(RecordFilter.until(warning.timestamp().minusNanos(1))));
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
