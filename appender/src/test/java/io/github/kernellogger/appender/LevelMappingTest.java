package io.github.kernellogger.appender;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.kernellogger.device.SyslogLevel;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.Test;

/** Levels become syslog levels as Log4j's own Severity maps them (its Syslog appender, Rfc5424Layout). */
class LevelMappingTest {

    @Test
    void standardLevels() {
        assertEquals(SyslogLevel.ALERT, EventEncoder.syslogLevel(Level.FATAL));
        assertEquals(SyslogLevel.ERR, EventEncoder.syslogLevel(Level.ERROR));
        assertEquals(SyslogLevel.WARNING, EventEncoder.syslogLevel(Level.WARN));
        assertEquals(SyslogLevel.INFO, EventEncoder.syslogLevel(Level.INFO));
        assertEquals(SyslogLevel.DEBUG, EventEncoder.syslogLevel(Level.DEBUG));
        assertEquals(SyslogLevel.DEBUG, EventEncoder.syslogLevel(Level.TRACE));
    }

    /**
     * A custom level takes the syslog level of the standard level Log4j says it is
     * ({@code Level.getStandardLevel()}: the least severe one at least as severe as it), not of
     * the nearest: 480, nearer DEBUG (500), is INFO, as Log4j's Syslog appender writes it.
     */
    @Test
    void customLevelsTakeTheirStandardLevelsSeverity() {
        assertEquals(SyslogLevel.WARNING, EventEncoder.syslogLevel(Level.forName("NOTICE_TEST", 350)));
        assertEquals(SyslogLevel.INFO, EventEncoder.syslogLevel(Level.forName("DETAIL_TEST", 420)));
        assertEquals(SyslogLevel.INFO, EventEncoder.syslogLevel(Level.forName("CHATTY_TEST", 480)));
        assertEquals(SyslogLevel.ERR, EventEncoder.syslogLevel(Level.forName("SEVERE_TEST", 230)));
        assertEquals(SyslogLevel.ERR, EventEncoder.syslogLevel(Level.forName("GRAVE_TEST", 290)));
        assertEquals(SyslogLevel.DEBUG, EventEncoder.syslogLevel(Level.forName("VERBOSE_TEST", 550)));
        assertEquals(SyslogLevel.EMERG, EventEncoder.syslogLevel(Level.OFF));
        assertEquals(SyslogLevel.DEBUG, EventEncoder.syslogLevel(Level.ALL));
    }
}
