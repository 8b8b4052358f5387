package io.github.kernellogger.reader.read;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.kernellogger.device.LogRecord;
import io.github.kernellogger.device.SyslogLevel;
import io.github.kernellogger.reader.Records;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class RecordFilterTest {
    private final LogRecord warning = Records.of(3, SyslogLevel.WARNING, "disk 91% full");

    @Test
    void everyGivenFilterMustPass() {
        assertTrue(RecordFilter.none().test(warning));
        assertTrue(new RecordFilter(SyslogLevel.WARNING, null, null, null, null, null, null).test(warning));
        assertFalse(new RecordFilter(SyslogLevel.ERR, null, null, null, null, null, null).test(warning));
        assertTrue(new RecordFilter(null, 4242, 1000L, "KernelDevice", Pattern.compile("\\d+% full"),
                warning.timestamp(), warning.timestamp()).test(warning));
        assertFalse(new RecordFilter(null, 1, null, null, null, null, null).test(warning));
        assertFalse(new RecordFilter(null, null, 0L, null, null, null, null).test(warning));
        assertFalse(new RecordFilter(null, null, null, "java", null, null, null).test(warning));
        assertFalse(new RecordFilter(null, null, null, null, Pattern.compile("^full"), null, null).test(warning));
        assertFalse(new RecordFilter(null, null, null, null, null, warning.timestamp().plusNanos(1), null).test(warning));
        assertFalse(new RecordFilter(null, null, null, null, null, null, warning.timestamp().minusNanos(1)).test(warning));
    }
}
