package io.github.kernellogger.reader.read;

import static io.github.kernellogger.device.SyslogLevel.DEBUG;
import static io.github.kernellogger.device.SyslogLevel.EMERG;
import static io.github.kernellogger.device.SyslogLevel.ERR;
import static io.github.kernellogger.device.SyslogLevel.INFO;
import static io.github.kernellogger.device.SyslogLevel.NOTICE;
import static io.github.kernellogger.device.SyslogLevel.WARNING;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** journalctl's -p: one level is that level or more severe; FROM..TO is the range, both ends in. */
class PriorityRangeTest {

    @Test
    void oneLevelIsThatLevelOrMoreSevere() {
        assertEquals(new PriorityRange(EMERG, ERR), PriorityRange.parse("err"));
        assertEquals(new PriorityRange(EMERG, ERR), PriorityRange.parse("3"));
        assertEquals(new PriorityRange(EMERG, DEBUG), PriorityRange.parse("debug"));
        assertEquals(new PriorityRange(EMERG, EMERG), PriorityRange.parse("emerg"));
        assertEquals(new PriorityRange(EMERG, WARNING), PriorityRange.parse("warn"), "Log4j's names too");
    }

    @Test
    void aRangeHoldsBothEndsInEitherOrder() {
        PriorityRange r = PriorityRange.parse("err..warning");
        assertEquals(new PriorityRange(ERR, WARNING), r);
        assertEquals(r, PriorityRange.parse("warning..err"));
        assertEquals(new PriorityRange(ERR, NOTICE), PriorityRange.parse("3..5"));
        assertEquals(new PriorityRange(INFO, INFO), PriorityRange.parse("info..info"));
        assertTrue(r.test(ERR));
        assertTrue(r.test(WARNING));
        assertFalse(r.test(EMERG));
        assertFalse(r.test(NOTICE));
    }

    @ParameterizedTest
    @ValueSource(strings = {"loud", "err..", "..err", "err..loud", "8", "1..8", "err...warning", ""})
    void anythingElseIsRefused(String text) {
        assertThrows(IllegalArgumentException.class, () -> PriorityRange.parse(text));
    }
}
