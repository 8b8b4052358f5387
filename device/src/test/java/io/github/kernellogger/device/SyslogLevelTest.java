package io.github.kernellogger.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class SyslogLevelTest {

    @ParameterizedTest
    @CsvSource({"emerg,EMERG", "PANIC,EMERG", "alert,ALERT", "crit,CRIT", "fatal,ALERT",
        "err,ERR", "Error,ERR", "warning,WARNING", "warn,WARNING", "notice,NOTICE",
        "info,INFO", "debug,DEBUG", "trace,DEBUG", "3,ERR", " 7 ,DEBUG"})
    void parsesSyslogAndLog4jNames(String name, SyslogLevel level) {
        assertEquals(Optional.of(level), SyslogLevel.parse(name));
    }

    @Test
    void rejectsUnknownNames() {
        assertFalse(SyslogLevel.parse("loud").isPresent());
        assertFalse(SyslogLevel.parse("8").isPresent());
        assertThrows(IllegalArgumentException.class, () -> SyslogLevel.ofCode(8));
    }

    @Test
    void severityOrder() {
        assertTrue(SyslogLevel.ERR.isAtLeast(SyslogLevel.WARNING));
        assertTrue(SyslogLevel.WARNING.isAtLeast(SyslogLevel.WARNING));
        assertFalse(SyslogLevel.INFO.isAtLeast(SyslogLevel.WARNING));
        assertEquals("err", SyslogLevel.ERR.label());
    }
}
